import type { Browser } from "@playwright/test";
import { DESKTOP_VIEWPORT } from "../../e2e/browser.ts";

export type PageScripts = { beforeLoad: string[]; afterLoad: string[] };

/**
 * The JavaScript files a fresh browser fetches for `url`, split at the load event, from
 * the page's own resource timing (which sees module preloads and dynamic imports alike).
 */
export async function scriptsFetched(browser: Browser, url: string): Promise<PageScripts> {
  const context = await browser.newContext({ viewport: DESKTOP_VIEWPORT });
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(url, { waitUntil: "networkidle" });
    const entries = await page.evaluate(() => {
      const [navigation] = performance.getEntriesByType("navigation");
      const loadAt = navigation instanceof PerformanceNavigationTiming ? navigation.loadEventStart : Number.NaN;
      return performance
        .getEntriesByType("resource")
        .filter((entry) => new URL(entry.name).pathname.endsWith(".js"))
        .map((entry) => ({ path: new URL(entry.name).pathname, beforeLoad: entry.startTime < loadAt }));
    });
    return {
      beforeLoad: entries.filter((entry) => entry.beforeLoad).map((entry) => entry.path),
      afterLoad: entries.filter((entry) => !entry.beforeLoad).map((entry) => entry.path),
    };
  } finally {
    await context.close();
  }
}
