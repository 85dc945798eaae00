/** Holds the story layout's place while it loads, so nothing jumps when it arrives. */
export function StorySkeleton() {
  return (
    <div className="story skeleton" aria-busy="true">
      <p className="visually-hidden" role="status">
        Loading story…
      </p>
      <div className="skeleton-line section-label" />
      <div className="skeleton-line skeleton-headline" />
      <div className="skeleton-line skeleton-headline short" />
      <div className="skeleton-block skeleton-figure" />
      <div className="skeleton-line" />
      <div className="skeleton-line" />
      <div className="skeleton-line short" />
    </div>
  );
}
