import { isValidSlug } from "./shared/slug.ts";

/**
 * The page's first script, inlined into the HTML by the build (see `inlineBoot` in
 * vite.config.ts; the server allows it by its hash), so starting the app costs no request of
 * its own. It imports the app at once. A prerendered page does not wait for it: every control
 * on it is plain HTML that works before the app runs (links, and forms the server answers),
 * so a press is never held back to be replayed later.
 *
 * A story page with nothing prerendered (the shell, as a plain static host serves it for any
 * path) needs the story's JSON before it can show anything. Unless the server has already
 * said so, the boot script tells the browser to connect to the API and fetch it now, while
 * the app's code is still on its way; the app's own request then takes the same response.
 */
export function startApp(appUrl: string, apiBase: string): Promise<unknown> {
  if (document.getElementById("dispatch-data")) return pageShown().then(() => import(/* @vite-ignore */ appUrl));
  preloadStory(apiBase);
  return import(/* @vite-ignore */ appUrl);
}

/** However long the page takes to load (an image that never arrives), the app starts by then. */
const MAX_WAIT_MS = 3000;

/**
 * A prerendered page is whole before the app runs, and its controls work without it. Its
 * code waits until the page has loaded (the hero image with it) and been painted, so the
 * app's 300 KB of script is neither parsed ahead of the first paint nor fetched alongside
 * the hero: measured, starting at once put the story's FCP at 1.33 × and its LCP at 1.11 ×
 * the script-free floor (README, Speed).
 */
function pageShown(): Promise<void> {
  return new Promise((resolve) => {
    const latest = setTimeout(resolve, MAX_WAIT_MS);
    const afterPaint = () =>
      requestAnimationFrame(() =>
        setTimeout(() => {
          clearTimeout(latest);
          resolve();
        }),
      );
    if (document.readyState === "complete") afterPaint();
    else addEventListener("load", afterPaint, { once: true });
  });
}

/** Starts the story's request early on a page with no story in it yet (see above). */
export function preloadStory(apiBase: string): void {
  const slug = /^\/articles\/([^/]+)$/.exec(location.pathname)?.[1];
  if (!slug || !isValidSlug(slug)) return;
  const base = new URL(apiBase.replace(/\/?$/, "/"), location.origin);
  const story = new URL(`articles/${slug}.json`, base).href;
  const hinted = [...document.querySelectorAll<HTMLLinkElement>('link[rel="preload"]')].some(
    (link) => link.href === story,
  );
  if (hinted) return;
  if (base.origin !== location.origin) addHint({ rel: "preconnect", href: base.origin });
  addHint({ rel: "preload", href: story, as: "fetch" });
}

function addHint(attributes: { rel: string; href: string; as?: string }): void {
  const link = document.createElement("link");
  link.rel = attributes.rel;
  link.href = attributes.href;
  if (attributes.as) link.setAttribute("as", attributes.as);
  // The app's fetch is a CORS request without credentials: the preload must be the same.
  link.crossOrigin = "anonymous";
  document.head.append(link);
}
