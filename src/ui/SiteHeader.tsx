import type { ReactNode } from "react";
import { Link } from "react-router-dom";

/** The masthead on every page; `actions` holds buttons such as Subscribe. */
export function SiteHeader({ actions }: { actions?: ReactNode }) {
  return (
    <header className="site-header">
      <div className="site-header-inner">
        <Link to="/" className="masthead" aria-label="Dispatch, front page">
          Dispatch
        </Link>
        <div className="header-actions" data-signup-place>
          {actions}
        </div>
      </div>
    </header>
  );
}
