import { queryOptions } from "@tanstack/react-query";
import { NotFoundError } from "./errors.ts";
import { loadOnce } from "./loadOnce.ts";
import { isValidSlug } from "../../contract/slug.ts";

type Fetchers = typeof import("./fetchers.ts");

const fetchers = loadOnce(() => import("./fetchers.ts"));

/** The fetch code, loaded once. */
export function loadFetchers(): Promise<Fetchers> {
  return fetchers.load();
}

/**
 * Runs `use` with the fetch code: at once when it is loaded (the page loads it after its own
 * load), so a click's request leaves within the click itself, before the new page renders.
 */
function withFetchers<T>(use: (module: Fetchers) => Promise<T>): Promise<T> {
  const loaded = fetchers.loaded();
  return loaded ? use(loaded) : loadFetchers().then(use);
}

export const storyQuery = (slug: string) =>
  queryOptions({
    queryKey: ["story", slug],
    queryFn: ({ signal }) => {
      if (!isValidSlug(slug)) return Promise.reject(new NotFoundError(slug));
      return withFetchers((module) => module.fetchStory(slug, signal));
    },
    enabled: isValidSlug(slug),
  });

export const frontPageQuery = () =>
  queryOptions({
    queryKey: ["front-page"],
    queryFn: ({ signal }) => withFetchers((module) => module.fetchFrontPage(signal)),
  });
