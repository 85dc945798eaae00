import { queryOptions } from "@tanstack/react-query";
import { NotFoundError } from "./errors.ts";
import { isValidSlug } from "./slug.ts";

export const loadFetchers = () => import("./fetchers.ts");

export const storyQuery = (slug: string) =>
  queryOptions({
    queryKey: ["story", slug],
    queryFn: async ({ signal }) => {
      if (!isValidSlug(slug)) throw new NotFoundError(slug);
      const { fetchStory } = await loadFetchers();
      return fetchStory(slug, signal);
    },
    enabled: isValidSlug(slug),
  });

export const frontPageQuery = () =>
  queryOptions({
    queryKey: ["front-page"],
    queryFn: async ({ signal }) => {
      const { fetchFrontPage } = await loadFetchers();
      return fetchFrontPage(signal);
    },
  });
