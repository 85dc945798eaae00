import { markNewBuildActive } from "./updates.ts";

/** Installs the service worker; loaded after the page, off the critical path. */
export async function registerServiceWorker() {
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
