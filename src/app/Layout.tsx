import { memo, Suspense, useEffect } from "react";
import { Link, useLocation } from "react-router-dom";
import { DisplaySettings } from "../display/DisplaySettings.tsx";
import { OfflineNotice } from "../offline/OfflineNotice.tsx";
import { useReloadOnNewBuild } from "../offline/updates.ts";
import { PageAt } from "./routes.tsx";
import { DailyHeadlinesLink, SignupProvider, SubscribeButton, SubscribeLink } from "../signup/index.ts";
import { ErrorBoundary } from "../ui/ErrorBoundary.tsx";
import { RouteError } from "../ui/RouteError.tsx";
import { SiteHeader } from "../ui/SiteHeader.tsx";
import { useScrollRestoration } from "../ui/useScrollRestoration.ts";

/**
 * What follows the reader from page to page: scroll positions and a new build. Kept apart
 * from the frame, so a navigation re-renders the page, not the header and footer too.
 */
function Navigation() {
  useScrollRestoration();
  useReloadOnNewBuild();
  // A public sign that the app has taken over the page, for tests and tools to wait on.
  useEffect(() => {
    document.documentElement.dataset.app = "ready";
  }, []);
  return null;
}

const Page = memo(PageAt);

/** The page for the current address; an error in one page does not outlive it. */
function CurrentPage() {
  const { pathname } = useLocation();
  return (
    <ErrorBoundary key={pathname} fallback={<RouteError />}>
      <Page pathname={pathname} />
    </ErrorBoundary>
  );
}

/** The frame around every page. */
export function Layout() {
  return (
    <SignupProvider>
      <ErrorBoundary fallback={null}>
        <Navigation />
      </ErrorBoundary>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <SiteHeader
        actions={
          <>
            <DisplaySettings />
            <SubscribeButton />
          </>
        }
      />
      <OfflineNotice />
      <main id="main" tabIndex={-1}>
        <CurrentPage />
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
      <SubscribeLink />
    </SignupProvider>
  );
}
