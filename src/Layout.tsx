import { Activity, memo } from "react";
import { Link, useLocation } from "react-router-dom";
import { DisplaySettings } from "./display/DisplaySettings.tsx";
import { OfflineNotice } from "./offline/OfflineNotice.tsx";
import { useReloadOnNewBuild } from "./offline/updates.ts";
import { PageAt } from "./routes.tsx";
import { DailyHeadlinesLink, SignupProvider, SubscribeButton, SubscribeLink } from "./signup/index.ts";
import { ErrorBoundary } from "./ui/ErrorBoundary.tsx";
import { RouteError } from "./ui/RouteError.tsx";
import { SiteHeader } from "./ui/SiteHeader.tsx";
import { OnScreen, UpcomingPageProvider, useUpcomingPage } from "./ui/upcomingPage.tsx";
import { useScrollRestoration } from "./ui/useScrollRestoration.ts";

/**
 * What follows the reader from page to page: scroll positions and a new build. Kept apart
 * from the frame, so a navigation re-renders the page, not the header and footer too.
 */
function Navigation() {
  useScrollRestoration();
  useReloadOnNewBuild();
  return null;
}

const Page = memo(PageAt);

/**
 * The page for the current address; an error in one page does not outlive it. A story the
 * reader is about to open is rendered beside it out of sight, so the click only reveals it.
 */
function CurrentPage() {
  const { pathname, key } = useLocation();
  const upcoming = useUpcomingPage(key);
  const paths = upcoming && upcoming !== pathname ? [pathname, upcoming] : [pathname];
  return paths.map((path) => (
    <Activity key={path} mode={path === pathname ? "visible" : "hidden"}>
      <OnScreen value={path === pathname}>
        <ErrorBoundary fallback={<RouteError />}>
          <Page pathname={path} />
        </ErrorBoundary>
      </OnScreen>
    </Activity>
  ));
}

/** The frame around every page. */
export function Layout() {
  return (
    <SignupProvider>
      <UpcomingPageProvider>
        <Navigation />
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
        <SubscribeLink />
      </UpcomingPageProvider>
    </SignupProvider>
  );
}
