import { Link, useLocation } from "react-router-dom";
import { OfflinePage } from "./OfflinePage.tsx";
import { useOnline } from "./useOnline.ts";
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
  const { pathname } = useLocation();
  return (
    <section className="message-page" aria-labelledby="error-heading" role="alert">
      <h1 id="error-heading" ref={headingRef} tabIndex={-1}>
        Something went wrong
      </h1>
      <p>
        We could not load {what}. Check your connection and try again.
        {detail && <span className="error-detail"> ({detail})</span>}
      </p>
      {/* A form, so that without the app Retry asks the server for this page again. */}
      <form
        className="actions"
        method="get"
        action={pathname}
        onSubmit={(event) => {
          event.preventDefault();
          onRetry();
        }}
      >
        <button type="submit" className="button" disabled={retrying}>
          {retrying ? "Retrying…" : "Retry"}
        </button>
        <Link to="/">Go to the front page</Link>
      </form>
    </section>
  );
}
