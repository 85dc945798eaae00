import { type ReactNode, Suspense } from "react";
import { Link } from "react-router-dom";
import { DailyHeadlinesLink } from "../signup/index.ts";
import { SiteHeader } from "../ui/SiteHeader.tsx";

/**
 * The site's frame: the skip link, the masthead with its `actions`, the page in the main region
 * and the footer. The app draws it around every page (Layout.tsx); the server's own pages (the
 * daily email's signup and links) are put in it by the app's server bundle (render.tsx).
 */
export function Frame({ actions, notice, children }: { actions?: ReactNode; notice?: ReactNode; children: ReactNode }) {
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <SiteHeader actions={actions} />
      {notice}
      <main id="main" tabIndex={-1}>
        {children}
      </main>
      <Suspense>
        <footer className="site-footer">
          <nav aria-label="Site">
            <ul>
              <li>
                <Link to="/">Front page</Link>
              </li>
              <li>
                <DailyHeadlinesLink />
              </li>
            </ul>
          </nav>
          <p>Dispatch — the news, plainly.</p>
        </footer>
      </Suspense>
    </>
  );
}
