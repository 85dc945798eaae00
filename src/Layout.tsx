import { Outlet, ScrollRestoration } from "react-router-dom";
import { SiteHeader } from "./ui/SiteHeader.tsx";

/** The frame around every page. */
export function Layout() {
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <SiteHeader />
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
      <footer className="site-footer">
        <p>Dispatch — the news, plainly.</p>
      </footer>
      <ScrollRestoration />
    </>
  );
}
