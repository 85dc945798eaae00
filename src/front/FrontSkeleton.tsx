/** Holds the front page's place while the headlines load. */
export function FrontSkeleton() {
  return (
    <div className="front skeleton" aria-busy="true">
      <p className="visually-hidden" role="status">
        Loading headlines…
      </p>
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
    </div>
  );
}
