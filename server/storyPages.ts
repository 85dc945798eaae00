/**
 * Stories that live on another origin's API are not prerendered, so without help the
 * browser would wait for the app to run, then fetch the story, then its image. Instead the
 * server fetches the story itself, checks it against the contract and renders it with the
 * app's server bundle (the one the build prerenders with): the page arrives readable.
 * Anything that goes wrong leaves the reader with the client-rendered shell, as before.
 */
import { existsSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import * as v from "valibot";
import { checkShell, composePage, storyHead } from "../src/shared/pageHead.ts";
import { log } from "./log.ts";

type PrerenderModule = typeof import("../src/prerender.tsx");

export type StoryPageOptions = {
  distDir: string;
  /** Where `vite build --ssr src/prerender.tsx` wrote prerender.js. */
  ssrDir: string;
  /** The API's base URL; only an absolute one (another server) is rendered here. */
  apiBase: string;
  fetch?: typeof fetch;
  /** How long to wait for the API before sending the shell instead. */
  timeoutMs?: number;
  /** How long a rendered page is reused. */
  freshMs?: number;
};

/** A rendered page, `missing` when the API says there is no such story, or undefined: send the shell. */
export type StoryPage = { html: string; renderedAt: number } | "missing" | undefined;

const MAX_PAGES = 500;

export function createStoryPages(options: StoryPageOptions): (slug: string, siteUrl: string) => Promise<StoryPage> {
  const { distDir, ssrDir, apiBase, fetch: fetchStory = fetch, timeoutMs = 2000, freshMs = 60_000 } = options;
  const apiUrl = URL.parse(apiBase.replace(/\/?$/, "/"));
  const bundle = join(ssrDir, "prerender.js");
  const shellPath = join(distDir, "index.html");
  const pages = new Map<string, { page: Promise<StoryPage>; renderedAt: number }>();
  let renderer: { modified: number; module: Promise<PrerenderModule> } | undefined;

  async function loadRenderer(): Promise<PrerenderModule> {
    // The inline-HTML sanitiser parses with DOMParser, which Node lacks; jsdom's follows the same
    // spec. Imported only here, so a server that renders no remote story never loads it.
    if (!globalThis.DOMParser) globalThis.DOMParser = new (await import("jsdom")).JSDOM("").window.DOMParser;
    // A rebuilt bundle is imported afresh (the query makes it a new module).
    const modified = (await stat(bundle)).mtimeMs;
    if (renderer?.modified !== modified) {
      renderer = { modified, module: import(`${pathToFileURL(bundle).href}?${modified}`) };
    }
    return renderer.module;
  }

  async function render(slug: string, siteUrl: string): Promise<StoryPage> {
    if (!apiUrl) return undefined;
    const response = await fetchStory(new URL(`articles/${slug}.json`, apiUrl), {
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (response.status === 404) return "missing";
    if (!response.ok) return undefined;
    // The body first: the API's time limit is for the API, not for loading the renderer.
    const body: unknown = await response.json();
    const { renderPage, StorySchema } = await loadRenderer();
    const parsed = v.safeParse(StorySchema, body);
    if (!parsed.success || parsed.output.slug !== slug) return undefined;
    const story = parsed.output;
    const shell = await readFile(shellPath, "utf8");
    checkShell(shell);
    const { html, state } = renderPage(`/articles/${slug}`, { kind: "story", story });
    const head = storyHead(story, { url: siteUrl, mediaOrigin: apiUrl.origin });
    return { html: composePage(shell, { head, app: html, state }), renderedAt: Date.now() };
  }

  return async (slug, siteUrl) => {
    // Only for an API on another server, and only with the server bundle built.
    if (!apiUrl || !existsSync(bundle)) return undefined;
    const key = `${siteUrl} ${slug}`;
    const now = Date.now();
    const shellModified = (await stat(shellPath).catch(() => undefined))?.mtimeMs ?? now;
    const cached = pages.get(key);
    if (cached && now - cached.renderedAt < freshMs && shellModified < cached.renderedAt) return cached.page;
    const page = render(slug, siteUrl).catch((error: unknown) => {
      log.error({ err: error, slug }, "could not render the story on the server, sending the shell");
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
  };
}
