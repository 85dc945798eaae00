import { expect, test } from "@playwright/test";
import { luminance, SLUGS, storyPath } from "./helpers.ts";

declare global {
  interface Window {
    /** <html>'s attributes when the parser first created <body>: before anything was painted. */
    atFirstBody?: { theme: string | null; textSize: string | null };
    backgroundAtDomContentLoaded?: string;
  }
}

test.describe("a page every reader shares", () => {
  // Service workers would fetch scripts where page.route cannot see them.
  test.use({ colorScheme: "light", serviceWorkers: "block" });

  test("puts the reader's theme and text size on <html> before the first paint, with the app's code held back", async ({
    page,
    context,
    baseURL,
  }) => {
    await context.addCookies([
      { name: "dispatch-theme", value: "dark", url: baseURL ?? "" },
      { name: "dispatch-text-size", value: "x-large", url: baseURL ?? "" },
    ]);
    const cspErrors: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) cspErrors.push(message.text());
    });
    // No script file ever arrives: whatever is on the page comes from the HTML and its inline head script.
    await page.route("**/*.js", (route) => route.abort());
    await page.addInitScript(() => {
      const observer = new MutationObserver(() => {
        if (!document.body || window.atFirstBody) return;
        const root = document.documentElement;
        window.atFirstBody = { theme: root.getAttribute("data-theme"), textSize: root.getAttribute("data-text-size") };
        observer.disconnect();
      });
      observer.observe(document, { childList: true, subtree: true });
      document.addEventListener("DOMContentLoaded", () => {
        window.backgroundAtDomContentLoaded = getComputedStyle(document.body).backgroundColor;
      });
    });

    const response = await page.goto(storyPath(SLUGS.wire));
    const served = (await response?.text()) ?? "";
    expect(served).not.toMatch(/<html[^>]*\sdata-theme=/);

    expect(await page.evaluate(() => window.atFirstBody)).toEqual({ theme: "dark", textSize: "x-large" });
    const background = await page.evaluate(() => window.backgroundAtDomContentLoaded ?? "");
    expect(luminance(background)).toBeLessThan(0.05);
    expect(cspErrors).toEqual([]);
  });

  test("is the same bytes and validator for every reader, and a shared cache may keep it", async ({
    playwright,
    baseURL,
  }) => {
    const request = await playwright.request.newContext({ baseURL });
    try {
      const plain = await request.get(storyPath(SLUGS.wire));
      const dark = await request.get(storyPath(SLUGS.wire), {
        headers: { Cookie: "dispatch-theme=dark; dispatch-text-size=large" },
      });
      expect(await dark.text()).toBe(await plain.text());
      expect(dark.headers().etag).toBe(plain.headers().etag);
      expect(dark.headers().vary ?? "").not.toMatch(/cookie/i);
      expect(dark.headers()["cache-control"]).toMatch(/s-maxage=\d+.*stale-while-revalidate=\d+/);
      const again = await request.get(storyPath(SLUGS.wire), {
        headers: { "If-None-Match": plain.headers().etag ?? "" },
      });
      expect(again.status()).toBe(304);
    } finally {
      await request.dispose();
    }
  });

  test("names the running server's SITE_URL, not the build's, in a story's canonical, Open Graph and JSON-LD addresses", async ({
    page,
    baseURL,
  }) => {
    // The build is made without SITE_URL; the server is started with its own address (playwright.config.ts).
    await page.route("**/assets/**", (route) => route.abort());
    await page.goto(storyPath(SLUGS.wire));
    const url = `${baseURL}${storyPath(SLUGS.wire)}`;
    await expect(page.locator('link[rel="canonical"]')).toHaveAttribute("href", url);
    await expect(page.locator('meta[property="og:url"]')).toHaveAttribute("content", url);
    const article = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent()) ?? "null");
    expect(article.url).toBe(url);
  });
});
