import { useNavigate } from "react-router-dom";
import { ErrorView } from "./ErrorView.tsx";

/** The last line of defence: a page that failed to render still leaves the site usable. */
export function RouteError() {
  const navigate = useNavigate();
  return <ErrorView what="this page" onRetry={() => navigate(0)} />;
}
