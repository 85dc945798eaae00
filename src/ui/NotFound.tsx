import { Link } from "react-router-dom";
import { useHeadlineFocus } from "./useHeadlineFocus.ts";

export function NotFound() {
  const headingRef = useHeadlineFocus<HTMLHeadingElement>("Story not found");
  return (
    <section className="message-page" aria-labelledby="not-found-heading">
      <h1 id="not-found-heading" ref={headingRef} tabIndex={-1}>
        Story not found
      </h1>
      <p>We could not find that story. It may have moved, or the link may be mistyped.</p>
      <p>
        <Link to="/">Go to the front page</Link>
      </p>
    </section>
  );
}
