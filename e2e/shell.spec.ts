import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "@playwright/test";

/**
 * The shell, as a plain static host serves it for any path: no story in the HTML, so the boot
 * script requests the story's JSON at once and preloads its hero when the JSON arrives.
 */
const ROOT = join(import.meta.dirname, "..");
const SLUG = "saltmere-ferry-electric-vessels";
const story = JSON.parse(readFileSync(join(ROOT, "content", "api", "articles", `${SLUG}.json`), "utf8"));

// Requests are intercepted, so a service worker must not answer them first.
test.use({ serviceWorkers: "block" });

test("a story opened from the shell is requested once, and its hero preloaded and fetched once", async ({ page }) => {
  const shell = readFileSync(join(ROOT, "dist", "index.html"), "utf8");
  await page.route(`**/articles/${SLUG}`, (route) =>
    route.request().resourceType() === "document"
      ? route.fulfill({ contentType: "text/html; charset=utf-8", body: shell })
      : route.fallback(),
  );
  const storyRequests: string[] = [];
  page.on("request", (request) => {
    if (request.url().endsWith(`/api/articles/${SLUG}.json`)) storyRequests.push(request.url());
  });
  const heroRequests: string[] = [];
  page.on("request", (request) => {
    if (request.url().includes("/media/electric-ferry-")) heroRequests.push(request.url());
  });

  await page.goto(`/articles/${SLUG}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(story.headline);
  const hero = page.locator(".story-figure img").first();
  await expect(hero).toHaveJSProperty("complete", true);

  const preload = page.locator('link[rel="preload"][as="image"]');
  await expect(preload).toHaveAttribute("type", "image/avif");
  await expect(preload).toHaveAttribute("fetchpriority", "high");
  await expect(preload).toHaveAttribute("imagesrcset", /electric-ferry-480\.avif 480w/);
  // The boot script's request was the app's: one for the JSON, and one file of the hero.
  expect(storyRequests).toHaveLength(1);
  expect(heroRequests, heroRequests.join("\n")).toHaveLength(1);
  expect(await hero.evaluate((image: HTMLImageElement) => image.currentSrc)).toBe(heroRequests[0]);
});
