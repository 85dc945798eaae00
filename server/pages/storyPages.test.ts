import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { story } from "../../contract/testing/fixtures.ts";
import { createServerPages } from "./storyPages.ts";
import { createTestSite } from "../testing/site.ts";
import type { TestSite } from "../testing/site.ts";
import { log } from "../http/log.ts";

const API = "https://news.example.com/api";
const SITE = "https://reader.example.org";
const SHELL =
  '<!doctype html><html lang="en"><head><!--dispatch-head--><title>Dispatch</title><!--/dispatch-head-->' +
  '<link rel="modulepreload" href="/assets/fetchers.js" data-shell-only></head>' +
  '<body><div id="root"><!--dispatch-app--></div></body></html>';

let site: TestSite;
beforeEach(() => {
  site = createTestSite();
  site.write("dist/index.html", SHELL);
  // The real server entry, as `vite build --ssr src/app/render.tsx` would bundle it.
  site.write("ssr/render.js", `export * from ${JSON.stringify(resolve("src/app/render.tsx"))};\n`);
});
afterEach(() => site.remove());

function pages(reply: () => Response | Promise<Response>, options: { freshMs?: number } = {}) {
  const fetch = vi.fn(async (_url: URL | RequestInfo, _init?: RequestInit) => reply());
  const render = createServerPages({
    distDir: site.distDir,
    ssrDir: join(site.root, "ssr"),
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
    const page = await render("harbor-bridge-reopens", SITE);
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
    const page = await render("harbor-bridge-reopens", SITE);
    if (!page || page === "missing") throw new Error("expected a rendered page");
    // The story's JSON is embedded as data after the page; the page itself is clean.
    const [rendered = ""] = page.html.split('<script type="application/json" id="dispatch-data">');
    expect(rendered).toContain("Hi <b>there</b>");
    expect(rendered).not.toContain("onerror");
    expect(rendered).not.toContain("alert(2)");
  });

  it("says a story the API does not have is missing", async () => {
    const { render } = pages(() => json({ error: "not found" }, 404));
    expect(await render("no-such-story", SITE)).toBe("missing");
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
    expect(await render("harbor-bridge-reopens", SITE)).toBeUndefined();
    logged.mockRestore();
  });

  it("reuses a rendered page for a while, then asks the API again", async () => {
    const { render, fetch } = pages(() => json(story()), { freshMs: 60_000 });
    await render("harbor-bridge-reopens", SITE);
    await render("harbor-bridge-reopens", SITE);
    expect(fetch).toHaveBeenCalledTimes(1);
    vi.useFakeTimers({ now: Date.now() + 61_000, toFake: ["Date"] });
    await render("harbor-bridge-reopens", SITE);
    vi.useRealTimers();
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it("does nothing for an API on the app's own origin, whose stories are prerendered", async () => {
    const fetch = vi.fn();
    const render = createServerPages({
      distDir: site.distDir,
      ssrDir: join(site.root, "ssr"),
      apiBase: "/api",
      fetch,
    }).story;
    expect(await render("harbor-bridge-reopens", SITE)).toBeUndefined();
    expect(fetch).not.toHaveBeenCalled();
  });
});
