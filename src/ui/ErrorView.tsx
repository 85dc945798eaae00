import { Link } from "react-router-dom";
import { OfflinePage } from "../offline/OfflinePage.tsx";
import { useOnline } from "../offline/useOnline.ts";
import { useHeadlineFocus } from "./useHeadlineFocus.ts";

type Props = {
  /** What the reader was trying to see, e.g. "this story". */
  what: string;
  detail?: string;
  onRetry: () => void;
  retrying?: boolean;
};

/** Something went wrong fetching or showing a page; the reader can try again. */
export function ErrorView(props: Props) {
  return useOnline() ? <ErrorMessage {...props} /> : <OfflinePage />;
}

function ErrorMessage({ what, detail, onRetry, retrying = false }: Props) {
  const headingRef = useHeadlineFocus<HTMLHeadingElement>("Something went wrong");
  return (
    <section className="message-page" aria-labelledby="error-heading" role="alert">
      <h1 id="error-heading" ref={headingRef} tabIndex={-1}>
        Something went wrong
      </h1>
      <p>
        We could not load {what}. Check your connection and try again.
        {detail && <span className="error-detail"> ({detail})</span>}
      </p>
      <p className="actions">
        <button type="button" className="button" onClick={onRetry} disabled={retrying}>
          {retrying ? "Retrying…" : "Retry"}
        </button>
        <Link to="/">Go to the front page</Link>
      </p>
    </section>
  );
}
