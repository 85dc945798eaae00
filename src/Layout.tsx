import { Outlet, ScrollRestoration } from "react-router-dom";
import { DisplaySettings } from "./display/DisplaySettings.tsx";
import { SignupProvider, SubscribeButton, SubscribeLink } from "./signup/index.ts";
import { SiteHeader } from "./ui/SiteHeader.tsx";

/** The frame around every page. */
export function Layout() {
  return (
    <SignupProvider>
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
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
      <footer className="site-footer">
        <p>Dispatch — the news, plainly.</p>
      </footer>
      <SubscribeLink />
      <ScrollRestoration />
    </SignupProvider>
  );
}
