import { type APIRequestContext, expect, type Page, test } from "@playwright/test";
import { JSDOM } from "jsdom";
import {
  bodyBackground,
  chooseDisplayOption,
  displayToggle,
  gotoStory,
  luminance,
  openFrontPage,
  readHeadlines,
  readStory,
  rootFontSizePx,
  SLUGS,
  scrollY,
  signupDialog,
  storyPath,
  tabUntilFocused,
  waitForApp,
} from "./helpers.ts";

const DARK = 0.05;
const LIGHT = 0.8;

/** On a story, Tab to the header's Subscribe and press Enter: the dialog opens with focus in its field. */
async function openSignupByKeyboard(page: Page) {
  await gotoStory(page, SLUGS.wire);
  const subscribe = page.getByRole("banner").getByRole("button", { name: "Subscribe" });
  await tabUntilFocused(page, subscribe, { max: 10 });
  await page.keyboard.press("Enter");
  const dialog = signupDialog(page);
  await expect(dialog.getByLabel("Email address")).toBeFocused();
  return { subscribe, dialog };
}

test.describe("keyboard only", () => {
  test("skip link, a story, a related story, and a signup, with Tab, Enter and Escape", async ({ page }) => {
    const lead = readHeadlines()[0];
    if (!lead) throw new Error("headlines.json is empty");
    const story = readStory(lead.slug);
    const related = story.related?.[0];
    if (!related) throw new Error(`${lead.slug} should have related stories`);
    await openFrontPage(page);
    await expect(page.getByRole("link", { name: lead.headline, exact: true })).toBeVisible();

    // The skip link is the first stop, hidden until it has focus.
    const skip = page.getByRole("link", { name: "Skip to content" });
    await expect(skip).not.toBeInViewport();
    await page.keyboard.press("Tab");
    await expect(skip).toBeFocused();
    await expect(skip).toBeInViewport();
    await page.keyboard.press("Enter");
    await expect(page.locator("main")).toBeFocused();

    // From the main content, the next stop is the lead headline.
    await page.keyboard.press("Tab");
    await expect(page.getByRole("link", { name: lead.headline, exact: true })).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(storyPath(lead.slug));
    await expect(page.getByRole("heading", { level: 1, name: story.headline })).toBeFocused();

    await tabUntilFocused(
      page,
      page.getByRole("complementary", { name: "Related" }).getByRole("link", { name: related.headline }),
    );
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(storyPath(related.slug));
    await expect(page.getByRole("heading", { level: 1, name: related.headline })).toBeFocused();

    // Back up from the headline to the header's Subscribe button.
    const subscribe = page.getByRole("banner").getByRole("button", { name: "Subscribe" });
    await tabUntilFocused(page, subscribe, { backwards: true, max: 10 });
    await page.keyboard.press("Enter");
    const dialog = signupDialog(page);
    await expect(dialog).toBeVisible();
    await expect(dialog.getByLabel("Email address")).toBeFocused();
    await page.keyboard.type(`e2e-keyboard-${Date.now()}@example.com`);
    await page.keyboard.press("Enter");
    await expect(dialog.getByRole("status")).toContainText("Check your inbox");
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    // Subscribed only once the emailed link is confirmed (contract 1.1).
    await expect(subscribe).toBeVisible();
  });

  test("closing the dialog without signing up returns focus to Subscribe", async ({ page }) => {
    const { subscribe, dialog } = await openSignupByKeyboard(page);
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await expect(subscribe).toBeFocused();
  });

  test("after signing up, closing the dialog leaves focus somewhere useful, not on <body>", async ({ page }) => {
    const { dialog } = await openSignupByKeyboard(page);
    await page.keyboard.type(`e2e-focus-${Date.now()}@example.com`);
    await page.keyboard.press("Enter");
    await expect(dialog.getByRole("status")).toContainText("Check your inbox");
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    expect(await page.evaluate(() => document.activeElement?.tagName)).not.toBe("BODY");
  });
});

test.describe("theme", () => {
  test.use({ colorScheme: "dark" });

  test("follows the system, then the reader's choice, which the head script applies before the first paint", async ({
    page,
  }) => {
    await gotoStory(page, SLUGS.wire);
    expect(luminance(await bodyBackground(page))).toBeLessThan(DARK);

    await chooseDisplayOption(page, "Light");
    await expect(page.locator("html")).toHaveAttribute("data-theme", "light");
    await expect.poll(async () => luminance(await bodyBackground(page))).toBeGreaterThan(LIGHT);

    // The page is the same for every reader; e2e/production.spec.ts shows the choice is on <html> before the first paint.
    await page.reload();
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    expect(luminance(await bodyBackground(page))).toBeGreaterThan(LIGHT);
    await waitForApp(page);
    await displayToggle(page).click();
    await expect(page.getByRole("radio", { name: "Light" })).toBeChecked();

    await chooseDisplayOption(page, "Dark");
    await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
    await expect.poll(async () => luminance(await bodyBackground(page))).toBeLessThan(DARK);
  });
});

test.describe("text size", () => {
  test("Largest enlarges the text and survives a reload", async ({ page }) => {
    await gotoStory(page, SLUGS.wire);
    const normal = await rootFontSizePx(page);

    await chooseDisplayOption(page, "Largest");
    await expect(page.locator("html")).toHaveAttribute("data-text-size", "x-large");
    await expect.poll(() => rootFontSizePx(page)).toBeGreaterThan(normal);
    const largest = await rootFontSizePx(page);
    expect(largest).toBeGreaterThanOrEqual(normal * 1.2);

    await page.reload();
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    expect(await rootFontSizePx(page)).toBe(largest);
  });
});

test.describe("sharing", () => {
  test.beforeEach(async ({ page, context, baseURL }) => {
    // This Chromium has no Web Share API; make sure of it so the copy fallback is what runs.
    await page.addInitScript(() => {
      if ("share" in Navigator.prototype) Reflect.deleteProperty(Navigator.prototype, "share");
    });
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL });
  });

  test("without a share sheet, Copy link puts the story's address on the clipboard", async ({ page, baseURL }) => {
    await gotoStory(page, SLUGS.wire);
    expect(await page.evaluate(() => typeof navigator.share)).toBe("undefined");
    await page.getByRole("button", { name: "Copy link" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Link copied" })).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${baseURL}${storyPath(SLUGS.wire)}`);
  });

  test("Copy link is a button, not a link: Space copies without scrolling the page, and so does Enter", async ({
    page,
    baseURL,
  }) => {
    await gotoStory(page, SLUGS.longRead);
    const copy = page.getByRole("button", { name: "Copy link" });
    await expect(copy).toHaveAttribute("type", "button");
    await expect(page.locator(".share").getByRole("link")).toHaveCount(0);
    const clipboard = () => page.evaluate(() => navigator.clipboard.readText());
    const address = `${baseURL}${storyPath(SLUGS.longRead)}`;

    for (const key of ["Space", "Enter"]) {
      await page.evaluate(() => navigator.clipboard.writeText(""));
      await copy.focus();
      const before = await scrollY(page);
      await page.keyboard.press(key);
      await expect.poll(clipboard, `${key} did not copy the link`).toBe(address);
      await expect(page.getByRole("status").filter({ hasText: "Link copied" })).toBeVisible();
      expect(await scrollY(page), `${key} scrolled the page`).toBe(before);
      await expect(copy).toBeFocused();
    }
  });
});

test.describe("print", () => {
  test("a printed story keeps the story and drops the site's controls", async ({ page }) => {
    const story = await gotoStory(page, SLUGS.wire);
    await page.emulateMedia({ media: "print" });

    await expect(page.getByRole("heading", { level: 1, name: story.headline })).toBeVisible();
    await expect(page.getByRole("article").getByRole("img", { name: story.image?.alt })).toBeVisible();
    await expect(page.locator(".byline")).toBeVisible();
    await expect(page.locator(".byline")).toContainText(`By ${story.byline}`);

    const banner = page.getByRole("banner");
    // Each control is there (so hidden means hidden by print, not missing).
    await expect(displayToggle(page)).toHaveCount(1);
    await expect(displayToggle(page)).toBeHidden();
    await expect(banner.locator(".button", { hasText: "Subscribe" })).toHaveCount(1);
    await expect(banner.locator(".button", { hasText: "Subscribe" })).toBeHidden();
    await expect(page.locator(".share .button")).toHaveCount(1);
    await expect(page.locator(".related")).toBeHidden();
    await expect(page.locator(".signup-callout")).toBeHidden();
    await expect(page.locator(".share .button")).toBeHidden();

    await page.emulateMedia({ media: "screen" });
    await expect(page.getByRole("complementary", { name: "Related" })).toBeVisible();
  });
});

test.describe("structured data in the served HTML", () => {
  async function servedDocument(request: APIRequestContext, slug: string) {
    const response = await request.get(storyPath(slug));
    expect(response.status()).toBe(200);
    return new JSDOM(await response.text()).window.document;
  }

  for (const slug of [SLUGS.wire, SLUGS.updated]) {
    test(`${slug} describes itself to search engines and social previews`, async ({ page }) => {
      const story = readStory(slug);
      if (!story.image) throw new Error(`${slug} should have an image`);
      const document = await servedDocument(page.request, slug);

      const scripts = document.querySelectorAll('script[type="application/ld+json"]');
      expect(scripts).toHaveLength(1);
      const article = JSON.parse(scripts[0]?.textContent ?? "null");
      expect(article["@context"]).toBe("https://schema.org");
      expect(article["@type"]).toBe("NewsArticle");
      expect(article.headline).toBe(story.headline);
      expect([article.image].flat()).toContainEqual(
        expect.stringMatching(new RegExp(`^https?://[^/]+${story.image.src}$`)),
      );
      expect(article.datePublished).toBe(story.datePublished);
      expect(article.dateModified).toBe(story.dateModified ?? story.datePublished);
      expect([article.author].flat()).toContainEqual(
        expect.objectContaining({ "@type": "Person", name: story.byline }),
      );
      expect(article.publisher).toMatchObject({ "@type": "Organization", name: "Dispatch" });
      // The wire story carries its dateline; the others have none.
      expect(article.dateline).toBe(story.dateline);

      const meta = (selector: string) => document.querySelector(selector)?.getAttribute("content");
      expect(document.title).toBe(`${story.headline} — Dispatch`);
      expect(meta('meta[name="description"]')).toBe(story.standfirst);
      expect(document.querySelector('link[rel="canonical"]')?.getAttribute("href")).toMatch(
        new RegExp(`^https?://[^/]+${storyPath(slug)}$`),
      );
      expect(meta('meta[property="og:title"]')).toBe(story.headline);
      expect(meta('meta[property="og:image"]')).toMatch(new RegExp(`^https?://[^/]+${story.image.src}$`));
      expect(meta('meta[name="twitter:card"]')).toBe("summary_large_image");

      // The story itself is in the HTML, readable before any script runs.
      expect(document.querySelector("main h1")?.textContent).toBe(story.headline);
    });
  }
});
