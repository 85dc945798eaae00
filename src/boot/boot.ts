import { startEarlyStory } from "./earlyStory.ts";
import { pictureSources, STORY_FIGURE_SIZES } from "../../contract/pictureSources.ts";
import { apiDirectory, storyDocument, storySlugAt } from "../../contract/paths.ts";
import { drawStoryStart, isImage } from "./storyStart.ts";

/**
 * The page's first script, inlined into the HTML by the build (see `inlineBoot` in
 * vite.config.ts; the server allows it by its hash), so starting the app costs no request of
 * its own, and it imports the app. A prerendered page does not wait for it: every control
 * on it is plain HTML that works before the app runs (links, and forms the server answers),
 * so a press is never held back to be replayed later.
 *
 * A story page with nothing prerendered (the shell, as a plain static host serves it for any
 * path) needs the story's JSON before it can show anything. The boot script connects to the
 * API and requests it now, while the app's code is still on its way, and hands the response
 * to the app (src/boot/earlyStory.ts). As soon as it arrives it preloads the hero and draws
 * the story's top into the shell's skeleton (src/boot/storyStart.ts); the app's code is fetched once
 * that is shown, as on a prerendered page, so it neither delays the picture nor competes with
 * it. Measured on a static host, drawing the top before the app took the story's LCP from
 * 2.07 × to 1.15 × the script-free floor (docs/performance.md).
 */
export function startApp(appUrl: string, apiBase: string): Promise<unknown> {
  const start = () => import(/* @vite-ignore */ appUrl);
  if (document.getElementById("dispatch-data")) return pageShown(heroDecoded()).then(start);
  const drawn = requestStory(apiBase);
  return drawn ? pageShown(drawn).then(start) : start();
}

/** However long the page takes to load (an image that never arrives), the app starts by then. */
const MAX_WAIT_MS = 3000;

/**
 * A prerendered page is whole before the app runs, and its controls work without it. Its
 * code waits until the page has loaded (the hero image with it) and been painted, so the
 * app's 300 KB of script is neither parsed ahead of the first paint nor fetched alongside
 * the hero: measured, starting at once put the story's FCP at 1.33 × and its LCP at 1.11 ×
 * the script-free floor (docs/performance.md). It first waits for `drawn`: the hero decoded, and on
 * the shell the story's top drawn before that; the 3 s cap counts from the start either way.
 */
function pageShown(drawn: Promise<unknown> = Promise.resolve()): Promise<void> {
  return new Promise((resolve) => {
    const latest = setTimeout(resolve, MAX_WAIT_MS);
    const afterPaint = () =>
      void heroOnScreen().then(() => {
        clearTimeout(latest);
        resolve();
      });
    const afterLoad = () => {
      if (document.readyState === "complete") afterPaint();
      else addEventListener("load", afterPaint, { once: true });
    };
    void drawn.then(afterLoad);
  });
}

/**
 * Starts the story's request early on a page with no story in it yet (see above), and draws
 * the story's top into the skeleton when it arrives. Settles once that is drawn and its hero
 * decoded, or there is nothing to draw; undefined when the page is not a story's.
 */
export function requestStory(apiBase: string): Promise<void> | undefined {
  const slug = storySlugAt(location.pathname);
  if (!slug) return undefined;
  const base = new URL(apiDirectory(apiBase), location.origin);
  if (base.origin !== location.origin) {
    // Two connections: the JSON is fetched without credentials, images are requested with them.
    addHint({ rel: "preconnect", href: base.origin, crossorigin: "anonymous" });
    addHint({ rel: "preconnect", href: base.origin });
  }
  const resolve = (src: string) => new URL(src, base.origin).href;
  return startEarlyStory(new URL(storyDocument(slug), base).href)
    .then((response) => (response.ok ? response.json() : undefined))
    .then(
      (story: unknown) => {
        preloadHero(story, resolve);
        return drawStoryStart(story, resolve) ? heroDecoded() : undefined;
      },
      // The app makes its own sense of a failed request.
      () => undefined,
    );
}

/** The page's hero picture, as the app's markup and the boot script's both mark it. */
const HERO = 'main img[elementtiming="hero"]';

/**
 * Settles once the page's hero can be painted (or has failed); undefined without one. The
 * load event is not enough: a prerendered hero is loaded by then but often not yet decoded
 * and painted, and on the shell the hero usually goes in after that event. The app's script,
 * fetched in that gap, often arrived before the hero's paint (docs/performance.md).
 */
function heroDecoded(): Promise<void> | undefined {
  const hero = document.querySelector<HTMLImageElement>(HERO);
  if (typeof hero?.decode !== "function") return undefined;
  return hero.decode().catch(() => undefined);
}

/**
 * Settles once the hero is on the reader's screen, as the browser's element timing reports
 * it: a frame painted is not yet a frame shown, and the app's script requested after the
 * paint still arrived before the hero was shown in most Lighthouse runs (docs/performance.md).
 * Without element timing, or a hero in view that loaded, the next frame after this one.
 */
function heroOnScreen(): Promise<void> {
  const hero = document.querySelector<HTMLImageElement>(HERO);
  const inView = hero && hero.naturalWidth > 0 && hero.getBoundingClientRect().top < innerHeight;
  if (
    !inView ||
    typeof PerformanceObserver === "undefined" ||
    !PerformanceObserver.supportedEntryTypes?.includes("element")
  ) {
    return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
  }
  return new Promise((resolve) => {
    const shown = new PerformanceObserver((list) => {
      if (!list.getEntries().some((entry) => (entry as PerformanceEntry & { element?: Element }).element === hero)) {
        return;
      }
      shown.disconnect();
      resolve();
    });
    shown.observe({ type: "element", buffered: true });
  });
}

/** The hero as the app will draw it: the first type its picture offers, or its plain image. */
function preloadHero(story: unknown, resolve: (src: string) => string): void {
  const image = (story as { image?: unknown } | undefined)?.image;
  if (!isImage(image)) return;
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

/** A `<link>` with these attributes, added to the head once all are set. */
function addHint(attributes: Record<string, string>): void {
  const link = document.createElement("link");
  for (const [name, value] of Object.entries(attributes)) link.setAttribute(name, value);
  document.head.append(link);
}
