import { useQueryClient } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { Link } from "react-router-dom";
import { storyQuery } from "../api/index.ts";

/** A link to a story that starts fetching it as soon as the reader shows intent. */
export function StoryLink({ slug, children, className }: { slug: string; children: ReactNode; className?: string }) {
  const queryClient = useQueryClient();
  const prefetch = () => {
    void queryClient.prefetchQuery(storyQuery(slug));
  };
  return (
    <Link
      to={`/articles/${slug}`}
      className={className}
      onMouseEnter={prefetch}
      onFocus={prefetch}
      onTouchStart={prefetch}
      onPointerDown={prefetch}
    >
      {children}
    </Link>
  );
}
