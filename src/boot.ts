/**
 * The page's first script, inlined into the HTML by the build (see `inlineBoot` in
 * vite.config.ts; the server allows it by its hash). A prerendered page is readable before
 * any script runs, so on a slow connection the app's code must not take bandwidth from the
 * hero image, nor its request wait for a script file: the app starts once the hero has been
 * painted. It starts at once on a page with nothing prerendered (the shell) or no hero, as
 * soon as the reader presses a key or a pointer, and after MAX_HERO_WAIT_MS whatever happens.
 */
const MAX_HERO_WAIT_MS = 3000;
/** Once the hero has loaded and the page has first painted, how long its LCP entry may take. */
const PAINT_ALLOWANCE_MS = 100;

function heroPainted(): Promise<void> {
  const hero = document.querySelector<HTMLImageElement>('#root img[fetchpriority="high"]');
  if (!hero || !document.getElementById("dispatch-data")) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const observers: PerformanceObserver[] = [];
    const start = () => {
      for (const observer of observers) observer.disconnect();
      resolve();
    };
    const watch = (type: string, onEntry: (entry: PerformanceEntry) => void) => {
      if (typeof PerformanceObserver === "undefined" || !PerformanceObserver.supportedEntryTypes?.includes(type)) {
        return false;
      }
      const observer = new PerformanceObserver((list) => list.getEntries().forEach(onEntry));
      observer.observe({ type, buffered: true });
      observers.push(observer);
      return true;
    };
    // The hero's largest-contentful-paint entry says it is on screen. It may never come (the
    // headline is larger, or the browser has no such entries), so a first paint after the
    // hero has loaded, plus an allowance, also counts.
    watch("largest-contentful-paint", (entry) => {
      if ((entry as LargestContentfulPaint).element === hero) start();
    });
    let loaded = false;
    let painted = false;
    const afterBoth = () => {
      if (loaded && painted) setTimeout(start, PAINT_ALLOWANCE_MS);
    };
    const paintTimed = watch("paint", (entry) => {
      if (entry.name !== "first-contentful-paint" || painted) return;
      painted = true;
      afterBoth();
    });
    if (!paintTimed) painted = true;
    const onLoad = () => {
      loaded = true;
      afterBoth();
    };
    if (hero.complete) onLoad();
    else {
      hero.addEventListener("load", onLoad, { once: true });
      hero.addEventListener("error", start, { once: true });
    }
    for (const type of ["pointerdown", "keydown"]) addEventListener(type, start, { once: true, passive: true });
    setTimeout(start, MAX_HERO_WAIT_MS);
  });
}

/**
 * Buttons do nothing until the app runs. A press on one before then (which also starts the
 * app) is kept and pressed again once the app has taken over the page.
 */
function keepEarlyPress(): () => void {
  let pressed: HTMLButtonElement | null = null;
  const remember = (event: Event) => {
    pressed = event.target instanceof Element ? event.target.closest("button") : null;
  };
  document.addEventListener("click", remember, true);
  return () => {
    document.removeEventListener("click", remember, true);
    pressed?.click();
  };
}

/** Starts the app (the module at `appUrl`) once the hero is on screen. */
export function startApp(appUrl: string): Promise<unknown> {
  const replay = keepEarlyPress();
  return heroPainted()
    .then(() => import(/* @vite-ignore */ appUrl))
    .then(replay);
}
