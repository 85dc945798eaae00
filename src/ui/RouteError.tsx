import { ErrorView } from "./ErrorView.tsx";

/** The last line of defence: a page that failed to render still leaves the site usable. */
export function RouteError() {
  return <ErrorView what="this page" onRetry={() => window.location.reload()} />;
}
