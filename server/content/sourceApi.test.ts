import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../app.ts";
import { createTestSite } from "../testing/site.ts";
import type { TestSite } from "../testing/site.ts";
import { createContentSource } from "./contentSource.ts";
import type { ContentSource } from "./contentSource.ts";
import { startFakeSite } from "../testing/sources.ts";
import type { FakeSite } from "../testing/sources.ts";

const SHELL =
  '<!doctype html><html lang="en"><head><!--dispatch-head--><title>Dispatch</title><!--/dispatch-head--></head>' +
  '<body><div id="root"><!--dispatch-app--></div></body></html>';

let test: TestSite;
let wordpress: FakeSite;
let source: ContentSource;

beforeEach(async () => {
  test = createTestSite();
  test.write("dist/index.html", SHELL);
  // The real server entry, as `vite build --ssr src/app/render.tsx` would bundle it.
  test.write("ssr/render.js", `export * from ${JSON.stringify(resolve("src/app/render.tsx"))};\n`);
  wordpress = await startFakeSite();
  source = createContentSource({ kind: "wordpress", location: wordpress.url }, { log: () => {} });
});
afterEach(async () => {
  source.stop();
  await wordpress.close();
  await test.remove();
});

function app() {
  return createApp({
    contentDir: test.contentDir,
    distDir: test.distDir,
    ssrDir: join(test.root, "ssr"),
    subscriptions: test.subscriptions(),
    contentSource: source,
    siteUrl: "http://localhost",
  });
}

describe("the app with a content source", () => {
  it("serves the source's front page and stories as contract JSON on its own origin", async () => {
    const front = await app().request("/api/headlines.json");
    expect(front.status).toBe(200);
    const body = (await front.json()) as { headlines: { slug: string }[]; language: string };
    expect(body.language).toBe("en-GB");
    expect(body.headlines[0]?.slug).toBe("coast-story-1");
    const story = await app().request("/api/articles/coast-story-2.json");
    expect(((await story.json()) as { headline: string }).headline).toBe("Coast story 2 – the harbour’s week");
    expect((await app().request("/api/articles/harbor-bridge-reopens.json")).status).toBe(404);
  });

  it("renders the front page and a story on the server, with the page's language and the source's image origin allowed", async () => {
    const front = await app().request("/");
    const frontHtml = await front.text();
    expect(frontHtml).toContain('<html lang="en-GB" dir="ltr">');
    expect(frontHtml).toContain("Coast story 1 – the harbour’s week");
    expect(frontHtml).not.toContain("front page</title>");
    const story = await app().request("/articles/coast-story-1");
    const html = await story.text();
    expect(story.status).toBe(200);
    expect(html).toContain("Coast story 1 – the harbour’s week</h1>");
    expect(html).toContain('width="1200" height="800"');
    expect(html).toMatch(/By <!-- -->Ana Field|By Ana Field/);
    expect(html).not.toMatch(/<script>window\.hacked|onerror=|onclick=/);
    expect(story.headers.get("Content-Security-Policy")).toContain(`img-src 'self' data: https: ${wordpress.url}`);
  });

  it("does not send a bundled story's prerendered page in place of the source's", async () => {
    const response = await app().request("/articles/harbor-bridge-reopens");
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain("<title>harbor</title>");
  });

  it("answers 503 with a clear message while the source has never answered, and the shell for pages", async () => {
    wordpress.mode = "down";
    const api = await app().request("/api/headlines.json");
    expect(api.status).toBe(503);
    expect(((await api.json()) as { error: string }).error).toMatch(/not answered yet/);
    const page = await app().request("/");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("<title>Dispatch</title>");
  });

  it("keeps serving rendered pages and JSON when the source goes down after answering", async () => {
    expect((await app().request("/articles/coast-story-1")).status).toBe(200);
    wordpress.mode = "down";
    await source.refresh();
    expect((await app().request("/api/articles/coast-story-1.json")).status).toBe(200);
    expect(await (await app().request("/articles/coast-story-3")).text()).toContain("Coast story 3");
  });
});
