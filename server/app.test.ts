import { rmSync, utimesSync } from "node:fs";
import { join, resolve } from "node:path";
import { Hono } from "hono";
import { brotliCompressSync, brotliDecompressSync, gunzipSync, constants as zlib } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createApp } from "./app.ts";
import { sendHtmlText } from "./http/files.ts";
import type { AppOptions } from "./app.ts";
import { story } from "../contract/testing/fixtures.ts";
import { APP_JS, createTestSite, HEADLINES, SECRET, startServer } from "./testing/site.ts";
import type { TestSite } from "./testing/site.ts";
import { log } from "./http/log.ts";

const IMMUTABLE = "public, max-age=31536000, immutable";
const PAGE = "public, max-age=0, s-maxage=60, stale-while-revalidate=600";

let site: TestSite;
beforeEach(() => {
  site = createTestSite();
});
afterEach(async () => {
  await site.remove();
});

function app(options: Partial<AppOptions> = {}) {
  return createApp({
    contentDir: site.contentDir,
    distDir: site.distDir,
    ssrDir: site.ssrDir,
    subscriptions: site.subscriptions(),
    siteUrl: "http://localhost",
    ...options,
  });
}

describe("routing", () => {
  it.each([
    ["/", 200, "Dispatch"],
    ["/articles/harbor-bridge-reopens", 200, "Harbor bridge reopens after repairs — Dispatch"],
    ["/articles/not-bundled", 404, "shell"],
    ["/articles/Not_A_Slug", 404, "shell"],
    ["/articles/harbor-bridge-reopens/", 404, "shell"],
    ["/sections/europe", 404, "shell"],
    ["/articles", 404, "shell"],
    ["/pages", 404, "shell"],
  ])("GET %s → %i with the %s HTML", async (path, status, title) => {
    const response = await app().request(path);
    expect(response.status).toBe(status);
    expect(response.headers.get("Content-Type")).toBe("text/html; charset=utf-8");
    expect(response.headers.get("Cache-Control")).toBe(status === 200 ? PAGE : "no-cache");
    expect(await response.text()).toContain(`<title>${title}</title>`);
  });

  it("falls back to the shell for / when there is no front page to render", async () => {
    rmSync(join(site.contentDir, "api", "headlines.json"));
    const response = await app().request("/");
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("<title>shell</title>");
  });

  it("serves hashed assets as immutable and other files revalidated", async () => {
    const asset = await app().request("/assets/logo-9d8e7f.svg");
    expect(asset.status).toBe(200);
    expect(asset.headers.get("Content-Type")).toBe("image/svg+xml; charset=utf-8");
    expect(asset.headers.get("Cache-Control")).toBe(IMMUTABLE);

    const robots = await app().request("/robots.txt");
    expect(robots.headers.get("Cache-Control")).toBe("no-cache");
    expect(await robots.text()).toBe("User-agent: *\n");

    const favicon = await app().request("/favicon.ico");
    expect(favicon.headers.get("Content-Type")).toBe("image/x-icon");
  });

  it.each(["/missing.png", "/assets/missing-123.js", "/articles/harbor-bridge-reopens.html"])(
    "GET %s → plain 404",
    async (path) => {
      const response = await app().request(path);
      expect(response.status).toBe(404);
      expect(response.headers.get("Content-Type")).toMatch(/^text\/plain/);
      expect(await response.text()).not.toContain("<title>");
    },
  );

  it("answers HEAD like GET without a body", async () => {
    const get = await app().request("/");
    const head = await app().request("/", { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("Content-Length")).toBe(get.headers.get("Content-Length"));
    expect(head.headers.get("ETag")).toBe(get.headers.get("ETag"));
    expect(await head.text()).toBe("");
  });

  it("answers 304 for an unchanged HTML page", async () => {
    const first = await app().request("/");
    const again = await app().request("/", {
      headers: { "If-None-Match": first.headers.get("ETag") ?? "" },
    });
    expect(again.status).toBe(304);
  });

  it.each([
    "/..%2fpackage.json",
    "/%2e%2e/package.json",
    "/assets/..%2f..%2fpackage.json",
    "/assets/%2E%2E%2F%2E%2E%2Fpackage.json",
    "/..%5cpackage.json",
    "/media/..%2fpackage.json",
    "/media/../package.json",
    "/media/%2e%2e/%2e%2e/package.json",
    "/api/articles/..%2f..%2fpackage.json",
  ])("does not serve files outside the roots: %s", async (path) => {
    const response = await app().request(path);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain(SECRET);
  });

  it("leaves unmatched methods a plain 404", async () => {
    const response = await app().request("/", { method: "POST" });
    expect(response.status).toBe(404);
  });
});

describe("security headers", () => {
  const expected = {
    "Content-Security-Policy":
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; " +
      "media-src 'self' https:; frame-src https://www.youtube-nocookie.com https://player.vimeo.com; " +
      "font-src 'self'; connect-src 'self'; manifest-src 'self'; worker-src 'self'; " +
      "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
  };

  it.each([
    ["HTML", "/", {}],
    ["an app 404", "/no/such/page", {}],
    ["a file 404", "/missing.png", {}],
    ["API JSON", "/api/headlines.json", {}],
    ["an API 404", "/api/articles/missing.json", {}],
    ["a 304", "/robots.txt", { headers: { "If-Modified-Since": "Fri, 01 Jan 2100 00:00:00 GMT" } }],
    ["a media file", "/media/harbor.jpg", {}],
    [
      "a signup",
      "/api/subscriptions",
      {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ email: "reader@example.com", list: "daily-headlines" }),
      },
    ],
    ["a rejected signup", "/api/subscriptions", { method: "POST", body: "nope" }],
    ["a 405", "/api/subscriptions", {}],
  ])("are set on %s", async (_, path, init: RequestInit) => {
    const response = await app().request(path, init);
    for (const [name, value] of Object.entries(expected)) {
      expect(response.headers.get(name), name).toBe(value);
    }
  });

  it("are set on a 500", async () => {
    const store = {
      ...site.store,
      signUp: async () => {
        throw new Error("boom");
      },
    };
    const logged = vi.spyOn(log, "error").mockImplementation(() => {});
    const response = await app({ subscriptions: site.subscriptions({ store }) }).request("/api/subscriptions", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email: "reader@example.com", list: "daily-headlines" }),
    });
    logged.mockRestore();
    expect(response.status).toBe(500);
    expect(response.headers.get("Content-Security-Policy")).toBe(expected["Content-Security-Policy"]);
    expect(response.headers.get("X-Frame-Options")).toBe("DENY");
  });

  it("allow the shell's inline boot script by its hash, and no other inline script", async () => {
    site.write(
      "dist/index.html",
      '<!doctype html><head><script type="application/ld+json">{}</script>' +
        '<script type="module">startApp("/assets/index-abc.js");</script></head><body></body>',
    );
    const csp = (await app().request("/")).headers.get("Content-Security-Policy") ?? "";
    // openssl dgst -sha256 -binary of the script's text, base64.
    expect(csp).toContain("script-src 'self' 'sha256-oy877Jabls8RoITRqpyKSWldYrNYJLFQZMWdrR55wkA=';");
    expect(csp).not.toContain("unsafe-inline");
  });

  it("follow the shell when the app is rebuilt while the server runs", async () => {
    const server = app();
    const shell = (entry: string) =>
      site.write("dist/index.html", `<!doctype html><script type="module">startApp("/assets/${entry}");</script>`);
    const scriptSrc = async () =>
      /script-src [^;]*/.exec((await server.request("/")).headers.get("Content-Security-Policy") ?? "")?.[0];
    shell("index-abc.js");
    expect(await scriptSrc()).toBe("script-src 'self' 'sha256-oy877Jabls8RoITRqpyKSWldYrNYJLFQZMWdrR55wkA='");
    shell("index-def.js");
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(site.distDir, "index.html"), later, later);
    expect(await scriptSrc()).toBe("script-src 'self' 'sha256-Jxyt0wskFqhQtVim+UWUiivCIuXtfX1NlatKCe5IYwM='");
  });

  it("allow an absolute API origin to be fetched and its images shown, with no unsafe-inline", async () => {
    const response = await app({ apiOrigin: "https://api.example.com" }).request("/");
    const csp = response.headers.get("Content-Security-Policy") ?? "";
    expect(csp).toContain("connect-src 'self' https://api.example.com;");
    expect(csp).toContain("img-src 'self' data: https: https://api.example.com;");
    expect(csp).toContain("media-src 'self' https: https://api.example.com;");
    expect(csp).not.toContain("unsafe-inline");
  });
});

describe("compression", () => {
  async function fetchEncoded(path: string, acceptEncoding?: string) {
    const headers: Record<string, string> = acceptEncoding ? { "Accept-Encoding": acceptEncoding } : {};
    const response = await app().request(path, { headers });
    return { response, body: Buffer.from(await response.arrayBuffer()) };
  }

  it("prefers brotli", async () => {
    const { response, body } = await fetchEncoded("/assets/app-3f2a1c.js", "gzip, deflate, br");
    expect(response.headers.get("Content-Encoding")).toBe("br");
    expect(response.headers.get("Vary")).toBe("Accept-Encoding");
    expect(response.headers.get("Content-Length")).toBe(String(body.length));
    expect(body.length).toBeLessThan(APP_JS.length / 4);
    expect(brotliDecompressSync(body).toString()).toBe(APP_JS);
  });

  it("falls back to gzip, also when brotli is refused", async () => {
    for (const accept of ["gzip", "br;q=0, gzip;q=0.5"]) {
      const { response, body } = await fetchEncoded("/api/headlines.json", accept);
      expect(response.headers.get("Content-Encoding")).toBe("gzip");
      expect(gunzipSync(body).toString()).toBe(HEADLINES);
    }
  });

  it.each([undefined, "identity", "deflate", "br;q=0, gzip;q=0"])("sends identity for %j", async (accept) => {
    const { response, body } = await fetchEncoded("/assets/app-3f2a1c.js", accept);
    expect(response.headers.get("Content-Encoding")).toBeNull();
    expect(response.headers.get("Vary")).toBe("Accept-Encoding");
    expect(body.toString()).toBe(APP_JS);
  });

  it("leaves small text and images alone", async () => {
    const small = await fetchEncoded("/robots.txt", "br");
    expect(small.response.headers.get("Content-Encoding")).toBeNull();
    const image = await fetchEncoded("/favicon.ico", "br");
    expect(image.response.headers.get("Content-Encoding")).toBeNull();
    expect(image.response.headers.get("Vary")).toBeNull();
  });

  it("serves repeat requests from the cache and notices a changed file", async () => {
    const first = await fetchEncoded("/assets/app-3f2a1c.js", "br");
    const second = await fetchEncoded("/assets/app-3f2a1c.js", "br");
    expect(second.body).toEqual(first.body);

    const changed = `${APP_JS}// changed\n`;
    site.write("dist/assets/app-3f2a1c.js", changed);
    const later = new Date(Date.now() + 5_000);
    utimesSync(join(site.distDir, "assets", "app-3f2a1c.js"), later, later);
    const third = await fetchEncoded("/assets/app-3f2a1c.js", "br");
    expect(brotliDecompressSync(third.body).toString()).toBe(changed);
  });

  it("compresses a file at the smallest size, and a page the server renders at a fast level on each render", async () => {
    const quality = (level: number, text: string) =>
      brotliCompressSync(text, { params: { [zlib.BROTLI_PARAM_QUALITY]: level } });
    const file = await fetchEncoded("/assets/app-3f2a1c.js", "br");
    expect(file.body).toEqual(quality(zlib.BROTLI_MAX_QUALITY, APP_JS));

    const html = `<!doctype html><p>${"A story rendered on request. ".repeat(200)}</p>`;
    const rendered = new Hono().get("/page", (c) => sendHtmlText(c, { html, key: "page", version: 1 }, 200));
    const page = await rendered.request("/page", { headers: { "Accept-Encoding": "br" } });
    expect(page.headers.get("Content-Encoding")).toBe("br");
    expect(Buffer.from(await page.arrayBuffer())).toEqual(quality(5, html));
  });
});

describe("pages a shared cache can keep", () => {
  it("sends every reader the same bytes and validator, whatever their cookie, and no Vary: Cookie", async () => {
    const plain = await app().request("/");
    const dark = await app().request("/", { headers: { Cookie: "dispatch-theme=dark; dispatch-text-size=large" } });
    expect(await dark.text()).toBe(await plain.text());
    expect(dark.headers.get("ETag")).toBe(plain.headers.get("ETag"));
    expect(dark.headers.get("Vary")).not.toContain("Cookie");
    expect(dark.headers.get("Cache-Control")).toBe(PAGE);
  });

  it("links a story it renders from another API to SITE_URL, whatever Host the request named", async () => {
    site.write(
      "dist/index.html",
      '<!doctype html><html lang="en"><head><!--dispatch-head--><title>Dispatch</title><!--/dispatch-head--></head><body><div id="root"><!--dispatch-app--></div></body></html>',
    );
    site.write("ssr/render.js", `export * from ${JSON.stringify(resolve("src/app/render.tsx"))};\n`);
    const slug = "only-on-the-remote-api";
    const remote = await startServer(new Hono().get(`/api/articles/${slug}.json`, (c) => c.json(story({ slug }))));
    try {
      const served = app({
        siteUrl: "https://news.example",
        apiBase: `${remote.url}/api`,
        apiOrigin: remote.url,
        ssrDir: join(site.root, "ssr"),
      });
      const response = await served.request(`http://stray.example/articles/${slug}`);
      const html = await response.text();
      expect(html).toContain(`<link rel="canonical" href="https://news.example/articles/${slug}" />`);
      expect(html).not.toContain("stray.example");
      expect(response.headers.get("Cache-Control")).toBe("no-store");
      const own = await served.request(`https://news.example/articles/${slug}`);
      expect(own.headers.get("Cache-Control")).toBe(PAGE);
      expect(own.headers.get("ETag")).toMatch(/^W\/"/);
      const again = await served.request(`https://news.example/articles/${slug}`, {
        headers: { "If-None-Match": own.headers.get("ETag") ?? "" },
      });
      expect(again.status).toBe(304);
    } finally {
      await remote.close();
    }
  });

  it("answers a matching validator with 304 for a story page", async () => {
    const first = await app().request("/articles/harbor-bridge-reopens");
    const etag = first.headers.get("ETag") ?? "";
    expect(etag).toMatch(/^W\//);
    const again = await app().request("/articles/harbor-bridge-reopens", { headers: { "If-None-Match": etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get("Cache-Control")).toBe(PAGE);
  });

  it("lets no cache store what it answers for a Host other than SITE_URL's", async () => {
    const site = app({ siteUrl: "https://news.example" });
    const stray = await site.request("http://stray.example/articles/harbor-bridge-reopens");
    expect(stray.status).toBe(200);
    expect(stray.headers.get("Cache-Control")).toBe("no-store");
    const own = await site.request("http://news.example/articles/harbor-bridge-reopens");
    expect(own.headers.get("Cache-Control")).toBe(PAGE);
    const asset = await site.request("http://stray.example/assets/logo-9d8e7f.svg");
    expect(asset.headers.get("Cache-Control")).toBe("no-store");
  });

  it("preloads a story that is not prerendered from the API the app was built for", async () => {
    site.write("dist/index.html", '<!doctype html><html lang="en"><head></head><body>shell</body></html>');
    const response = await app({ apiBase: "https://api.example.com/v1", apiOrigin: "https://api.example.com" }).request(
      "/articles/only-on-the-remote-api",
    );
    const html = await response.text();
    expect(html).toContain('href="https://api.example.com/v1/articles/only-on-the-remote-api.json" as="fetch"');
    expect(html).toContain('<link rel="preconnect" href="https://api.example.com" crossorigin />');
  });
});

describe("the daily email's own pages", () => {
  /** The footer and the masthead link, as the markup between their first and last tags. */
  const frameParts = (html: string) => [
    /<footer class="site-footer">[\s\S]*?<\/footer>/.exec(html)?.[0],
    /<a class="masthead"[^>]*>Dispatch<\/a>/.exec(html)?.[0],
    /<a class="skip-link"[^>]*>Skip to content<\/a>/.exec(html)?.[0],
  ];

  it("are framed by the site's own header and footer, as the app renders them", async () => {
    const signup = await (await app().request("/subscribe")).text();
    const front = await (await app().request("/")).text();
    const parts = frameParts(signup);
    expect(parts.every((part) => part !== undefined)).toBe(true);
    expect(parts).toEqual(frameParts(front));
    expect(signup).toMatch(
      /<main id="main" tabindex="-1"><div class="message-page"><h1>Sign up for daily headlines<\/h1>/,
    );
    expect(signup).not.toContain("<script");
  });

  it("keep their content without the app's server bundle", async () => {
    const response = await app({ ssrDir: undefined }).request("/subscriptions/unsubscribe/not-a-token");
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('<main id="main"><h1>This unsubscribe link cannot be used</h1>');
  });
});
