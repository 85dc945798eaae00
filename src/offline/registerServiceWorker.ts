import { markNewBuildActive } from "./updates.ts";

/**
 * Installs the service worker and offers the app for installing; loaded after the page, off
 * the critical path.
 */
export async function registerServiceWorker() {
  linkManifest();
  const hadController = Boolean(navigator.serviceWorker.controller);
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    // The first install also changes controller; only a replacement is a new build.
    if (hadController) markNewBuildActive();
  });
  try {
    await navigator.serviceWorker.register("/sw.js", { scope: "/", type: "module" });
  } catch (error) {
    console.warn("Offline reading is unavailable: the service worker did not install.", error);
  }
}

/**
 * The web app manifest is linked here, not in the page: a browser fetches it, and the icon it
 * names, as soon as it sees the link, and from the page those two requests competed with the
 * hero (docs/performance.md). Installing the app is the app's business, as offline reading is.
 */
function linkManifest() {
  if (document.querySelector('link[rel="manifest"]')) return;
  const link = document.createElement("link");
  link.rel = "manifest";
  link.href = "/manifest.webmanifest";
  document.head.append(link);
}
