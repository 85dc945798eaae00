import { startEarlyStory } from "./shared/earlyStory.ts";
import { pictureSources, STORY_FIGURE_SIZES } from "./shared/pictureSources.ts";
import type { Offered, Variant } from "./shared/pictureSources.ts";
import { isValidSlug } from "./shared/slug.ts";

/**
 * The page's first script, inlined into the HTML by the build (see `inlineBoot` in
 * vite.config.ts; the server allows it by its hash), so starting the app costs no request of
 * its own. It imports the app at once. A prerendered page does not wait for it: every control
 * on it is plain HTML that works before the app runs (links, and forms the server answers),
 * so a press is never held back to be replayed later.
 *
 * A story page with nothing prerendered (the shell, as a plain static host serves it for any
 * path) needs the story's JSON before it can show anything. The boot script connects to the
 * API and requests it now, while the app's code is still on its way, and hands the response
 * to the app (src/shared/earlyStory.ts); as soon as it arrives it preloads the hero image,
 * so the picture is not discovered only once the app has rendered the story.
 */
export function startApp(appUrl: string, apiBase: string): Promise<unknown> {
  if (document.getElementById("dispatch-data")) return pageShown().then(() => import(/* @vite-ignore */ appUrl));
  requestStory(apiBase);
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
export function requestStory(apiBase: string): void {
  const slug = /^\/articles\/([^/]+)$/.exec(location.pathname)?.[1];
  if (!slug || !isValidSlug(slug)) return;
  const base = new URL(apiBase.replace(/\/?$/, "/"), location.origin);
  if (base.origin !== location.origin) {
    // Two connections: the JSON is fetched without credentials, images are requested with them.
    addHint({ rel: "preconnect", href: base.origin, crossorigin: "anonymous" });
    addHint({ rel: "preconnect", href: base.origin });
  }
  startEarlyStory(new URL(`articles/${slug}.json`, base).href)
    .then((response) => (response.ok ? response.json() : undefined))
    .then(
      (story: unknown) => preloadHero(story, base.origin),
      // The app makes its own sense of a failed request.
      () => undefined,
    );
}

/** The hero as the app will draw it: the first type its picture offers, or its plain image. */
function preloadHero(story: unknown, apiOrigin: string): void {
  const image = (story as { image?: unknown } | undefined)?.image;
  if (!isImage(image)) return;
  const resolve = (src: string) => new URL(src, apiOrigin).href;
  const { typed, img } = pictureSources(image, resolve);
  const first = typed[0];
  const srcset = first ? first.srcset : img.srcset;
  // Every attribute before the link is in the page: once it is, the browser fetches what it names.
  addHint({
    rel: "preload",
    href: img.src,
    as: "image",
    fetchpriority: "high",
    ...(first ? { type: first.type } : {}),
    ...(srcset ? { imagesrcset: srcset, imagesizes: STORY_FIGURE_SIZES } : {}),
  });
}

/** Enough of a contract Image to name its files; the app checks the whole story. */
function isImage(value: unknown): value is Offered {
  const image = value as { src?: unknown; sources?: unknown } | undefined;
  if (typeof image?.src !== "string" || !isWebAddress(image.src)) return false;
  if (image.sources === undefined) return true;
  return (
    Array.isArray(image.sources) &&
    image.sources.every(
      (variant: Partial<Variant> | undefined) =>
        typeof variant?.src === "string" &&
        isWebAddress(variant.src) &&
        typeof variant.width === "number" &&
        (variant.type === undefined || typeof variant.type === "string"),
    )
  );
}

/** A path, or an http(s) address: nothing the browser would treat otherwise. */
function isWebAddress(src: string): boolean {
  let url: URL;
  try {
    url = new URL(src, "http://relative.invalid");
  } catch {
    return false;
  }
  return (url.protocol === "http:" || url.protocol === "https:") && !/[\s,]/.test(src);
}

/** A `<link>` with these attributes, added to the head once all are set. */
function addHint(attributes: Record<string, string>): void {
  const link = document.createElement("link");
  for (const [name, value] of Object.entries(attributes)) link.setAttribute(name, value);
  document.head.append(link);
}
