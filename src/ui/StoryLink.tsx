import { useQueryClient } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { Link, useLocation } from "react-router-dom";
import { storyQuery } from "../api/index.ts";
import { prepareStory } from "../story/prepareStory.ts";
import { useExpectPage } from "./upcomingPage.tsx";

/**
 * A link to a story that starts fetching it as soon as the reader shows intent, and at the
 * latest on the click itself, before the new page has rendered. Once a story fetched on
 * intent has arrived, it is made ready to show: its HTML sanitised and its page rendered out
 * of sight, so the click only has to reveal it.
 */
export function StoryLink({ slug, children, className }: { slug: string; children: ReactNode; className?: string }) {
  const queryClient = useQueryClient();
  const { key } = useLocation();
  const expectPage = useExpectPage();
  const fetchStory = () => queryClient.prefetchQuery(storyQuery(slug));
  const prepare = () => {
    void fetchStory().then(() => {
      const story = queryClient.getQueryData(storyQuery(slug).queryKey);
      if (!story) return;
      prepareStory(story);
      expectPage(key, `/articles/${slug}`);
    });
  };
  return (
    <Link
      to={`/articles/${slug}`}
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
