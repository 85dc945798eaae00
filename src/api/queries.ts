import { queryOptions } from "@tanstack/react-query";
import { fetchValidated, NotFoundError } from "./client.ts";
import { FrontPageSchema, isValidSlug, StorySchema } from "./schema.ts";

export const storyQuery = (slug: string) =>
  queryOptions({
    queryKey: ["story", slug],
    queryFn: ({ signal }) => {
      if (!isValidSlug(slug)) throw new NotFoundError(slug);
      return fetchValidated(`articles/${slug}.json`, StorySchema, signal);
    },
    enabled: isValidSlug(slug),
  });

export const frontPageQuery = () =>
  queryOptions({
    queryKey: ["front-page"],
    queryFn: ({ signal }) => fetchValidated("headlines.json", FrontPageSchema, signal),
  });
