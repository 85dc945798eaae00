import { useQueryClient } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { Link } from "react-router-dom";
import { storyPath } from "../../contract/paths.ts";
import { storyQuery } from "../api/index.ts";
import { prepareStory } from "./prepareStory.ts";

/**
 * A link to a story that fetches the story's data as soon as the reader shows intent, and at
 * the latest on the click itself, before the new page renders. Intent costs the story's JSON
 * and the sanitising of its inline HTML, nothing more: no image is fetched and nothing is
 * rendered until the reader actually opens it.
 */
export function StoryLink({ slug, children, className }: { slug: string; children: ReactNode; className?: string }) {
  const queryClient = useQueryClient();
  const fetchStory = () => queryClient.prefetchQuery(storyQuery(slug));
  const prepare = () => {
    void fetchStory().then(() => {
      const story = queryClient.getQueryData(storyQuery(slug).queryKey);
      if (story) prepareStory(story);
    });
  };
  return (
    <Link
      to={storyPath(slug)}
      className={className}
      onMouseEnter={prepare}
      onFocus={prepare}
      onTouchStart={prepare}
      onPointerDown={prepare}
      onClick={() => void fetchStory()}
    >
      {children}
    </Link>
  );
}
