/**
 * The reader pointed at a content source: a WordPress-like site and a feed file, served by
 * real HTTP servers started here (on free ports), with the real Dispatch server in its own
 * process reading them through CONTENT_SOURCE.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { startFakeSite } from "../server/testing/sources.ts";
import type { FakeSite } from "../server/testing/sources.ts";
import { expectNoAxeViolations, layoutShifts, waitForApp, watchLayoutShifts } from "./helpers.ts";

type Reader = { url: string; stop(): Promise<void> };

/** Starts `server/main.ts` on a free port with these settings, and waits until it listens. */
async function startReader(env: Record<string, string>, folder: string): Promise<Reader> {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    env: {
      ...process.env,
      PORT: "0",
      HOST: "127.0.0.1",
      DATABASE_PATH: join(folder, "e2e.sqlite"),
      MAIL_OUTBOX_DIR: join(folder, "outbox"),
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const url = await new Promise<string>((resolve, reject) => {
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      // The server logs JSON lines; the one saying it runs carries its address.
      const match = /"url":"(http:\/\/[^"/]+)\/"/.exec(output);
      if (match?.[1]) resolve(match[1]);
    };
    child.stdout?.on("data", read);
    child.stderr?.on("data", read);
    child.once("exit", (code) => reject(new Error(`The reader exited with ${code}:\n${output}`)));
  });
  return {
    url,
    stop: () =>
      new Promise((done) => {
        if (child.exitCode !== null) return done();
        child.once("exit", () => done());
        child.kill("SIGTERM");
      }),
  };
}

type Scratch = {
  site: FakeSite;
  folder: string;
  /** A reader on this test's folder, stopped when the test ends. */
  reader(env: Record<string, string>): Promise<Reader>;
};

/** A fake publisher's site and a scratch folder for one test; all of it is stopped and removed after. */
async function withScratch(run: (scratch: Scratch) => Promise<void>): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), "dispatch-e2e-sources-"));
  const site = await startFakeSite();
  const readers: Reader[] = [];
  try {
    await run({
      site,
      folder,
      reader: async (env) => {
        const started = await startReader(env, folder);
        readers.push(started);
        return started;
      },
    });
  } finally {
    for (const started of readers) await started.stop();
    await site.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

async function expectNoLayoutShift(page: Page): Promise<void> {
  const shifts = await layoutShifts(page);
  const total = shifts.reduce((sum, shift) => sum + shift.value, 0);
  expect(total, `layout shifts: ${JSON.stringify(shifts, null, 1)}`).toBeLessThanOrEqual(0.001);
}

async function expectStory(page: Page, headline: string, byline: string) {
  await expect(page.getByRole("heading", { level: 1, name: headline })).toBeVisible();
  const article = page.getByRole("article");
  const hero = article.locator("figure img").first();
  await expect(hero).toHaveAttribute("width", /\d+/);
  await expect(hero).toHaveAttribute("height", /\d+/);
  await expect
    .poll(() => hero.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth))
    .toBeGreaterThan(0);
  await expect(article.getByText(byline)).toBeVisible();
  await expect(page.getByRole("complementary", { name: "Related" }).getByRole("link").first()).toBeVisible();
  await expectNoLayoutShift(page);
  expect(await page.evaluate(() => "hacked" in window)).toBe(false);
}

test.use({ serviceWorkers: "block" });

test.describe("a WordPress site as the content source", () => {
  let folder: string;
  let site: FakeSite;
  let reader: Reader;

  test.beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), "dispatch-e2e-sources-"));
    site = await startFakeSite({ posts: 5 });
    reader = await startReader({ CONTENT_SOURCE: `wordpress:${site.url}`, CONTENT_REFRESH_SECONDS: "1" }, folder);
  });
  test.afterAll(async () => {
    await reader?.stop();
    await site?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  test("shows the front page and opens a story with its picture, byline, body and related stories", async ({
    page,
  }) => {
    await watchLayoutShifts(page);
    await page.goto(`${reader.url}/`);
    const lead = page.getByRole("link", { name: "Coast story 1 – the harbour’s week" });
    await expect(lead).toBeVisible();
    await expect(page.locator("html")).toHaveAttribute("lang", "en-GB");
    await waitForApp(page);
    await lead.click();
    await expect(page).toHaveURL(`${reader.url}/articles/coast-story-1`);
    await expectStory(page, "Coast story 1 – the harbour’s week", "By Ana Field");
    await expect(page.getByRole("article").getByText("The second paragraph.")).toBeVisible();
  });

  test("a story opened by its address is rendered by the server without shifting, and passes axe-core", async ({
    page,
  }) => {
    await watchLayoutShifts(page);
    await page.goto(`${reader.url}/articles/coast-story-3`);
    await expectStory(page, "Coast story 3 – the harbour’s week", "By Ana Field");
    await expectNoAxeViolations(page, "a WordPress-sourced story");
    await page.goto(`${reader.url}/`);
    await waitForApp(page);
    await expectNoAxeViolations(page, "a WordPress-sourced front page");
  });

  test("keeps working when the source goes down", async ({ page }) => {
    await page.goto(`${reader.url}/`);
    await waitForApp(page);
    site.mode = "down";
    const seen = site.requests.length;
    // The reader asks again every second: wait until it has met the outage.
    await expect.poll(() => site.requests.length, { timeout: 10_000 }).toBeGreaterThan(seen + 1);
    await page.reload();
    await expect(page.getByRole("link", { name: "Coast story 2 – the harbour’s week" })).toBeVisible();
    await waitForApp(page);
    await page.getByRole("link", { name: "Coast story 2 – the harbour’s week" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Coast story 2 – the harbour’s week" })).toBeVisible();
    site.mode = "ok";
  });
});

test.describe("a source that has never answered", () => {
  test("shows the error page with Retry, which works once the source is up", async ({ page }) => {
    await withScratch(async ({ site, reader: startIn }) => {
      site.mode = "down";
      const reader = await startIn({ CONTENT_SOURCE: `wordpress:${site.url}`, CONTENT_REFRESH_SECONDS: "3600" });
      await page.goto(`${reader.url}/`);
      const retry = page.getByRole("button", { name: "Retry" });
      await expect(retry).toBeVisible();
      site.mode = "ok";
      await retry.click();
      await expect(page.getByRole("link", { name: "Coast story 1 – the harbour’s week" })).toBeVisible();
    });
  });
});

test.describe("a feed file as the content source", () => {
  test("shows the front page and opens a story", async ({ page }) => {
    await withScratch(async ({ site, folder, reader: startIn }) => {
      const feed = join(folder, "feed.xml");
      const items = ["keepers-cottage", "rowing-eight", "marathon-finish", "greyhaven-light"].map(
        (picture, index) => `<item>
        <title>Feed story ${index + 1}: ${picture.replace("-", " ")}</title>
        <link>https://gazette.example/${picture}</link>
        <guid>gazette-${index + 1}</guid>
        <pubDate>Fri, ${20 - index} Nov 2026 10:30:00 +0100</pubDate>
        <dc:creator>Mara Quill</dc:creator>
        <category>Coast</category>
        <content:encoded><![CDATA[<p>Body of feed story ${index + 1}.</p><script>window.hacked = true</script>]]></content:encoded>
        <media:content url="${site.url}/media/${picture}-1200.jpg" medium="image" width="1200" height="800"><media:description>The ${picture}</media:description></media:content>
      </item>`,
      );
      writeFileSync(
        feed,
        `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>Gazette</title><link>https://gazette.example/</link><language>en</language>${items.join("")}</channel></rss>`,
      );
      const reader = await startIn({ CONTENT_SOURCE: `feed:${feed}` });
      await watchLayoutShifts(page);
      await page.goto(`${reader.url}/`);
      const lead = page.getByRole("link", { name: "Feed story 1: keepers cottage" });
      await expect(lead).toBeVisible();
      await waitForApp(page);
      await lead.click();
      await expectStory(page, "Feed story 1: keepers cottage", "By Mara Quill");
      await expect(page.getByRole("article").getByText("Body of feed story 1.")).toBeVisible();
    });
  });
});

test.describe("a JSON Feed in Arabic", () => {
  test("sets lang and dir on the page and writes the dates in Arabic", async ({ page }) => {
    await withScratch(async ({ site, folder, reader: startIn }) => {
      const feed = join(folder, "feed.json");
      writeFileSync(
        feed,
        JSON.stringify({
          version: "https://jsonfeed.org/version/1.1",
          title: "الميناء",
          home_page_url: "https://port.example/",
          language: "ar",
          items: [1, 2, 3].map((index) => ({
            id: `ar-${index}`,
            url: `https://port.example/${index}`,
            title: `خبر الميناء رقم ${index}`,
            content_html: `<p>نص الخبر ${index}.</p>`,
            image: `${site.url}/media/keepers-cottage-1200.jpg`,
            date_published: `2026-11-${20 - index}T08:00:00Z`,
            authors: [{ name: "سارة" }],
          })),
        }),
      );
      const reader = await startIn({ CONTENT_SOURCE: `feed:${feed}` });
      await page.goto(`${reader.url}/articles/khbr-lmyn-rqm-1`);
      await expect(page.locator("html")).toHaveAttribute("lang", "ar");
      await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
      await expect(page.getByRole("heading", { level: 1, name: "خبر الميناء رقم 1" })).toBeVisible();
      await waitForApp(page);
      const article = page.getByRole("article");
      await expect(article).toHaveAttribute("dir", "rtl");
      const expected = await page.evaluate(() =>
        new Intl.DateTimeFormat("ar", { dateStyle: "long", timeStyle: "short" }).format(
          new Date("2026-11-19T08:00:00Z"),
        ),
      );
      await expect(article.locator("time").first()).toHaveText(expected);
    });
  });
});
