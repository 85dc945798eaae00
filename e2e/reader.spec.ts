import { createServer, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, type Locator, type Page, type Route, test } from "@playwright/test";
import {
  collectPageErrors,
  displayToggle,
  expectNoAxeViolations,
  gotoStory,
  hasNoHorizontalScroll,
  isStoryApiRequest,
  layoutShifts,
  openFrontPage,
  readHeadlines,
  readStory,
  recordRequests,
  SLUGS,
  scrollY,
  signupDialog,
  storyPath,
  tabUntilFocused,
  waitForApp,
  watchLayoutShifts,
} from "./helpers.ts";

const headlines = readHeadlines();

test.describe("front page", () => {
  test("lists the headlines newest first, leads with an image, and opens a story", async ({ page }) => {
    await openFrontPage(page);

    const links = page.locator("main article h2 a");
    await expect(links).toHaveText(headlines.map((headline) => headline.headline));

    const lead = headlines[0];
    if (!lead?.image) throw new Error("headlines.json should lead with a story that has an image");
    const leadImage = page.locator("main .lead img");
    await expect(leadImage).toHaveAttribute("src", lead.image.src);
    await expect(leadImage).toHaveAttribute("alt", lead.image.alt);
    await expect(leadImage).toHaveJSProperty("complete", true);
    expect(await leadImage.evaluate((image: HTMLImageElement) => image.naturalWidth)).toBeGreaterThan(0);

    const second = headlines[1];
    if (!second) throw new Error("headlines.json should list more than one story");
    await page.getByRole("link", { name: second.headline, exact: true }).click();
    await expect(page).toHaveURL(storyPath(second.slug));
    await expect(page.getByRole("heading", { level: 1, name: second.headline })).toBeVisible();
  });
});

test.describe("story page", () => {
  test("shows a wire story with all its parts", async ({ page }) => {
    const story = await gotoStory(page, SLUGS.wire);
    if (!story.image || !story.dateline || !story.related)
      throw new Error("the wire story should have an image, dateline and related");
    const article = page.getByRole("article", { name: story.headline });

    await expect(article.getByRole("heading", { level: 1 })).toHaveText(story.headline);
    await expect(article.locator(".story-header .standfirst")).toHaveText(story.standfirst ?? "");

    const hero = article.locator("figure.story-figure").first();
    await expect(hero.getByRole("img", { name: story.image.alt })).toBeVisible();
    await expect(hero.locator("figcaption")).toContainText(story.image.caption ?? "");
    await expect(hero.locator("figcaption")).toContainText(story.image.credit ?? "");

    const byline = article.locator(".byline");
    await expect(byline).toContainText(`By ${story.byline}`);
    await expect(byline).toContainText(story.source ?? "");
    await expect(byline.locator(`time[datetime="${story.datePublished}"]`)).toBeVisible();

    // The dateline opens the first paragraph, in capitals, and appears nowhere else.
    const firstParagraph = article.locator(".story-body > p").first();
    await expect(firstParagraph.locator(".dateline")).toHaveText(`${story.dateline.toUpperCase()} —`);
    await expect(firstParagraph).toHaveText(new RegExp(`^${story.dateline.toUpperCase()} — \\S`));
    await expect(article.locator(".dateline")).toHaveCount(1);

    await expect(article.getByText(story.copyright ?? "", { exact: true })).toBeVisible();
    await expect(article.getByText(story.distribution ?? "", { exact: true })).toBeVisible();

    const related = page.getByRole("complementary", { name: "Related" });
    await expect(related.getByRole("link")).toHaveText(story.related.map((item) => item.headline));
    for (const item of story.related) {
      await expect(related.getByRole("link", { name: item.headline, exact: true })).toHaveAttribute(
        "href",
        storyPath(item.slug),
      );
    }
  });

  test("shows when an updated story was changed", async ({ page }) => {
    const story = await gotoStory(page, SLUGS.updated);
    if (!story.dateModified) throw new Error(`${SLUGS.updated} should have a dateModified`);
    const updated = page.locator(".byline .updated");
    await expect(updated).toContainText("Updated");
    await expect(updated.locator(`time[datetime="${story.dateModified}"]`)).toBeVisible();
  });

  test("shows a story without an image with no hero figure", async ({ page }) => {
    const story = await gotoStory(page, SLUGS.noImage);
    const article = page.getByRole("article", { name: story.headline });
    await expect(article.locator(".story-header + figure")).toHaveCount(0);
    await expect(article.locator(".story-body > p").first()).toBeVisible();
  });
});

type DatePatch = { text: string; whileStarting: boolean };
const datePatchesOf = (page: Page) =>
  page.evaluate(() => (window as unknown as { datePatches: DatePatch[] }).datePatches);

test.describe("dates", () => {
  test.use({ timezoneId: "America/New_York", locale: "en-GB" });

  test("a prerendered story keeps its UTC dates while the app takes over, then shows them in the reader's time zone", async ({
    page,
  }) => {
    // Every change to a date's text from the end of parsing, and whether it came before the
    // app said it was ready or in the same task (one batch of records: no task in between).
    await page.addInitScript(() => {
      const patches: DatePatch[] = [];
      (window as unknown as { datePatches: DatePatch[] }).datePatches = patches;
      let starting = true;
      const observer = new MutationObserver((records) => {
        const ready = records.some((record) => record.attributeName === "data-app");
        for (const record of records) {
          const node = record.target instanceof Element ? record.target : record.target.parentElement;
          const removedDates = [...record.removedNodes].some(
            (removed) => removed instanceof Element && (removed.matches("time") || removed.querySelector("time")),
          );
          if (record.type === "attributes" || !(node?.closest("time") || removedDates)) continue;
          patches.push({ text: node?.textContent ?? "", whileStarting: starting || ready });
        }
        if (ready) starting = false;
      });
      document.addEventListener("DOMContentLoaded", () => {
        observer.observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
      });
    });
    const story = readStory(SLUGS.updated);
    await page.goto(storyPath(SLUGS.updated));
    await waitForApp(page);

    // 06:30 UTC is 01:30 in New York in November.
    expect(story.datePublished).toBe("2026-11-24T06:30:00Z");
    await expect(page.locator(`.byline time[datetime="${story.datePublished}"]`)).toHaveText(
      "24 November 2026 at 01:30",
    );
    const times = await page.locator("time").all();
    expect(times.length).toBeGreaterThan(2);
    for (const time of times) {
      const inNewYork = await time.evaluate((element) =>
        new Intl.DateTimeFormat("en-GB", {
          dateStyle: "long",
          timeStyle: "short",
          timeZone: "America/New_York",
        }).format(new Date(element.getAttribute("datetime") ?? "")),
      );
      await expect(time).toHaveAttribute("title", inNewYork);
      await expect(time).toHaveText(inNewYork);
    }
    const patches = await datePatchesOf(page);
    expect(patches).not.toEqual([]);
    expect(patches.filter((patch) => patch.whileStarting)).toEqual([]);
  });

  test.describe("the locale's data", () => {
    // The worker's script must come from the network, where the test can refuse it.
    test.use({ serviceWorkers: "block" });
    const story = readStory(SLUGS.updated);
    const byline = (page: Page) => page.locator(`.byline time[datetime="${story.datePublished}"]`);

    test("is loaded by a worker, which is gone once the dates are local", async ({ page }) => {
      const worker = page.waitForEvent("worker");
      await page.goto(storyPath(SLUGS.updated));
      expect((await worker).url()).toMatch(/\/assets\/warmDates\.worker-[\w-]+\.js$/);
      await expect(byline(page)).toHaveText("24 November 2026 at 01:30");
      await expect.poll(() => page.workers().length).toBe(0);
    });

    test("is loaded by the page itself when no worker can start, and the dates still turn local", async ({ page }) => {
      const refused: string[] = [];
      await page.route(/\/assets\/warmDates\.worker-/, (route) => {
        refused.push(route.request().url());
        return route.abort();
      });
      await page.goto(storyPath(SLUGS.updated));
      await expect(byline(page)).toHaveText("24 November 2026 at 01:30");
      expect(refused).toHaveLength(1);
    });
  });
});

test.describe("client-side navigation", () => {
  test("follows a related story without reloading, then Back and Forward restore the page and its scroll", async ({
    page,
  }) => {
    const start = await gotoStory(page, SLUGS.longRead);
    const next = start.related?.[0];
    if (!next) throw new Error(`${SLUGS.longRead} should have related stories`);
    await page.evaluate(() => {
      (window as unknown as { __marker: number }).__marker = 1;
    });

    // Scroll down the long read to its related list, as a reader would.
    const relatedLink = page.getByRole("complementary", { name: "Related" }).getByRole("link", { name: next.headline });
    await relatedLink.scrollIntoViewIfNeeded();
    await expect.poll(() => scrollY(page)).toBeGreaterThan(1200);
    // Playwright may scroll the link again before it presses it (when the sticky header covers
    // its first choice of point), so the position the reader left is the one at the press.
    await page.evaluate(() => {
      addEventListener("pointerdown", () => sessionStorage.setItem("e2e-left-at", String(window.scrollY)), {
        capture: true,
        once: true,
      });
    });
    await relatedLink.click();
    const scrolledTo = Number(await page.evaluate(() => sessionStorage.getItem("e2e-left-at")));
    expect(scrolledTo).toBeGreaterThan(1200);
    await expect(page).toHaveURL(storyPath(next.slug));
    const nextHeading = page.getByRole("heading", { level: 1, name: next.headline });
    await expect(nextHeading).toBeVisible();
    await expect(nextHeading).toBeFocused();
    await expect(page).toHaveTitle(`${next.headline} — Dispatch`);
    expect(await scrollY(page)).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __marker?: number }).__marker)).toBe(1);
    expect(await page.evaluate(() => performance.getEntriesByType("navigation").length)).toBe(1);

    // Back: the cached story appears at once, never a loading skeleton, at the old position.
    await page.evaluate(() => {
      const flags = window as unknown as { __sawSkeleton: boolean };
      flags.__sawSkeleton = false;
      new MutationObserver(() => {
        if (document.querySelector('[aria-busy="true"]')) flags.__sawSkeleton = true;
      }).observe(document.body, { childList: true, subtree: true });
    });
    // Leave the second story part-way down and go Back in the same moment, before the
    // browser has fired a scroll event for it: Forward must still bring that position back.
    const secondScroll = await page.evaluate(() => {
      const target = Math.min(600, document.documentElement.scrollHeight - window.innerHeight);
      window.scrollTo(0, target);
      history.back();
      return target;
    });
    expect(secondScroll).toBeGreaterThan(100);
    await expect(page).toHaveURL(storyPath(start.slug));
    await expect(page.getByRole("heading", { level: 1, name: start.headline })).toBeVisible();
    await expect(page).toHaveTitle(`${start.headline} — Dispatch`);
    await expect.poll(() => scrollY(page)).toBeGreaterThan(scrolledTo - 5);
    expect(Math.abs((await scrollY(page)) - scrolledTo)).toBeLessThanOrEqual(5);

    await page.goForward();
    await expect(page).toHaveURL(storyPath(next.slug));
    await expect(nextHeading).toBeVisible();
    await expect(page).toHaveTitle(`${next.headline} — Dispatch`);
    await expect.poll(() => scrollY(page)).toBeGreaterThan(secondScroll - 5);
    expect(Math.abs((await scrollY(page)) - secondScroll)).toBeLessThanOrEqual(5);

    expect(await page.evaluate(() => (window as unknown as { __sawSkeleton: boolean }).__sawSkeleton)).toBe(false);
    expect(await page.evaluate(() => (window as unknown as { __marker?: number }).__marker)).toBe(1);
    expect(await page.evaluate(() => performance.getEntriesByType("navigation").length)).toBe(1);
  });

  test("tabbing through the front page fetches story data on focus, but no image, and renders nothing hidden", async ({
    page,
  }) => {
    await openFrontPage(page);
    await page.waitForLoadState("networkidle");
    const images = recordRequests(page, (request) => request.resourceType() === "image");
    const stories = recordRequests(page, isStoryApiRequest);
    const links = page.locator("main article h2 a");
    const count = await links.count();
    expect(count).toBeGreaterThan(3);
    await tabUntilFocused(page, links.last());
    await expect.poll(() => stories.length).toBeGreaterThanOrEqual(count);
    await page.waitForLoadState("networkidle");
    // Thumbnails scrolled into view load as they should; nothing else may.
    const drawn = await page
      .locator("main img")
      .evaluateAll((elements) => elements.map((element) => (element as HTMLImageElement).currentSrc));
    expect(images.map((request) => request.url()).filter((url) => !drawn.includes(url))).toEqual([]);
    await expect(page.locator("main h1")).toHaveCount(1);
    await expect(page.locator("main [hidden], main article.story")).toHaveCount(0);
  });

  test("hydrates and navigates with no console errors", async ({ page }) => {
    const errors = collectPageErrors(page);
    const first = headlines[0];
    if (!first) throw new Error("headlines.json is empty");
    const story = readStory(first.slug);
    const related = story.related?.[0];
    if (!related) throw new Error(`${first.slug} should have related stories`);

    await openFrontPage(page);
    // Times gain a title once the client has taken over from the prerendered HTML.
    await expect(page.locator("main time[title]").first()).toBeAttached();
    await page.getByRole("link", { name: first.headline, exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: story.headline })).toBeFocused();
    await page.getByRole("complementary", { name: "Related" }).getByRole("link", { name: related.headline }).click();
    await expect(page.getByRole("heading", { level: 1, name: related.headline })).toBeFocused();
    await page.goBack();
    await expect(page.getByRole("heading", { level: 1, name: story.headline })).toBeVisible();

    // Prerendered story pages hydrate cleanly too.
    for (const slug of [SLUGS.wire, SLUGS.longRead, SLUGS.updated]) {
      await gotoStory(page, slug);
      await expect(page.locator("main time[title]").first()).toBeAttached();
    }
    await page.waitForLoadState("networkidle");
    expect(errors).toEqual([]);
  });
});

test.describe("not found", () => {
  test("a story the API does not have", async ({ page }) => {
    await page.goto(storyPath("no-such-story"));
    await expect(page.getByRole("heading", { level: 1, name: "Story not found" })).toBeVisible();
    const home = page.getByRole("link", { name: "Go to the front page" });
    await expect(home).toHaveAttribute("href", "/");
    await home.click();
    await expect(page).toHaveURL("/");
    await expect(page.getByRole("link", { name: headlines[0]?.headline ?? "", exact: true })).toBeVisible();
  });

  test("a slug that breaks the contract is not found without asking the API", async ({ page }) => {
    const storyRequests = recordRequests(page, isStoryApiRequest);
    await page.goto(storyPath("Bad_Slug"));
    await expect(page.getByRole("heading", { level: 1, name: "Story not found" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Go to the front page" })).toBeVisible();
    await page.waitForLoadState("networkidle");
    expect(storyRequests.map((request) => request.url())).toEqual([]);
  });

  test("an unknown route", async ({ page }) => {
    await page.goto("/nope/nope");
    await expect(page.getByRole("heading", { level: 1, name: "Story not found" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Go to the front page" })).toBeVisible();
  });
});

test.describe("API failure, then Retry", () => {
  // page.route cannot see requests the service worker answers, and it may take control mid-test.
  test.use({ serviceWorkers: "block" });
  const target = headlines[1];
  if (!target) throw new Error("headlines.json should list more than one story");
  const failures = {
    "a network failure": (route: Route) => route.abort("failed"),
    "a 500": (route: Route) =>
      route.fulfill({ status: 500, contentType: "application/json", body: '{"error":"boom"}' }),
    "a body that is not JSON": (route: Route) =>
      route.fulfill({ status: 200, contentType: "application/json", body: "<html>Gateway says hi</html>" }),
    "JSON that breaks the contract": (route: Route) =>
      route.fulfill({
        status: 200,
        contentType: "application/json",
        body: JSON.stringify({ slug: target.slug, headline: "" }),
      }),
  };

  for (const [what, fail] of Object.entries(failures)) {
    test(`${what} shows an error with Retry, which then shows the story`, async ({ page }) => {
      const pattern = `**/api/articles/${target.slug}.json`;
      await openFrontPage(page);
      await page.route(pattern, fail);

      // The front page is prerendered; the story's data must be fetched on this client-side navigation.
      await page.getByRole("link", { name: target.headline, exact: true }).click();
      await expect(page).toHaveURL(storyPath(target.slug));
      // The app retries once before giving up, so allow for both attempts.
      await expect(page.getByRole("heading", { level: 1, name: "Something went wrong" })).toBeVisible({
        timeout: 10_000,
      });
      const retry = page.getByRole("button", { name: "Retry" });
      await expect(retry).toBeEnabled();
      await expect(page.getByRole("link", { name: "Go to the front page" })).toBeVisible();

      await page.unroute(pattern);
      await retry.click();
      await expect(page.getByRole("heading", { level: 1, name: target.headline })).toBeVisible();
      await expect(page.getByRole("heading", { name: "Something went wrong" })).toHaveCount(0);
    });
  }
});

test.describe("phone widths", () => {
  for (const viewport of [
    { width: 375, height: 812 },
    { width: 320, height: 640 },
  ]) {
    test.describe(`${viewport.width}×${viewport.height}`, () => {
      test.use({ viewport, isMobile: true, hasTouch: true });

      test("front page has no horizontal scrolling and the lead image fits", async ({ page }) => {
        await openFrontPage(page);
        await expect(page.locator("main .lead img")).toBeVisible();
        expect(await hasNoHorizontalScroll(page)).toBe(true);
        const box = await page.locator("main .lead img").boundingBox();
        expect(box?.x).toBeGreaterThanOrEqual(0);
        expect((box?.x ?? 0) + (box?.width ?? Number.POSITIVE_INFINITY)).toBeLessThanOrEqual(viewport.width);
      });

      for (const slug of [SLUGS.wire, SLUGS.longRead]) {
        test(`${slug} has no horizontal scrolling and its hero fits`, async ({ page }) => {
          const story = await gotoStory(page, slug);
          expect(await hasNoHorizontalScroll(page)).toBe(true);
          const hero = page.getByRole("article").locator("figure.story-figure img").first();
          await expect(hero).toHaveAttribute("src", story.image?.src ?? "");
          const box = await hero.boundingBox();
          expect(box?.x).toBeGreaterThanOrEqual(0);
          expect((box?.x ?? 0) + (box?.width ?? Number.POSITIVE_INFINITY)).toBeLessThanOrEqual(viewport.width);
        });
      }
    });
  }
});

test.describe("reflow (WCAG 1.4.10)", () => {
  /** Every element that reaches past either edge of the viewport, or is cut off by its own box. */
  function cutOff(page: Page): Promise<string[]> {
    return page.evaluate(() => {
      const found: string[] = [];
      for (const element of document.querySelectorAll("body *")) {
        const box = element.getBoundingClientRect();
        // Text kept for screen readers only is clipped on purpose; closed parts are not drawn.
        const skipped = "[hidden], .visually-hidden, dialog:not([open]), details:not([open]) > form";
        if (box.width === 0 || element.closest(skipped)) continue;
        const name = `<${element.tagName.toLowerCase()} class="${element.getAttribute("class") ?? ""}">`;
        if (box.left < -0.5 || box.right > window.innerWidth + 0.5) {
          found.push(`${name} spans ${Math.round(box.left)}–${Math.round(box.right)} px`);
        }
        const { overflowX } = getComputedStyle(element);
        if ((overflowX === "hidden" || overflowX === "clip") && element.scrollWidth > element.clientWidth + 1) {
          found.push(`${name} clips ${element.scrollWidth - element.clientWidth} px`);
        }
      }
      return found;
    });
  }

  for (const [what, viewport, textScale] of [
    ["320 px wide with 200 % text", { width: 320, height: 640 }, "200%"],
    ["400 % zoom of a 1280 px window", { width: 320, height: 256 }, ""],
  ] as const) {
    test.describe(what, () => {
      test.use({ viewport });
      for (const path of ["/", storyPath(SLUGS.wire), storyPath(SLUGS.longRead)]) {
        test(`${path} has nothing cut off, with the Display menu shut and open`, async ({ page }) => {
          await page.goto(path);
          await waitForApp(page);
          await page.evaluate((scale) => {
            document.documentElement.style.fontSize = scale;
          }, textScale);
          expect(await cutOff(page)).toEqual([]);
          expect(await hasNoHorizontalScroll(page)).toBe(true);
          await displayToggle(page).click();
          await expect(page.getByRole("group", { name: "Theme" })).toBeVisible();
          expect(await cutOff(page)).toEqual([]);
        });
      }
    });
  }
});

test.describe("layout stability", () => {
  test("a page that arrives in pieces is first drawn with its whole header, so nothing in it moves", async ({
    page,
    baseURL,
  }) => {
    // The story as the server sends it, but stalled after the header's Display menu: a browser
    // draws what it has parsed, and Subscribe, arriving after the stall, pushed the
    // right-aligned Display aside (CLS 0.0012). index.html's render-blocking
    // `<link rel="expect" href="#main">` holds the first paint until <main> begins.
    const upstream = new URL(baseURL ?? "");
    const stallMs = 600;
    const proxy = createServer((incoming, outgoing) => {
      const path = incoming.url ?? "/";
      const isStory = path === storyPath(SLUGS.wire);
      // The story's text is split, so it is asked for uncompressed.
      const headers = isStory ? { ...incoming.headers, "accept-encoding": "identity" } : incoming.headers;
      const forward = httpRequest(
        { host: upstream.hostname, port: upstream.port, path, method: incoming.method, headers },
        (answer) => {
          if (!isStory) {
            outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(outgoing);
            return;
          }
          let html = "";
          answer.setEncoding("utf8");
          answer.on("data", (chunk: string) => {
            html += chunk;
          });
          answer.on("end", () => {
            const menuEnd = html.indexOf("</details>");
            if (menuEnd < 0) {
              outgoing.writeHead(500, { "Content-Type": "text/plain" });
              outgoing.end("The story's header has no Display menu to stall after.");
              return;
            }
            const stall = menuEnd + "</details>".length;
            outgoing.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
            outgoing.write(html.slice(0, stall));
            setTimeout(() => outgoing.end(html.slice(stall)), stallMs);
          });
        },
      );
      incoming.pipe(forward);
    });
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = proxy.address() as AddressInfo;
      await watchLayoutShifts(page);
      const started = Date.now();
      await page.goto(`http://127.0.0.1:${port}${storyPath(SLUGS.wire)}`, { waitUntil: "commit" });
      // A link until the app runs, a button after: either way, the same box.
      await expect(page.getByRole("banner").getByText("Subscribe", { exact: true })).toBeVisible();
      expect(Date.now() - started).toBeGreaterThanOrEqual(stallMs);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      expect(await layoutShifts(page)).toEqual([]);
    } finally {
      proxy.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });

  test("a story's hero has its size and is the only eager, high-priority image", async ({ page }) => {
    const story = await gotoStory(page, SLUGS.longRead);
    const images = page.locator("main img");
    expect(await images.count()).toBeGreaterThan(3);

    const hero = page.getByRole("article").locator("figure.story-figure img").first();
    await expect(hero).toHaveAttribute("width", String(story.image?.width));
    await expect(hero).toHaveAttribute("height", String(story.image?.height));
    await expect(hero).toHaveAttribute("loading", "eager");
    await expect(hero).toHaveAttribute("fetchpriority", "high");

    const others = page.locator('main img:not([loading="eager"])');
    await expect(page.locator('main img[loading="eager"]')).toHaveCount(1);
    await expect(page.locator('main img[fetchpriority="high"]')).toHaveCount(1);
    await expect(others).toHaveCount((await images.count()) - 1);
    for (const image of await others.all()) {
      await expect(image).toHaveAttribute("loading", "lazy");
      await expect(image).toHaveAttribute("width", /^\d+$/);
      await expect(image).toHaveAttribute("height", /^\d+$/);
    }
  });

  test("on the front page only the lead image is eager and high-priority", async ({ page }) => {
    await openFrontPage(page);
    const lead = page.locator("main .lead img");
    await expect(lead).toHaveAttribute("loading", "eager");
    await expect(lead).toHaveAttribute("fetchpriority", "high");
    await expect(lead).toHaveAttribute("width", /^\d+$/);
    await expect(lead).toHaveAttribute("height", /^\d+$/);
    await expect(page.locator('main img[loading="eager"]')).toHaveCount(1);
    await expect(page.locator('main img[fetchpriority="high"]')).toHaveCount(1);
    const rest = page.locator("main .headline-list img");
    expect(await rest.count()).toBeGreaterThan(0);
    for (const image of await rest.all()) await expect(image).toHaveAttribute("loading", "lazy");
  });
});

test.describe("the app's start", () => {
  // The worker would answer the script requests that page.route is meant to hold back.
  test.use({ serviceWorkers: "block" });

  /** Whether an address is the app's entry module, as the build names it. */
  const isAppEntry = (url: string | URL) => /^\/assets\/index-[\w-]+\.js$/.test(new URL(url).pathname);

  /** Holds the app's entry module back until the returned function is called. */
  async function holdAppBack(page: Page): Promise<() => void> {
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route(isAppEntry, async (route) => {
      await released;
      await route.continue();
    });
    return release;
  }

  /** When the page asked for the app's entry module, in ms from navigation start. */
  function appRequestedAt(page: Page): Promise<number> {
    return page.evaluate(() => {
      const entry = performance
        .getEntriesByType("resource")
        .find((resource) => /\/assets\/index-[\w-]+\.js$/.test(new URL(resource.name).pathname));
      if (!entry) throw new Error("the app's entry module was never requested");
      return entry.startTime;
    });
  }

  test("a prerendered story asks for the app's code only once the page, hero and all, has loaded", async ({ page }) => {
    // A slow image, well within the bound on the wait.
    await page.route("**/media/**", async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await route.continue();
    });
    await page.goto(storyPath(SLUGS.wire));
    await waitForApp(page);
    const loadedAt = await page.evaluate(
      () => (performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming).loadEventStart,
    );
    expect(loadedAt).toBeGreaterThan(1000);
    expect(await appRequestedAt(page)).toBeGreaterThanOrEqual(loadedAt);
  });

  test("a prerendered story asks for the app's code only once its hero is on screen", async ({ page }) => {
    await page.goto(storyPath(SLUGS.wire));
    await waitForApp(page);
    // When the browser showed the hero, as its element timing reports it.
    const shownAt = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          new PerformanceObserver((list) => {
            for (const entry of list.getEntries() as (PerformanceEntry & { renderTime: number; loadTime: number })[]) {
              if (entry.name === "image-paint") resolve(entry.renderTime || entry.loadTime);
            }
          }).observe({ type: "element", buffered: true });
        }),
    );
    expect(shownAt).toBeGreaterThan(0);
    expect(await appRequestedAt(page)).toBeGreaterThanOrEqual(shownAt);
  });

  test("until the reader moves, a story fetches its stylesheet and hero only: icon inline, manifest with the app, thumbnails when neared", async ({
    page,
  }) => {
    // A phone's screen, as Lighthouse's: the related list starts some 2,200 px down. On a slow
    // connection (3G's round trip) Chromium's lazy loading fetches images 2,500 px ahead.
    await page.setViewportSize({ width: 412, height: 823 });
    const devtools = await page.context().newCDPSession(page);
    await devtools.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: 300,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    const story = readStory(SLUGS.wire);
    const thumbnailStems = (story.related ?? []).flatMap((headline) =>
      headline.image ? [headline.image.src.replace(/-\d+\.\w+$/, "")] : [],
    );
    expect(thumbnailStems.length).toBeGreaterThan(2);
    const isThumbnail = (url: string) => thumbnailStems.some((stem) => new URL(url).pathname.startsWith(stem));
    const requests = recordRequests(page, () => true);
    const release = await holdAppBack(page);
    const appAskedFor = page.waitForRequest((request) => isAppEntry(request.url()));
    await page.goto(storyPath(SLUGS.wire));
    // The app's code is asked for once the page has loaded and its hero is shown.
    await appAskedFor;
    const hero = page.locator('main img[elementtiming="hero"]');
    const heroFile = await hero.evaluate((image) => (image as HTMLImageElement).currentSrc);
    const stylesheet = await page.locator('link[rel="stylesheet"]').getAttribute("href");
    const paths = (urls: string[]) => urls.map((url) => new URL(url, page.url()).pathname).sort();
    const asked = requests.map((request) => request.url());
    expect(asked.filter(isAppEntry)).toHaveLength(1);
    expect(paths(asked.filter((url) => !isAppEntry(url)))).toEqual(
      paths([storyPath(SLUGS.wire), stylesheet ?? "no stylesheet", heroFile]),
    );
    await expect(page.locator('link[rel="icon"]')).toHaveAttribute("href", /^data:image\/png;base64,/);
    await expect(page.locator('link[rel="manifest"]')).toHaveCount(0);

    release();
    await waitForApp(page);
    await expect(page.locator('head link[rel="manifest"]')).toHaveAttribute("href", "/manifest.webmanifest");
    await page.waitForLoadState("networkidle");
    expect(requests.map((request) => request.url()).filter(isThumbnail)).toEqual([]);

    // Nearing the related list draws and fetches its thumbnails, and moves nothing.
    const related = page.locator(".related-item");
    const boxes = () =>
      related.evaluateAll((items) =>
        items.map((item) => {
          const box = item.getBoundingClientRect();
          return [box.top + window.scrollY, box.height, box.width];
        }),
      );
    const before = await boxes();
    await page.locator(".related").scrollIntoViewIfNeeded();
    const thumbnails = page.locator(".related img");
    await expect
      .poll(() =>
        thumbnails.evaluateAll((images) =>
          images.every((image) => (image as HTMLImageElement).complete && (image as HTMLImageElement).naturalWidth > 0),
        ),
      )
      .toBe(true);
    expect(requests.map((request) => request.url()).filter(isThumbnail)).toHaveLength(thumbnailStems.length);
    expect(await boxes()).toEqual(before);
    // Each is a file for its slot, not for the story's figure: at most 2.5 × the device pixels it is drawn across.
    // (An img's naturalWidth is scaled by its srcset's density, so the file is measured on its own.)
    const oversized = await thumbnails.evaluateAll((images) =>
      Promise.all(
        images.map(async (image) => {
          const thumbnail = image as HTMLImageElement;
          const file = new Image();
          file.src = thumbnail.currentSrc;
          await file.decode();
          const drawn = thumbnail.getBoundingClientRect().width * devicePixelRatio;
          return file.naturalWidth > 2.5 * drawn ? `${file.src}: ${file.naturalWidth} px for ${drawn}` : "";
        }),
      ).then((found) => found.filter(Boolean)),
    );
    expect(oversized).toEqual([]);
  });

  test("an image that never arrives does not keep the app from starting", async ({ page }) => {
    await page.route("**/media/**", () => {});
    await page.goto(storyPath(SLUGS.wire), { waitUntil: "domcontentloaded" });
    await waitForApp(page);
    // The page has still not finished loading: the app started on the wait's bound, not the load.
    expect(await page.evaluate(() => document.readyState)).not.toBe("complete");
    await displayToggle(page).click();
    await page.getByRole("radio", { name: "Dark", exact: true }).check();
    await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  });

  test("a reader who scrolls before the app has started stays where they scrolled", async ({ page }) => {
    const release = await holdAppBack(page);
    await page.goto(storyPath(SLUGS.longRead));
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await page.mouse.move(200, 300);
    await page.mouse.wheel(0, 1800);
    await expect.poll(() => scrollY(page)).toBeGreaterThan(1700);
    const scrolledTo = await scrollY(page);
    // The app has certainly not run yet: its module is still held back.
    expect(await page.locator("html").getAttribute("data-app")).toBeNull();
    release();
    await waitForApp(page);
    expect(await scrollY(page)).toBe(scrolledTo);
  });

  test("the controls on a prerendered page work before the app has started, as plain HTML", async ({ page }) => {
    const release = await holdAppBack(page);
    const story = readStory(SLUGS.wire);
    await page.goto(storyPath(SLUGS.wire));
    await expect(page.getByRole("heading", { level: 1, name: story.headline })).toBeVisible();

    // Subscribe and Sign up now lead to the signup page; Share is a link to the story itself.
    await expect(page.getByRole("banner").getByRole("link", { name: "Subscribe" })).toHaveAttribute(
      "href",
      "/subscribe",
    );
    await expect(page.getByRole("link", { name: "Sign up now" })).toHaveAttribute("href", "/subscribe");
    await expect(page.getByRole("contentinfo").getByRole("link", { name: "Daily headlines by email" })).toHaveAttribute(
      "href",
      "/subscribe",
    );
    await expect(page.locator(".share").getByRole("link", { name: "Share" })).toHaveAttribute(
      "href",
      storyPath(SLUGS.wire),
    );

    // Display opens without the app, and its form has the server set the cookie and come back.
    await displayToggle(page).click();
    await page.getByRole("radio", { name: "Dark", exact: true }).check();
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(storyPath(SLUGS.wire));
    await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
    expect((await page.context().cookies()).find((cookie) => cookie.name === "dispatch-theme")?.value).toBe("dark");
    // All of it happened with the app's module still held back.
    expect(await page.locator("html").getAttribute("data-app")).toBeNull();
    release();
    await waitForApp(page);
  });

  /** The controls that act in place, found as the reader's assistive technology announces them. */
  function inPlaceControls(page: Page, role: "link" | "button") {
    return {
      subscribe: page.getByRole("banner").getByRole(role, { name: "Subscribe", exact: true }),
      signUpNow: page.getByRole(role, { name: "Sign up now", exact: true }),
      // Once the app runs, Share says what it will do: Copy link where the browser has no share sheet.
      share: page.locator(".share").getByRole(role, { name: /^(Share|Copy link)$/ }),
    };
  }

  async function boxOf(control: Locator) {
    const box = await control.boundingBox();
    if (!box) throw new Error(`${control} has no box`);
    return box;
  }

  test("once the app runs, Subscribe, Sign up now and Share are buttons in the links' places: no shift, no hydration error", async ({
    page,
  }) => {
    const errors = collectPageErrors(page);
    const hydrationWarnings: string[] = [];
    page.on("console", (message) => {
      if (/hydrat/i.test(message.text())) hydrationWarnings.push(`${message.type()}: ${message.text()}`);
    });
    await watchLayoutShifts(page);
    const release = await holdAppBack(page);
    await page.goto(storyPath(SLUGS.wire));
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    const links = inPlaceControls(page, "link");
    const before = {
      subscribe: await boxOf(links.subscribe),
      signUpNow: await boxOf(links.signUpNow),
      share: await boxOf(links.share),
    };

    release();
    await waitForApp(page);
    const buttons = inPlaceControls(page, "button");
    for (const button of Object.values(buttons)) await expect(button).toBeVisible();
    for (const link of Object.values(links)) await expect(link).toHaveCount(0);
    expect(await boxOf(buttons.subscribe)).toEqual(before.subscribe);
    expect(await boxOf(buttons.signUpNow)).toEqual(before.signUpNow);
    // Share's label may change with the control (to Copy link): it keeps its place and height.
    const share = await boxOf(buttons.share);
    expect({ x: share.x, y: share.y, height: share.height }).toEqual({
      x: before.share.x,
      y: before.share.y,
      height: before.share.height,
    });

    await page.waitForLoadState("networkidle");
    expect(await layoutShifts(page)).toEqual([]);
    expect([...errors, ...hydrationWarnings]).toEqual([]);
  });

  test("a control focused before the app runs still has focus once it is a button, and Space opens the dialog", async ({
    page,
  }) => {
    const release = await holdAppBack(page);
    await page.goto(storyPath(SLUGS.wire));
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await tabUntilFocused(page, inPlaceControls(page, "link").subscribe, { max: 10 });
    release();
    await waitForApp(page);
    const subscribe = inPlaceControls(page, "button").subscribe;
    await expect(subscribe).toBeFocused();
    await page.keyboard.press("Space");
    await expect(signupDialog(page).getByLabel("Email address")).toBeFocused();
  });

  test.describe("with JavaScript off", () => {
    test.use({ javaScriptEnabled: false });

    test("Subscribe and Sign up now are links to the signup page, and Share a link to the story", async ({ page }) => {
      await page.goto(storyPath(SLUGS.wire));
      const links = inPlaceControls(page, "link");
      await expect(links.share).toHaveAttribute("href", storyPath(SLUGS.wire));
      await expect(page.getByRole("button", { name: /^(Subscribe|Sign up now|Share|Copy link)$/ })).toHaveCount(0);
      for (const link of [links.subscribe, links.signUpNow]) {
        await expect(link).toHaveAttribute("href", "/subscribe");
        await link.click();
        await expect(page).toHaveURL("/subscribe");
        await expect(page.getByRole("heading", { level: 1, name: "Sign up for daily headlines" })).toBeVisible();
        await page.goBack();
      }
    });
  });
});

test.describe("reload and odd addresses", () => {
  test("a reload comes back to the reader's position", async ({ page }) => {
    await gotoStory(page, SLUGS.longRead);
    await page.mouse.move(200, 300);
    await page.mouse.wheel(0, 1800);
    await expect.poll(() => scrollY(page)).toBeGreaterThan(1700);
    const scrolledTo = await scrollY(page);
    await page.reload();
    await waitForApp(page);
    await expect.poll(() => scrollY(page)).toBe(scrolledTo);
  });

  for (const [what, suffix] of [
    ["a malformed fragment", "#save-20%"],
    ["bad percent-encoding in the query", "?ref=%E0%A4%A"],
  ] as const) {
    test(`${what} still shows the story`, async ({ page }) => {
      const errors = collectPageErrors(page);
      const story = readStory(SLUGS.wire);
      await page.goto(`${storyPath(SLUGS.wire)}${suffix}`);
      await waitForApp(page);
      await expect(page.getByRole("heading", { level: 1, name: story.headline })).toBeVisible();
      await expect(displayToggle(page)).toBeVisible();
      expect(errors).toEqual([]);
    });
  }

  test("bad percent-encoding in the path shows the not-found page", async ({ page }) => {
    await page.goto("/articles/%E0%A4%A");
    await waitForApp(page);
    await expect(page.getByRole("heading", { level: 1, name: "Story not found" })).toBeVisible();
  });
});

test.describe("security", () => {
  // page.route cannot see requests the service worker answers, and it may take control mid-test.
  test.use({ serviceWorkers: "block" });
  test("a story page is served with a strict CSP and the other security headers", async ({ page }) => {
    const response = await page.goto(storyPath(SLUGS.wire));
    if (!response) throw new Error("no response for the story page");
    const headers = response.headers();
    const csp = headers["content-security-policy"] ?? "";
    expect(csp).toContain("default-src 'self'");
    // Scripts from this origin, plus the preferences and boot scripts inlined in the page, allowed by their hashes alone.
    expect(csp).toMatch(/script-src 'self'( 'sha256-[A-Za-z0-9+/]{43}='){2}(;|$)/);
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  });

  test("hostile inline HTML in a story renders inert", async ({ page }) => {
    const target = headlines[1];
    if (!target) throw new Error("headlines.json should list more than one story");
    const story = readStory(target.slug);
    const hostile = {
      ...story,
      body: [
        { type: "paragraph", html: 'Picture: <img src=x onerror="window.__xss=1"> end of picture.' },
        { type: "paragraph", html: "Script: <script>window.__xss=1</script> end of script." },
        { type: "paragraph", html: 'Link: <a href="javascript:window.__xss=1">click me</a> end of link.' },
        {
          type: "paragraph",
          html: '<a href=" JaVaScRiPt:window.__xss=1">or me</a> and <svg onload="window.__xss=1"></svg>',
        },
      ],
    };
    await openFrontPage(page);
    await page.route(`**/api/articles/${target.slug}.json`, (route) => route.fulfill({ json: hostile }));
    await page.getByRole("link", { name: target.headline, exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: target.headline })).toBeVisible();

    const body = page.locator(".story-body");
    await expect(body).toContainText("end of link.");
    await expect(body).toContainText("Picture:  end of picture.");
    await expect(body.locator("img, script, svg, iframe")).toHaveCount(0);
    await expect(page.locator('[href^="javascript:" i], [href*="javascript:" i]')).toHaveCount(0);
    await expect(body.locator("[onerror], [onload]")).toHaveCount(0);

    // The javascript: links lost their href, so what is left of them is plain text.
    await expect(body.getByRole("link")).toHaveCount(0);
    await body.getByText(/click me/).click();
    await body.getByText(/or me/).click();
    await expect(page).toHaveURL(storyPath(target.slug));
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  });
});

test.describe("accessibility (axe-core, WCAG 2.2 AA)", () => {
  for (const theme of ["light", "dark"] as const) {
    test.describe(`${theme} theme`, () => {
      test.beforeEach(async ({ context, baseURL }) => {
        await context.addCookies([{ name: "dispatch-theme", value: theme, url: baseURL ?? "" }]);
      });

      test("front page", async ({ page }) => {
        await openFrontPage(page);
        await expect(page.locator("html")).toHaveAttribute("data-theme", theme);
        await expect(page.locator("main .lead img")).toBeVisible();
        await expectNoAxeViolations(page, `the front page (${theme})`);
      });

      test("story", async ({ page }) => {
        await gotoStory(page, SLUGS.wire);
        await expect(page.locator("html")).toHaveAttribute("data-theme", theme);
        await expectNoAxeViolations(page, `a story (${theme})`);
      });

      test("not-found page", async ({ page }) => {
        await page.goto(storyPath("no-such-story"));
        await expect(page.getByRole("heading", { level: 1, name: "Story not found" })).toBeVisible();
        await expectNoAxeViolations(page, `the not-found page (${theme})`);
      });

      test.describe("with no service worker", () => {
        // page.route cannot see a request the service worker answers (the app's retry, once
        // the worker has taken control), so none may run here.
        test.use({ serviceWorkers: "block" });
        test("error page", async ({ page }) => {
          await page.route("**/api/articles/no-such-story.json", (route) =>
            route.fulfill({ status: 503, contentType: "application/json", body: '{"error":"down"}' }),
          );
          await page.goto(storyPath("no-such-story"));
          await expect(page.getByRole("heading", { level: 1, name: "Something went wrong" })).toBeVisible({
            timeout: 10_000,
          });
          await expectNoAxeViolations(page, `the error page (${theme})`);
        });
      });

      test("offline page and notice", async ({ page, context }) => {
        await openFrontPage(page);
        const [, second] = headlines;
        if (!second) throw new Error("the front page needs two headlines");
        await context.setOffline(true);
        await page.getByRole("link", { name: second.headline }).click();
        await expect(page.getByRole("heading", { level: 1, name: "You're offline" })).toBeVisible();
        await expectNoAxeViolations(page, `the offline page (${theme})`);
        await context.setOffline(false);
      });

      test("signup dialog open", async ({ page }) => {
        await gotoStory(page, SLUGS.wire, "?subscribe");
        await expect(signupDialog(page)).toBeVisible();
        await expect(signupDialog(page).getByLabel("Email address")).toBeFocused();
        await expectNoAxeViolations(page, `the signup dialog (${theme})`);
      });
    });
  }
});
