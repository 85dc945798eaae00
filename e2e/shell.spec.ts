import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { layoutShifts, watchLayoutShifts } from "./helpers.ts";

/**
 * The shell, as a plain static host serves it for any path: no story in the HTML, so the boot
 * script requests the story's JSON at once; when it arrives, it preloads the hero and draws the
 * story's top into the shell's skeleton before the app runs.
 */
const ROOT = join(import.meta.dirname, "..");
const SLUG = "saltmere-ferry-electric-vessels";
const story = JSON.parse(readFileSync(join(ROOT, "content", "api", "articles", `${SLUG}.json`), "utf8"));

// Requests are intercepted, so a service worker must not answer them first.
test.use({ serviceWorkers: "block" });

/** Answers the story's address with the shell, as a static host does. */
async function serveShell(page: Page): Promise<string> {
  const shell = readFileSync(join(ROOT, "dist", "index.html"), "utf8");
  await page.route(`**/articles/${SLUG}`, (route) =>
    route.request().resourceType() === "document"
      ? route.fulfill({ contentType: "text/html; charset=utf-8", body: shell })
      : route.fallback(),
  );
  return shell;
}

test("the shell draws the story's top before the app's code arrives, and the app's story takes its place unmoved", async ({
  page,
}) => {
  const shell = await serveShell(page);
  const entry = /"(\/assets\/index-[\w-]+\.js)"/.exec(shell)?.[1];
  if (!entry) throw new Error("The shell names no entry script");
  // The app's code is held back until the page drawn without it has been looked at.
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  let entryRequested = false;
  await page.route(`**${entry}`, async (route) => {
    entryRequested = true;
    await held;
    await route.fallback();
  });
  await watchLayoutShifts(page);

  await page.goto(`/articles/${SLUG}`);
  const headline = page.getByRole("heading", { level: 1 });
  await expect(headline).toHaveText(story.headline);
  const hero = page.locator(".story-figure img").first();
  await expect(hero).toHaveJSProperty("complete", true);
  await expect(hero).toHaveAttribute("alt", story.image.alt);
  await expect(page.locator(".story-figure figcaption")).toContainText(story.image.caption);
  // The body is still to come: its place is held, and said to be loading.
  await expect(page.locator("main .skeleton[aria-busy=true]")).toHaveCount(1);
  expect(await page.evaluate(() => document.documentElement.dataset.app)).toBeUndefined();
  const before = { headline: await headline.boundingBox(), hero: await hero.boundingBox() };

  // The app's code is asked for only once the top is shown.
  await expect.poll(() => entryRequested).toBe(true);
  release();
  await expect(page.locator("html[data-app=ready]")).toHaveCount(1);
  await expect(page.locator(".byline")).toBeVisible();
  expect(await headline.boundingBox()).toEqual(before.headline);
  expect(await page.locator(".story-figure img").first().boundingBox()).toEqual(before.hero);
  await expect(page.locator("main .skeleton")).toHaveCount(0);
  expect(await layoutShifts(page)).toEqual([]);
});

test("the app's code waits for the drawn hero to arrive", async ({ page }) => {
  const shell = await serveShell(page);
  const entry = /"(\/assets\/index-[\w-]+\.js)"/.exec(shell)?.[1];
  if (!entry) throw new Error("The shell names no entry script");
  const order: string[] = [];
  page.on("request", (request) => {
    if (request.url().endsWith(entry)) order.push("entry");
  });
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  let heroAsked = false;
  await page.route("**/media/electric-ferry-*", async (route) => {
    heroAsked = true;
    await held;
    order.push("hero");
    await route.fallback();
  });

  // Not waiting for the load event: when the story's JSON comes first, the held hero holds it.
  await page.goto(`/articles/${SLUG}`, { waitUntil: "commit" });
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(story.headline);
  await expect.poll(() => heroAsked).toBe(true);
  // Painted twice over, and a moment more, while the hero is still on its way.
  await page.evaluate(
    () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 200)))),
  );
  expect(order).toEqual([]);
  release();
  await expect(page.locator("html[data-app=ready]")).toHaveCount(1);
  expect(order).toEqual(["hero", "entry"]);
});

test("a story opened from the shell is requested once, and its hero preloaded and fetched once", async ({ page }) => {
  await serveShell(page);
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
