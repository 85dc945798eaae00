/**
 * Contract 1.2's blocks in a browser, on the bundled regatta story: an embedded video and post,
 * a gallery, a results table and a video file. Each is used by keyboard, checked by axe in both
 * themes, and watched for layout shifts, for reflow at 320 px with 200 % text, and for any
 * request to another host before the reader asks for one.
 */
import { expect, type Page, type Request, test } from "@playwright/test";
import {
  collectPageErrors,
  expectNoAxeViolations,
  gotoStory,
  hasNoHorizontalScroll,
  layoutShifts,
  recordRequests,
  SLUGS,
  storyPath,
  tabUntilFocused,
  waitForApp,
  watchLayoutShifts,
} from "./helpers.ts";

const SLUG = SLUGS.blocks;
const PLAYER = "https://www.youtube-nocookie.com/embed/Dspt0RgtTa1?autoplay=1";

// page.route and the request log must see every request, and none may be answered by the worker.
test.use({ serviceWorkers: "block" });

/** Stands in for the provider's player, so no test ever reaches the platform itself. */
async function stubThePlayer(page: Page): Promise<Request[]> {
  const asked: Request[] = [];
  await page.route("https://www.youtube-nocookie.com/**", (route) => {
    asked.push(route.request());
    return route.fulfill({
      contentType: "text/html",
      body: '<!doctype html><html lang="en"><title>Player</title><p>The player</p></html>',
    });
  });
  return asked;
}

/** Scrolls through the whole story, as a reader would, so every lazy image is asked for. */
async function readToTheEnd(page: Page): Promise<void> {
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  for (let y = 0; y < height; y += 400) {
    await page.mouse.wheel(0, 400);
    await page.waitForTimeout(50);
  }
  await page.waitForLoadState("networkidle");
}

const loadButton = (page: Page) => page.getByRole("button", { name: "Load the video" });

test.describe("the regatta story's blocks", () => {
  test("ask nothing of another host until the reader presses Load the video, then only the player", async ({
    page,
    baseURL,
  }) => {
    const ownHost = new URL(baseURL ?? "").host;
    const requests = recordRequests(page, () => true);
    const player = await stubThePlayer(page);
    const errors = collectPageErrors(page);
    await gotoStory(page, SLUG);
    await readToTheEnd(page);
    const hosts = (list: Request[]) => [...new Set(list.map((request) => new URL(request.url()).host))];
    expect(hosts(requests)).toEqual([ownHost]);
    expect(player).toEqual([]);
    // The post from another platform only links out: it has no button.
    const post = page.locator(".embed", { hasText: "Mastodon" });
    await expect(post.getByRole("link", { name: "View on Mastodon" })).toHaveAttribute(
      "href",
      "https://rowing.example.org/@saltmererc/113520000000000001",
    );
    await expect(post.getByRole("button")).toHaveCount(0);

    // By keyboard: the button, then the player in its place, with the focus.
    const card = page.locator(".embed-video");
    // The frame's box on the page, not on the screen: focus may scroll.
    const frameBox = () =>
      card.locator(".embed-frame").evaluate((element) => {
        const box = element.getBoundingClientRect();
        return [box.left + window.scrollX, box.top + window.scrollY, box.width, box.height];
      });
    const before = await frameBox();
    await tabUntilFocused(page, loadButton(page));
    await page.keyboard.press("Enter");
    const frame = card.locator("iframe");
    await expect(frame).toHaveAttribute("src", PLAYER);
    await expect(frame).toBeFocused();
    await expect(frame).toHaveAttribute("sandbox", "allow-scripts allow-same-origin allow-presentation allow-popups");
    await expect(page.frameLocator(".embed-video iframe").getByText("The player")).toBeVisible();
    expect(player.map((request) => request.url())).toEqual([PLAYER]);
    expect(hosts(requests)).toEqual([ownHost, "www.youtube-nocookie.com"]);
    // The player takes the frame's place and size: nothing around it moves.
    expect(await frameBox()).toEqual(before);
    expect(errors).toEqual([]);
  });

  test("are whole in the served page, which works without the app: Load the video links to the video", async ({
    browser,
    baseURL,
  }) => {
    const context = await browser.newContext({ javaScriptEnabled: false, baseURL });
    const page = await context.newPage();
    await page.goto(storyPath(SLUG));
    const body = page.locator(".story-body");
    await expect(body.locator(".gallery-grid > li")).toHaveCount(4);
    await expect(body.getByRole("region", { name: "Estuary Cup regatta 2026: finals" })).toBeVisible();
    await expect(body.locator("video")).toHaveCount(1);
    await expect(body.locator(".embed")).toHaveCount(2);
    const video = "https://www.youtube.com/watch?v=Dspt0RgtTa1";
    await expect(body.getByRole("link", { name: "Load the video" })).toHaveAttribute("href", video);
    await expect(body.getByRole("link", { name: "Watch on YouTube" })).toHaveAttribute("href", video);
    await context.close();
  });

  test("the gallery opens each image larger, by keyboard, and Back returns to the story", async ({ page }) => {
    await gotoStory(page, SLUG);
    const items = page.locator(".gallery-item");
    await expect(items).toHaveCount(4);
    for (const image of await items.locator("img").all()) {
      await expect(image).toHaveAttribute("loading", "lazy");
      await expect(image).toHaveAttribute("width", /^\d+$/);
      await expect(image).toHaveAttribute("height", /^\d+$/);
    }
    await expect(items.first().locator("figcaption")).toContainText("Kit Anselm/Dispatch");
    const first = page.getByRole("link", { name: /^A rowing eight glides .*, full size$/ });
    await tabUntilFocused(page, first);
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL("/media/rowing-eight-1200.jpg");
    await page.goBack();
    await expect(page).toHaveURL(storyPath(SLUG));
    await expect(page.locator(".gallery-item")).toHaveCount(4);
  });

  test("the video file is fetched only when the reader plays it, by keyboard, with its captions offered", async ({
    page,
  }) => {
    const media = recordRequests(page, (request) => /\/media\/regatta-sprint\.(webm|en\.vtt)$/.test(request.url()));
    await gotoStory(page, SLUG);
    const video = page.locator(".media video");
    await expect(video).toHaveAttribute("preload", "none");
    await expect(video.locator('track[kind="captions"]')).toHaveAttribute("srclang", "en");
    await expect(page.locator(".media figcaption")).toContainText("Video · 0:08 · WebM");
    await readToTheEnd(page);
    expect(media).toEqual([]);

    await tabUntilFocused(page, video);
    await page.keyboard.press("Space");
    await expect.poll(() => video.evaluate((element: HTMLVideoElement) => element.currentTime)).toBeGreaterThan(0);
    expect(media.map((request) => new URL(request.url()).pathname)).toContain("/media/regatta-sprint.webm");
  });

  test("nothing moves as the story loads, the app takes over, and the reader scrolls through it", async ({ page }) => {
    await watchLayoutShifts(page);
    await gotoStory(page, SLUG);
    await readToTheEnd(page);
    await expect
      .poll(() =>
        page
          .locator(".story-body img")
          .evaluateAll((images) => images.every((image) => (image as HTMLImageElement).complete)),
      )
      .toBe(true);
    expect(await layoutShifts(page)).toEqual([]);
  });

  test.describe("at 320 px with 200 % text", () => {
    test.use({ viewport: { width: 320, height: 640 } });

    test("the page never scrolls sideways; the table scrolls inside its region, by keyboard too", async ({ page }) => {
      await gotoStory(page, SLUG);
      await page.evaluate(() => {
        document.documentElement.style.fontSize = "200%";
      });
      expect(await hasNoHorizontalScroll(page)).toBe(true);
      // Everything but the table's own cells lies within the screen.
      const outside = await page.evaluate(() =>
        [...document.querySelectorAll(".story-body *")]
          .filter((element) => !element.closest(".table-scroll table"))
          .filter((element) => {
            const box = element.getBoundingClientRect();
            return box.width > 0 && (box.left < -0.5 || box.right > window.innerWidth + 0.5);
          })
          .map((element) => `<${element.localName} class="${element.getAttribute("class") ?? ""}">`),
      );
      expect(outside).toEqual([]);

      const region = page.getByRole("region", { name: "Estuary Cup regatta 2026: finals" });
      const overflow = await region.evaluate((element) => element.scrollWidth - element.clientWidth);
      expect(overflow).toBeGreaterThan(0);
      await tabUntilFocused(page, region);
      await page.keyboard.press("ArrowRight");
      await expect.poll(() => region.evaluate((element) => element.scrollLeft)).toBeGreaterThan(0);
      expect(await hasNoHorizontalScroll(page)).toBe(true);
    });
  });

  for (const theme of ["light", "dark"] as const) {
    test(`axe finds nothing in the ${theme} theme, before and after the video is loaded`, async ({
      page,
      context,
      baseURL,
    }) => {
      await context.addCookies([{ name: "dispatch-theme", value: theme, url: baseURL ?? "" }]);
      await stubThePlayer(page);
      await gotoStory(page, SLUG);
      await expect(page.locator("html")).toHaveAttribute("data-theme", theme);
      await readToTheEnd(page);
      await expectNoAxeViolations(page, `the regatta story (${theme})`);
      await loadButton(page).click();
      await expect(page.frameLocator(".embed-video iframe").getByText("The player")).toBeVisible();
      await expectNoAxeViolations(page, `the regatta story with its player loaded (${theme})`);
    });
  }
});

test("a story with these blocks, opened from another story, draws them once the reader arrives", async ({ page }) => {
  await gotoStory(page, "rowing-club-wins-estuary-cup");
  const link = page.getByRole("complementary", { name: "Related" }).getByRole("link", { name: /^Estuary Cup regatta/ });
  await link.click();
  await expect(page).toHaveURL(storyPath(SLUG));
  await expect(page.getByRole("region", { name: "Estuary Cup regatta 2026: finals" })).toBeVisible();
  await expect(page.locator(".gallery-item")).toHaveCount(4);
  await expect(loadButton(page)).toBeVisible();
  await waitForApp(page);
});
