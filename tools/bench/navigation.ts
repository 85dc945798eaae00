import type { Browser, Page } from "@playwright/test";
import { DESKTOP_VIEWPORT, waitForHydration } from "../../e2e/browser.ts";
import { median } from "./stats.ts";

const RELATED_LINK = "a.related-link";
const HEADLINE = "#story-headline";
export const API_LATENCY_MS = 150;
const IDLE_TIMEOUT_MS = 2_000;
/**
 * From a link coming into view to the reader's pointer resting on it: seeing it, then moving
 * the pointer, which alone takes a few hundred ms.
 */
const POINTING_MS = 500;

export type NavigationMode = "prefetched" | "cold";

/** `links`: the related stories clicked, in turn, one per sample. */
export type NavigationSummary = { medianMs: number; samples: number[]; links: string[] };

export type NavigationOptions = {
  mode: NavigationMode;
  samples: number;
  /**
   * The build installs a service worker after load that takes control of the page. Each
   * sample waits for it, so the click meets the page as a reader who stayed a moment
   * would, not a worker still precaching the app shell.
   */
  serviceWorker: boolean;
  /**
   * Cold mode: the paths the API held back by API_LATENCY_MS, as the latency proxy in front
   * of the server records them (latencyProxy.ts). A sample whose story was not held back fails.
   */
  heldBack?: readonly string[];
};

/** Story JSON requests, which the latency proxy holds back in cold mode. */
export const STORY_API_PATH = /^\/api\/articles\//;

export async function measureNavigation(
  browser: Browser,
  storyUrl: string,
  { mode, samples, serviceWorker, heldBack = [] }: NavigationOptions,
): Promise<NavigationSummary> {
  const times: number[] = [];
  const clicked = new Set<string>();
  for (let i = 0; i < samples; i++) {
    const context = await browser.newContext({ viewport: DESKTOP_VIEWPORT });
    try {
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      await page.goto(storyUrl, { waitUntil: "load" });
      await waitForHydration(page);
      if (serviceWorker) await waitForServiceWorkerControl(page);
      const links = page.locator(RELATED_LINK);
      const index = i % (await links.count());
      const link = links.nth(index);
      const href = (await link.getAttribute("href")) ?? "";
      const storyJson = `/api/articles/${href.split("/").pop()}.json`;
      clicked.add(href);
      // The reader scrolls to the list, then points at a link. Playwright's hover alone would
      // jump there and hover in the same moment, and the click would land amid the drawing,
      // loading and decoding of the list that the jump set off: work the scroll causes, which
      // a reader's click never meets (docs/performance.md, "Following a related story").
      await link.scrollIntoViewIfNeeded();
      await page.waitForTimeout(POINTING_MS);
      if (mode === "prefetched") {
        const story = page.waitForResponse((response) => new URL(response.url()).pathname === storyJson);
        await link.hover();
        await (await story).finished();
        // A reader's pointer rests on a link a moment before the click: let the page finish
        // what it does with the story it fetched (parse, store, prepare its page) first.
        await untilIdle(page);
      }
      const heldBefore = heldBack.length;
      times.push(await clickToPaint(page, index));
      if (mode === "cold" && !heldBack.slice(heldBefore).includes(storyJson)) {
        throw new Error(`The +${API_LATENCY_MS} ms latency never applied to ${storyJson}: the measurement is void.`);
      }
    } finally {
      await context.close();
    }
  }
  return { medianMs: median(times), samples: times, links: [...clicked] };
}

async function waitForServiceWorkerControl(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 15_000 });
}

/** Until the page's main thread has nothing left to do (at most IDLE_TIMEOUT_MS). */
async function untilIdle(page: Page): Promise<void> {
  await page.evaluate(
    (timeout) => new Promise<void>((resolve) => requestIdleCallback(() => resolve(), { timeout })),
    IDLE_TIMEOUT_MS,
  );
}

/**
 * Clicks related link `index` from page JS and resolves with the ms from the click event
 * to the frame that shows a different headline: the MutationObserver sees the new text,
 * requestAnimationFrame runs just before that frame paints, and a user-blocking task posted
 * from it runs once the frame is done. A plain task (a message or a timeout) would also wait
 * for every task queued before it, such as the page's own work deferred until after the
 * paint, and so count time in which the headline was already on screen.
 */
async function clickToPaint(page: Page, index: number): Promise<number> {
  return page.evaluate(
    ({ selector, headlineSelector, linkIndex }) =>
      new Promise<number>((resolve, reject) => {
        const link = document.querySelectorAll<HTMLAnchorElement>(selector)[linkIndex];
        if (!link) throw new Error(`No related link number ${linkIndex}.`);
        const before = document.querySelector(headlineSelector)?.textContent ?? "";
        let clickedAt = Number.NaN;
        link.addEventListener(
          "click",
          () => {
            clickedAt = performance.now();
          },
          { capture: true, once: true },
        );
        const observer = new MutationObserver(() => {
          const headline = document.querySelector(headlineSelector)?.textContent;
          if (!headline || headline === before) return;
          observer.disconnect();
          clearTimeout(timer);
          requestAnimationFrame(() => {
            void scheduler.postTask(() => resolve(performance.now() - clickedAt), { priority: "user-blocking" });
          });
        });
        const timer = setTimeout(() => {
          observer.disconnect();
          reject(new Error("No new headline within 10 s of the click."));
        }, 10_000);
        observer.observe(document.body, { childList: true, subtree: true, characterData: true });
        link.click();
      }),
    { selector: RELATED_LINK, headlineSelector: HEADLINE, linkIndex: index },
  );
}
