/**
 * Stories that live on another origin's API are not prerendered, so without help the
 * browser would wait for the app to run, then fetch the story, then its image. Instead the
 * server fetches the story itself, checks it against the contract and renders it with the
 * app's server bundle (the one the build prerenders with): the page arrives readable.
 * The same happens for stories and the front page from a content source (`CONTENT_SOURCE`).
 * Anything that goes wrong leaves the reader with the client-rendered shell, as before.
 */
import { existsSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import * as v from "valibot";
import type { AppRender } from "../../contract/appRender.ts";
import { apiDirectory, storyDocument, storyPath } from "../../contract/paths.ts";
import { FrontPageSchema, StorySchema } from "../../contract/schema.ts";
import { checkShell, composePage, frontHead, storyHead } from "./pageHead.ts";
import { log } from "../http/log.ts";
import { importAppRender } from "./appRender.ts";

export type StoryPageOptions = {
  distDir: string;
  /** Where `vite build --ssr src/app/render.tsx` wrote render.js. */
  ssrDir: string;
  /** The API's base URL; only an absolute one (another server) is rendered here. */
  apiBase: string;
  fetch?: typeof fetch;
  /** How long to wait for the API before sending the shell instead. */
  timeoutMs?: number;
  /** How long a rendered page is reused. */
  freshMs?: number;
  /** Where stories come from instead of the API (a content source, `CONTENT_SOURCE`). */
  source?: PageSource;
};

/** Documents from a content source, not yet checked against the contract (the render checks them). */
export type PageSource = {
  story(slug: string): Promise<unknown | "missing" | undefined>;
  frontPage(): Promise<unknown | undefined>;
  /** When the source's current documents were made: a page rendered before that is stale. */
  version(): number;
};

/** A rendered page, `missing` when the API says there is no such story, or undefined: send the shell. */
export type StoryPage = { html: string; renderedAt: number } | "missing" | undefined;

const MAX_PAGES = 500;

export type ServerPages = {
  story(slug: string, siteUrl: string): Promise<StoryPage>;
  /** The front page, rendered only from a content source (the bundled one is prerendered). */
  front(siteUrl: string): Promise<StoryPage>;
};

export function createServerPages(options: StoryPageOptions): ServerPages {
  const { distDir, ssrDir, apiBase, fetch: fetchStory = fetch, timeoutMs = 2000, freshMs = 60_000, source } = options;
  const apiUrl = URL.parse(apiDirectory(apiBase));
  const bundle = join(ssrDir, "render.js");
  const shellPath = join(distDir, "index.html");
  const pages = new Map<string, { page: Promise<StoryPage>; renderedAt: number }>();
  let renderer: { modified: number; module: Promise<AppRender> } | undefined;

  async function loadRenderer(): Promise<AppRender> {
    // A rebuilt bundle is imported afresh.
    const modified = (await stat(bundle)).mtimeMs;
    if (renderer?.modified !== modified) {
      renderer = { modified, module: importAppRender(bundle, modified) };
    }
    return renderer.module;
  }

  // A content source's images carry their own absolute addresses; the API's are relative to it.
  const mediaOrigin = apiUrl?.origin ?? "http://localhost";

  async function loadStory(slug: string): Promise<unknown | "missing" | undefined> {
    if (source) return source.story(slug);
    if (!apiUrl) return undefined;
    const response = await fetchStory(new URL(storyDocument(slug), apiUrl), {
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (response.status === 404) return "missing";
    if (!response.ok) return undefined;
    return response.json();
  }

  async function renderStory(slug: string, siteUrl: string): Promise<StoryPage> {
    const data = await loadStory(slug);
    if (data === "missing" || data === undefined) return data;
    const { renderAppHtml } = await loadRenderer();
    const parsed = v.safeParse(StorySchema, data);
    if (!parsed.success || parsed.output.slug !== slug) return undefined;
    const story = parsed.output;
    const shell = await readFile(shellPath, "utf8");
    checkShell(shell);
    const { html, state } = renderAppHtml(storyPath(slug), { kind: "story", story });
    const head = storyHead(story, { url: siteUrl, mediaOrigin });
    return { html: composePage(shell, { head, app: html, state, language: story.language }), renderedAt: Date.now() };
  }

  async function renderFront(siteUrl: string): Promise<StoryPage> {
    const data = await source?.frontPage();
    if (data === undefined) return undefined;
    const { renderAppHtml } = await loadRenderer();
    const parsed = v.safeParse(FrontPageSchema, data);
    if (!parsed.success) return undefined;
    const frontPage = parsed.output;
    const shell = await readFile(shellPath, "utf8");
    checkShell(shell);
    const { html, state } = renderAppHtml("/", { kind: "front", frontPage });
    const head = frontHead(frontPage, { url: siteUrl, mediaOrigin });
    return {
      html: composePage(shell, { head, app: html, state, language: frontPage.language }),
      renderedAt: Date.now(),
    };
  }

  async function cachedPage(key: string, render: () => Promise<StoryPage>): Promise<StoryPage> {
    // Only for an API on another server or a content source, and only with the server bundle built.
    if ((!apiUrl && !source) || !existsSync(bundle)) return undefined;
    const now = Date.now();
    const shellModified = (await stat(shellPath).catch(() => undefined))?.mtimeMs ?? now;
    const cached = pages.get(key);
    const current = source ? source.version() : 0;
    if (
      cached &&
      now - cached.renderedAt < freshMs &&
      shellModified < cached.renderedAt &&
      current <= cached.renderedAt
    ) {
      return cached.page;
    }
    const page = render().catch((error: unknown) => {
      log.error({ err: error, page: key }, "could not render the page on the server, sending the shell");
      return undefined;
    });
    pages.delete(key);
    pages.set(key, { page, renderedAt: now });
    // Failures are not kept: the next reader tries again.
    void page.then((result) => {
      if (result === undefined && pages.get(key)?.page === page) pages.delete(key);
    });
    for (const oldest of pages.keys()) {
      if (pages.size <= MAX_PAGES) break;
      pages.delete(oldest);
    }
    return page;
  }

  return {
    story: (slug, siteUrl) => cachedPage(`${siteUrl} ${slug}`, () => renderStory(slug, siteUrl)),
    front: (siteUrl) => (source ? cachedPage(`${siteUrl} /`, () => renderFront(siteUrl)) : Promise.resolve(undefined)),
  };
}
