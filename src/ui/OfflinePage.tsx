import { Link } from "react-router-dom";
import { useHeadlineFocus } from "./useHeadlineFocus.ts";

/** What a reader sees, with no network, for a story that was never opened on this device. */
export function OfflinePage() {
  const headingRef = useHeadlineFocus<HTMLHeadingElement>("You're offline");
  return (
    <section className="message-page" aria-labelledby="offline-heading">
      <h1 id="offline-heading" ref={headingRef} tabIndex={-1}>
        You're offline
      </h1>
      <p>
        This page has not been saved on this device yet. Stories you have already opened can still be read; this one
        will load when you are back online.
      </p>
      <p>
        <Link to="/">Go to the front page</Link>
      </p>
    </section>
  );
}
