import { memo, useEffect } from "react";
import { useLocation } from "react-router-dom";
import { DisplaySettings } from "../display/DisplaySettings.tsx";
import { OfflineNotice } from "../offline/OfflineNotice.tsx";
import { useReloadOnNewBuild } from "../offline/updates.ts";
import { Frame } from "./Frame.tsx";
import { PageAt } from "./routes.tsx";
import { SignupProvider, SubscribeButton, SubscribeLink } from "../signup/index.ts";
import { ErrorBoundary } from "../ui/ErrorBoundary.tsx";
import { RouteError } from "../ui/RouteError.tsx";
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

/** The app around every page: the signup dialog, what follows the reader, and the site's frame. */
export function Layout() {
  return (
    <SignupProvider>
      <ErrorBoundary fallback={null}>
        <Navigation />
      </ErrorBoundary>
      <Frame
        actions={
          <>
            <DisplaySettings />
            <SubscribeButton />
          </>
        }
        notice={<OfflineNotice />}
      >
        <CurrentPage />
      </Frame>
      <SubscribeLink />
    </SignupProvider>
  );
}
