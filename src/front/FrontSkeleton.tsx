import { Skeleton } from "../ui/Skeleton.tsx";

/** Holds the front page's place while the headlines load. */
export function FrontSkeleton() {
  return (
    <Skeleton className="front" label="Loading headlines…">
      <div className="skeleton-block skeleton-figure" />
      <div className="skeleton-line skeleton-headline" />
      <div className="skeleton-line" />
      {[1, 2, 3, 4].map((row) => (
        <div key={row} className="skeleton-row">
          <div className="skeleton-block skeleton-thumbnail" />
          <div className="skeleton-lines">
            <div className="skeleton-line" />
            <div className="skeleton-line short" />
          </div>
        </div>
      ))}
    </Skeleton>
  );
}
