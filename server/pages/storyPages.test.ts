import { utimesSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { headline, story } from "../../contract/testing/fixtures.ts";
import { createServerPages } from "./storyPages.ts";
import { createTestSite } from "../testing/site.ts";
import type { TestSite } from "../testing/site.ts";
import { log } from "../http/log.ts";

const API = "https://news.example.com/api";
const SITE = "https://reader.example.org";

let site: TestSite;
beforeEach(() => {
  site = createTestSite();
});
afterEach(() => site.remove());

function pages(reply: () => Response | Promise<Response>, options: { freshMs?: number } = {}) {
  const fetch = vi.fn(async (_url: URL | RequestInfo, _init?: RequestInit) => reply());
  const render = createServerPages({
    distDir: site.distDir,
    ssrDir: site.ssrDir,
    site: { url: SITE },
    apiBase: API,
    fetch: fetch as typeof globalThis.fetch,
    ...options,
  }).story;
  return { render, fetch };
}

const json = (value: unknown, status = 200) =>
  new Response(JSON.stringify(value), { status, headers: { "Content-Type": "application/json" } });

describe("stories rendered by the server from another origin's API", () => {
  it("renders the story into the shell with its data and head tags", async () => {
    const { render, fetch } = pages(() => json(story()));
    const page = await render("harbor-bridge-reopens");
    if (!page || page === "missing") throw new Error("expected a rendered page");
    expect(String(fetch.mock.calls[0]?.[0])).toBe(`${API}/articles/harbor-bridge-reopens.json`);
    expect(page.html).toContain('<h1 id="story-headline" tabindex="-1">Harbor bridge reopens after repairs</h1>');
    expect(page.html).toContain("The bridge reopened on <em>Thursday</em>.");
    // Image paths resolve against the API the client was built for (VITE_API_BASE_URL).
    expect(page.html).toMatch(/<img src="[^"]*\/media\/bridge-1200\.jpg"/);
    expect(page.html).toContain(
      '<meta property="og:image" content="https://news.example.com/media/bridge-1200.jpg" />',
    );
    expect(page.html).toContain(`<link rel="canonical" href="${SITE}/articles/harbor-bridge-reopens" />`);
    expect(page.html).toContain('<script type="application/json" id="dispatch-data">');
    expect(page.html).not.toContain("data-shell-only");
    expect(page.html).not.toContain("<!--dispatch-app-->");
  });

  it("sanitises the story's inline HTML as the browser would", async () => {
    const hostile = story({
      body: [{ type: "paragraph", html: 'Hi <img src=x onerror="alert(1)"><script>alert(2)</script><b>there</b>' }],
    });
    const { render } = pages(() => json(hostile));
    const page = await render("harbor-bridge-reopens");
    if (!page || page === "missing") throw new Error("expected a rendered page");
    // The story's JSON is embedded as data after the page; the page itself is clean.
    const [rendered = ""] = page.html.split('<script type="application/json" id="dispatch-data">');
    expect(rendered).toContain("Hi <b>there</b>");
    expect(rendered).not.toContain("onerror");
    expect(rendered).not.toContain("alert(2)");
  });

  it("says a story the API does not have is missing", async () => {
    const { render } = pages(() => json({ error: "not found" }, 404));
    expect(await render("no-such-story")).toBe("missing");
  });

  it.each([
    ["a server error", () => json({}, 500)],
    ["a story that breaks the contract", () => json({ slug: "harbor-bridge-reopens", headline: "" })],
    ["another story than the one asked for", () => json(story({ slug: "ferry-winter" }))],
    ["a body that is not JSON", () => new Response("<html>", { status: 200 })],
    [
      "a network failure",
      () => {
        throw new TypeError("fetch failed");
      },
    ],
  ])("leaves the page to the browser after %s", async (_, reply) => {
    const logged = vi.spyOn(log, "error").mockImplementation(() => {});
    const { render } = pages(reply);
    expect(await render("harbor-bridge-reopens")).toBeUndefined();
    logged.mockRestore();
  });

  it("reuses a rendered page for a while, then asks the API again", async () => {
    const { render, fetch } = pages(() => json(story()), { freshMs: 60_000 });
    await render("harbor-bridge-reopens");
    await render("harbor-bridge-reopens");
    expect(fetch).toHaveBeenCalledTimes(1);
    vi.useFakeTimers({ now: Date.now() + 61_000, toFake: ["Date"] });
    await render("harbor-bridge-reopens");
    vi.useRealTimers();
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it("renders the front page from the API's headlines", async () => {
    const fetch = vi.fn(async (_url: URL | RequestInfo) =>
      json({ updated: "2026-11-20T14:05:00Z", headlines: [headline()] }),
    );
    const front = createServerPages({
      distDir: site.distDir,
      ssrDir: site.ssrDir,
      site: { url: SITE },
      apiBase: API,
      fetch: fetch as typeof globalThis.fetch,
    }).front;
    const page = await front();
    if (!page || page === "missing") throw new Error("expected a rendered page");
    expect(String(fetch.mock.calls[0]?.[0])).toBe(`${API}/headlines.json`);
    expect(page.html).toContain(headline().headline);
    expect(page.html).toContain(`<link rel="canonical" href="${SITE}/" />`);
  });
});

describe("the bundled stories, rendered by the server with its own site settings", () => {
  function bundledPages(siteUrl: string) {
    return createServerPages({
      distDir: site.distDir,
      ssrDir: site.ssrDir,
      site: { url: siteUrl },
      apiBase: "/api",
      contentDir: site.contentDir,
    });
  }

  it("names the running server's SITE_URL in the canonical, Open Graph and JSON-LD addresses", async () => {
    const page = await bundledPages("https://news.example").story("harbor-bridge-reopens");
    if (!page || page === "missing") throw new Error("expected a rendered page");
    const url = "https://news.example/articles/harbor-bridge-reopens";
    expect(page.html).toContain(`<link rel="canonical" href="${url}" />`);
    expect(page.html).toContain(`<meta property="og:url" content="${url}" />`);
    expect(page.html).toContain(`"url":"${url}"`);
    // The bundled images are on the site's own origin.
    expect(page.html).toContain('<meta property="og:image" content="https://news.example/media/bridge-1200.jpg" />');
    expect(page.html).not.toContain("localhost");
  });

  it("renders the front page, and says a story that is not bundled is missing", async () => {
    const pages = bundledPages(SITE);
    const front = await pages.front();
    if (!front || front === "missing") throw new Error("expected a rendered page");
    expect(front.html).toContain(`<link rel="canonical" href="${SITE}/" />`);
    expect(front.html).toContain("Story number 3 about the harbor bridge");
    expect(await pages.story("no-such-story")).toBe("missing");
  });

  it("puts the story's language on the page", async () => {
    site.write("content/api/articles/harbor-bridge-reopens.json", JSON.stringify(story({ language: "ar" })));
    const page = await bundledPages(SITE).story("harbor-bridge-reopens");
    if (!page || page === "missing") throw new Error("expected a rendered page");
    expect(page.html).toMatch(/^<!doctype html><html lang="ar" dir="rtl">/);
  });

  it("renders a story again once its file changes, and sends the shell for one that breaks the contract", async () => {
    const logged = vi.spyOn(log, "error").mockImplementation(() => {});
    const pages = bundledPages(SITE);
    const first = await pages.story("harbor-bridge-reopens");
    const file = join(site.contentDir, "api", "articles", "harbor-bridge-reopens.json");
    site.write("content/api/articles/harbor-bridge-reopens.json", JSON.stringify(story({ headline: "Bridge shut" })));
    utimesSync(file, new Date(), new Date(Date.now() + 1000));
    const changed = await pages.story("harbor-bridge-reopens");
    if (!changed || changed === "missing" || !first || first === "missing") throw new Error("expected pages");
    expect(changed.html).toContain("Bridge shut");
    site.write("content/api/articles/harbor-bridge-reopens.json", JSON.stringify({ slug: "harbor-bridge-reopens" }));
    utimesSync(file, new Date(), new Date(Date.now() + 2000));
    expect(await pages.story("harbor-bridge-reopens")).toBeUndefined();
    expect(logged).toHaveBeenCalledOnce();
    logged.mockRestore();
  });
});
