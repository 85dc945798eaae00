import { matchPath } from "react-router-dom";
import { FrontPage } from "../front/FrontPage.tsx";
import { StoryPage } from "../story/StoryPage.tsx";
import { NotFound } from "../ui/NotFound.tsx";

/** The page at `pathname`: every page of the reader, in one place. */
export function PageAt({ pathname }: { pathname: string }) {
  if (matchPath("/", pathname)) return <FrontPage />;
  const story = matchPath("/articles/:slug", pathname);
  if (story) return <StoryPage slug={story.params.slug ?? ""} />;
  return <NotFound />;
}
