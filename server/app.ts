import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { Hono } from "hono";
import type { Context, MiddlewareHandler } from "hono";
import { isValidSlug } from "../contract/slug.ts";
import { createApi, internalError } from "./api.ts";
import { clientAddress } from "./http/clientAddress.ts";
import type { ApiOptions } from "./api.ts";
import { CACHE_IMMUTABLE, CACHE_PAGE, CACHE_REVALIDATE, resolveInside, sendFile, sendHtmlText } from "./http/files.ts";
import { inlineScriptHashes, securityHeaders } from "./http/headers.ts";
import { createHealth } from "./http/health.ts";
import type { ReadinessCheck } from "./http/health.ts";
import { addResourceHints, pageVariant } from "./pages/resourceHints.ts";
import { log, requestLog } from "./http/log.ts";
import type { Logger } from "./http/log.ts";
import { createSubscriptionPages } from "./newsletter/routes.ts";
import { createPreferences } from "./pages/preferences.ts";
import type { ResponseCache } from "./http/responseCache.ts";
import type { ContentSource } from "./content/contentSource.ts";
import { createSourceApi } from "./content/sourceApi.ts";
import { createServerPages } from "./pages/storyPages.ts";
import type { StoryPage } from "./pages/storyPages.ts";
import type { Site } from "./pages/pipeline.ts";

export type AppOptions = ApiOptions & {
  /** POST /hooks/mail/{provider}: bounces and complaints from the mail provider (server/newsletter/bounces). */
  mailHooks?: Hono;
  distDir: string;
  /** VITE_API_BASE_URL as the app was built with it (default `/api`). */
  apiBase?: string;
  /** Origin of VITE_API_BASE_URL when it is absolute, allowed by the CSP. */
  apiOrigin?: string;
  /** The app's server bundle (`vite build --ssr`), which renders every story and the front page; without it, the shell. */
  ssrDir?: string;
  /** Where the stories come from instead of the bundled content (`CONTENT_SOURCE`). */
  contentSource?: ContentSource;
  /** SITE_URL: the only origin in the pages' links; requests for another Host are not cached. */
  siteUrl: string;
  /** What /readyz asks: the database, the content source. */
  readiness?: ReadinessCheck[];
  logger?: Logger;
  /** Render the front page and the bundled stories at start, ahead of their first reader (the production server does). */
  warmPages?: boolean;
  /** The server's own shared cache (server/http/responseCache.ts), filled from the app's answers. */
  responseCache?: ResponseCache;
};

/**
 * A request for any other Host than SITE_URL's (a stray DNS name, a probe) is answered but
 * not stored by any cache, so it cannot fill or poison one.
 */
function cacheOnlyForSite(siteUrl: string): MiddlewareHandler {
  const siteHost = new URL(siteUrl).host;
  return async (c, next) => {
    await next();
    if (new URL(c.req.url).host !== siteHost) c.res.headers.set("Cache-Control", "no-store");
  };
}

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

/** The production server: the API plus the built app, its pages rendered with this server's site settings. */
export function createApp(options: AppOptions): Hono {
  const {
    distDir,
    apiBase = "/api",
    apiOrigin,
    ssrDir,
    contentSource,
    siteUrl,
    readiness = [],
    logger = log,
  } = options;
  const site: Site = { url: siteUrl };
  const app = new Hono();

  // Pages are the same for every reader; a 404 is not kept, as the page may appear later.
  // The client-only shell renders any route, including a story the server could not render.
  async function sendShell(c: Context, status: 200 | 404, storySlug?: string) {
    const rewrite = {
      variant: pageVariant({ storySlug }),
      apply: (html: string) => addResourceHints(html, { apiBase, apiOrigin, storySlug }),
    };
    const cacheControl = status === 200 ? CACHE_PAGE : CACHE_REVALIDATE;
    const shell = await sendFile(c, join(distDir, "index.html"), { cacheControl, status, rewrite });
    return shell ?? c.text("Not found", 404);
  }

  // Every story and the front page are rendered here, whatever their source, with this server's site settings.
  const serverPages = ssrDir
    ? createServerPages({ distDir, ssrDir, site, apiBase, contentDir: options.contentDir, source: contentSource })
    : undefined;
  if (options.warmPages) void serverPages?.warm();

  async function sendRendered(c: Context, key: string, page: StoryPage, storySlug?: string) {
    if (page === "missing") return sendShell(c, 404);
    if (!page) return sendShell(c, 200, storySlug);
    const html = addResourceHints(page.html, { apiBase, apiOrigin });
    return sendHtmlText(c, { html, key, version: page.renderedAt }, 200);
  }

  const sendStory = async (c: Context, slug: string) =>
    sendRendered(c, `story:${slug}`, await serverPages?.story(slug), slug);
  // The front page is never missing: without one to render, the shell shows the app's own.
  const sendFront = async (c: Context) => {
    const page = await serverPages?.front();
    return sendRendered(c, "front", page === "missing" ? undefined : page);
  };

  app.use(requestLog(logger, options.trustProxy));
  // Outside the middleware below, so a kept response has all their headers.
  if (options.responseCache) app.use(options.responseCache.keep);
  app.use(cacheOnlyForSite(siteUrl));
  const noImageOrigins: string[] = [];
  const imageOrigins = () => contentSource?.imageOrigins() ?? noImageOrigins;
  app.use(securityHeaders(apiOrigin, shellScriptHashes(join(distDir, "index.html")), imageOrigins));
  app.route("/", createHealth(readiness, logger));
  if (contentSource) app.route("/", createSourceApi(contentSource));
  app.route("/", createApi(options));
  const clientKey = (c: Context) => clientAddress(c, options.trustProxy ?? 0);
  const frame = async (content: string) => serverPages?.frame(content);
  app.route("/", createSubscriptionPages({ subscriptions: options.subscriptions, distDir, clientKey, frame }));
  if (options.mailHooks) app.route("/", options.mailHooks);
  app.route("/", createPreferences(options.trustProxy));

  app.get("/", sendFront);

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
