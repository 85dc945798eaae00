import { useQuery } from "@tanstack/react-query";
import { isValidSlug, NotFoundError, storyQuery } from "../api/index.ts";
import { ErrorBoundary } from "../ui/ErrorBoundary.tsx";
import { ErrorView } from "../ui/ErrorView.tsx";
import { NotFound } from "../ui/NotFound.tsx";
import { QueryErrorView } from "../ui/QueryErrorView.tsx";
import { StorySkeleton } from "../ui/StorySkeleton.tsx";
import { Story } from "./Story.tsx";

/** `/articles/:slug`: the story, or why it cannot be shown. */
export function StoryPage({ slug }: { slug: string }) {
  const query = useQuery(storyQuery(slug));

  if (!isValidSlug(slug) || query.error instanceof NotFoundError) return <NotFound />;
  // A story already on screen stays there if a background refetch fails.
  if (query.data) {
    return (
      <ErrorBoundary key={slug} fallback={(_, reset) => <ErrorView what="this story" onRetry={reset} />}>
        <Story story={query.data} />
      </ErrorBoundary>
    );
  }
  if (query.error) return <QueryErrorView what="this story" error={query.error} query={query} />;
  return <StorySkeleton />;
}
