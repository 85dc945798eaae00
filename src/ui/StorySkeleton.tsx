import { Skeleton } from "./Skeleton.tsx";

/** Holds the story layout's place while it loads, so nothing jumps when it arrives. */
export function StorySkeleton() {
  return (
    <Skeleton className="story" label="Loading story…">
      <div className="skeleton-line section-label" />
      <div className="skeleton-line skeleton-headline" />
      <div className="skeleton-line skeleton-headline short" />
      <div className="skeleton-block skeleton-figure" />
      <div className="skeleton-line" />
      <div className="skeleton-line" />
      <div className="skeleton-line short" />
    </Skeleton>
  );
}
