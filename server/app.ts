import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Hono } from "hono";
import type { Context } from "hono";
import { isValidSlug } from "../src/api/slug.ts";
import { createApi, internalError } from "./api.ts";
import type { ApiOptions } from "./api.ts";
import { CACHE_IMMUTABLE, CACHE_REVALIDATE, resolveInside, sendFile } from "./files.ts";
import { inlineScriptHashes, securityHeaders } from "./headers.ts";
import { pageVariant, personalisePage } from "./html.ts";

export type AppOptions = ApiOptions & {
  distDir: string;
  /** VITE_API_BASE_URL as the app was built with it (default `/api`). */
  apiBase?: string;
  /** Origin of VITE_API_BASE_URL when it is absolute, allowed by the CSP. */
  apiOrigin?: string;
};

/** The production server: the API plus the built app, prerendered pages first. */
export function createApp(options: AppOptions): Hono {
  const { distDir, apiBase = "/api", apiOrigin } = options;
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

  async function sendPage(c: Context, page: string, storySlug?: string) {
    return (await sendHtml(c, join(distDir, "pages", page), 200)) ?? sendShell(c, 200, storySlug);
  }

  // Every page is built from the shell, so the shell's inline scripts are all the pages'.
  const shell = join(distDir, "index.html");
  const scriptHashes = existsSync(shell) ? inlineScriptHashes(readFileSync(shell, "utf8")) : [];
  app.use(securityHeaders(apiOrigin, scriptHashes));
  app.route("/", createApi(options));

  app.get("/", (c) => sendPage(c, "index.html"));

  app.get("/articles/:slug{[^/.]+}", (c) => {
    const slug = c.req.param("slug");
    return isValidSlug(slug) ? sendPage(c, `articles/${slug}.html`, slug) : sendShell(c, 404);
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
