import { useQueryClient } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { Link } from "react-router-dom";
import { storyQuery } from "../api/index.ts";
import { prepareStory } from "../story/prepareStory.ts";

/**
 * A link to a story that starts fetching it as soon as the reader shows intent, and at the
 * latest on the click itself, before the new page has rendered.
 */
export function StoryLink({ slug, children, className }: { slug: string; children: ReactNode; className?: string }) {
  const queryClient = useQueryClient();
  const prefetch = () => {
    const query = storyQuery(slug);
    void queryClient.prefetchQuery(query).then(() => {
      const story = queryClient.getQueryData(query.queryKey);
      if (story) prepareStory(story);
    });
  };
  return (
    <Link
      to={`/articles/${slug}`}
      className={className}
      onMouseEnter={prefetch}
      onFocus={prefetch}
      onTouchStart={prefetch}
      onPointerDown={prefetch}
      onClick={prefetch}
    >
      {children}
    </Link>
  );
}
