import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { Hono } from "hono";
import type { Context } from "hono";
import { isValidSlug } from "../src/shared/slug.ts";
import { clientAddress, createApi, internalError } from "./api.ts";
import type { ApiOptions } from "./api.ts";
import { CACHE_IMMUTABLE, CACHE_REVALIDATE, resolveInside, sendFile, sendHtmlText } from "./files.ts";
import { inlineScriptHashes, securityHeaders } from "./headers.ts";
import { pageVariant, personalisePage } from "./html.ts";
import { createSubscriptionPages } from "./mail/routes.ts";
import { createStoryPages } from "./storyPages.ts";

export type AppOptions = ApiOptions & {
  distDir: string;
  /** VITE_API_BASE_URL as the app was built with it (default `/api`). */
  apiBase?: string;
  /** Origin of VITE_API_BASE_URL when it is absolute, allowed by the CSP. */
  apiOrigin?: string;
  /** The server bundle (`vite build --ssr`), to render stories from another server's API. */
  ssrDir?: string;
};

/**
 * Every page is built from the shell, so the shell's inline scripts are all the pages'.
 * Read again whenever the shell changes, as it does when the app is rebuilt in place.
 */
function shellScriptHashes(shell: string): () => string[] {
  let seen: { modified: number; hashes: string[] } | undefined;
  return () => {
    const modified = statSync(shell, { throwIfNoEntry: false })?.mtimeMs ?? 0;
    if (seen?.modified !== modified) {
      seen = { modified, hashes: modified ? inlineScriptHashes(readFileSync(shell, "utf8")) : [] };
    }
    return seen.hashes;
  };
}

/** The production server: the API plus the built app, prerendered pages first. */
export function createApp(options: AppOptions): Hono {
  const { distDir, apiBase = "/api", apiOrigin, ssrDir } = options;
  const app = new Hono();

  function sendHtml(c: Context, file: string, status: 200 | 404, storySlug?: string) {
    const cookie = c.req.header("Cookie");
    const rewrite = {
      variant: pageVariant({ cookie, storySlug }),
      apply: (html: string) => personalisePage(html, { cookie, apiBase, apiOrigin, storySlug }),
    };
    return sendFile(c, file, { cacheControl: CACHE_REVALIDATE, status, rewrite });
  }

  // The client-only shell renders any route, including stories that exist only on a remote API.
  async function sendShell(c: Context, status: 200 | 404, storySlug?: string) {
    return (await sendHtml(c, join(distDir, "index.html"), status, storySlug)) ?? c.text("Not found", 404);
  }

  async function sendPage(c: Context, page: string) {
    return (await sendHtml(c, join(distDir, "pages", page), 200)) ?? sendShell(c, 200);
  }

  const storyPages = ssrDir ? createStoryPages({ distDir, ssrDir, apiBase }) : async () => undefined;

  // A story not prerendered: rendered here from another server's API when possible.
  async function sendStory(c: Context, slug: string) {
    const prerendered = await sendHtml(c, join(distDir, "pages", "articles", `${slug}.html`), 200);
    if (prerendered) return prerendered;
    const page = await storyPages(slug, new URL(c.req.url).origin);
    if (page === "missing") return sendShell(c, 404);
    if (!page) return sendShell(c, 200, slug);
    const cookie = c.req.header("Cookie");
    const html = personalisePage(page.html, { cookie, apiBase, apiOrigin });
    const key = `story:${slug}:${pageVariant({ cookie })}`;
    return sendHtmlText(c, { html, key, version: page.renderedAt }, 200);
  }

  app.use(securityHeaders(apiOrigin, shellScriptHashes(join(distDir, "index.html"))));
  app.route("/", createApi(options));
  app.route("/", createSubscriptionPages({ subscriptions: options.subscriptions, distDir, clientKey: clientAddress }));

  app.get("/", (c) => sendPage(c, "index.html"));

  app.get("/articles/:slug{[^/.]+}", (c) => {
    const slug = c.req.param("slug");
    return isValidSlug(slug) ? sendStory(c, slug) : sendShell(c, 404);
  });

  app.get("*", async (c) => {
    const pathname = new URL(c.req.url).pathname;
    // Paths without an extension are app routes; the app shows its own not-found page.
    if (!/\.[^/]*$/.test(pathname)) return sendShell(c, 404);
    const file = resolveInside(distDir, pathname.slice(1));
    const cacheControl = pathname.startsWith("/assets/") ? CACHE_IMMUTABLE : CACHE_REVALIDATE;
    const response = file === undefined ? undefined : await sendFile(c, file, { cacheControl });
    return response ?? c.text("Not found", 404);
  });

  app.notFound((c) => c.text("Not found", 404));
  app.onError(internalError);
  return app;
}
