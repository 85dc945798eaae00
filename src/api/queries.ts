import { queryOptions } from "@tanstack/react-query";
import { NotFoundError } from "./errors.ts";
import { isValidSlug } from "./slug.ts";

let fetchers: Promise<typeof import("./fetchers.ts")> | undefined;

/**
 * The fetch code, loaded once. Later calls get the same settled promise, so a click's
 * request starts within the click's own task instead of after a module lookup, which
 * would let the new page's first render go ahead of it.
 */
export function loadFetchers() {
  fetchers ??= import("./fetchers.ts").catch((error: unknown) => {
    fetchers = undefined;
    throw error;
  });
  return fetchers;
}

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
