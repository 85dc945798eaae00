/**
 * Every story and front page the server sends is rendered here, at request time, through the
 * one page pipeline (pipeline.ts) with the running server's site settings: built once, the app
 * runs under any SITE_URL. The documents come from one of three places, each checked against
 * the contract at its own door: a content source (`CONTENT_SOURCE`, checked by its snapshot),
 * another origin's API (checked below as it arrives), or the bundled stories (content/api,
 * checked by server/content/bundled.ts). A rendered page is kept until its document, the shell
 * or the bundle changes (or a while, for another origin's API); anything that goes wrong
 * leaves the reader with the client-rendered shell.
 */
import { existsSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import * as v from "valibot";
import type { AppRender } from "../../contract/appRender.ts";
import { apiDirectory, FRONT_PAGE_DOCUMENT, storyDocument } from "../../contract/paths.ts";
import { FrontPageSchema, StorySchema } from "../../contract/schema.ts";
import type { FrontPage, Story } from "../../contract/schema.ts";
import { bundledContent } from "../content/bundled.ts";
import { log } from "../http/log.ts";
import { importAppRender } from "./appRender.ts";
import { checkShell } from "./pageHead.ts";
import { frontPage, mediaOriginOf, storyPage } from "./pipeline.ts";
import type { Pipeline, Site } from "./pipeline.ts";

export type StoryPageOptions = {
  distDir: string;
  /** Where `vite build --ssr src/app/render.tsx` wrote render.js. */
  ssrDir: string;
  site: Site;
  /** The API's base URL: an absolute one (another server) is where the stories come from. */
  apiBase: string;
  /** The bundled stories' folder (content/), read when there is neither a source nor another server's API. */
  contentDir?: string;
  fetch?: typeof fetch;
  /** How long to wait for the API before sending the shell instead. */
  timeoutMs?: number;
  /** How long a page rendered from another server's API is reused. */
  freshMs?: number;
  /** Where stories come from instead of the API (a content source, `CONTENT_SOURCE`). */
  source?: PageSource;
};

/** Contract documents, already checked at their door; undefined when there is nothing to render from. */
export type PageSource = {
  story(slug: string): Promise<Story | "missing" | undefined>;
  frontPage(): Promise<FrontPage | "missing" | undefined>;
  /** When the page's current document was made (ms): a page rendered before that is stale. */
  version(slug: string | undefined): number | Promise<number>;
};

/** A rendered page, `missing` when there is no such story, or undefined: send the shell. */
export type StoryPage = { html: string; renderedAt: number } | "missing" | undefined;

const MAX_PAGES = 500;

export type ServerPages = {
  story(slug: string): Promise<StoryPage>;
  front(): Promise<StoryPage>;
  /** Renders the bundled front page and stories ahead of their first reader. */
  warm(): Promise<void>;
  /** The site's frame around `content` (trusted HTML), for the server's own pages; undefined without the bundle. */
  frame(content: string): Promise<string | undefined>;
};

/** Another origin's contract API, its documents checked here as they arrive. */
function remoteApi(apiUrl: URL, fetchDocument: typeof fetch, timeoutMs: number): PageSource {
  async function load<TSchema extends v.GenericSchema>(document: string, schema: TSchema) {
    const response = await fetchDocument(new URL(document, apiUrl), { signal: AbortSignal.timeout(timeoutMs) });
    if (response.status === 404) return "missing";
    if (!response.ok) throw new Error(`the API answered ${response.status} for ${document}`);
    const parsed = v.safeParse(schema, await response.json());
    if (!parsed.success) throw new Error(`${document} is not a contract document: ${v.summarize(parsed.issues)}`);
    return parsed.output as v.InferOutput<TSchema>;
  }
  return {
    async story(slug) {
      const story = await load(storyDocument(slug), StorySchema);
      if (story !== "missing" && story.slug !== slug) throw new Error(`the API sent "${story.slug}" for "${slug}"`);
      return story;
    },
    frontPage: () => load(FRONT_PAGE_DOCUMENT, FrontPageSchema),
    version: () => 0,
  };
}

export function createServerPages(options: StoryPageOptions): ServerPages {
  const { distDir, ssrDir, apiBase, site, timeoutMs = 2000, freshMs = 60_000 } = options;
  const apiUrl = URL.parse(apiDirectory(apiBase));
  const bundled = options.contentDir === undefined ? undefined : bundledContent(options.contentDir);
  const source: PageSource | undefined =
    options.source ?? (apiUrl ? remoteApi(apiUrl, options.fetch ?? fetch, timeoutMs) : bundled);
  const bundle = join(ssrDir, "render.js");
  const shellPath = join(distDir, "index.html");
  const mediaOrigin = mediaOriginOf(apiBase, site);
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

  async function pipeline(): Promise<Pipeline> {
    const [app, shell] = await Promise.all([loadRenderer(), readFile(shellPath, "utf8")]);
    checkShell(shell);
    return { app, shell, site, mediaOrigin };
  }

  async function render<T extends object>(
    document: Promise<T | "missing" | undefined>,
    page: (made: Pipeline, data: T) => string,
  ): Promise<StoryPage> {
    const data = await document;
    if (data === "missing") return "missing";
    if (data === undefined) return undefined;
    return { html: page(await pipeline(), data), renderedAt: Date.now() };
  }

  async function cachedPage(slug: string | undefined, make: () => Promise<StoryPage>): Promise<StoryPage> {
    if (!source || !existsSync(bundle)) return undefined;
    const key = slug ?? "/";
    const now = Date.now();
    const shellModified = (await stat(shellPath).catch(() => undefined))?.mtimeMs ?? now;
    const cached = pages.get(key);
    const current = await source.version(slug);
    if (
      cached &&
      now - cached.renderedAt < freshMs &&
      shellModified < cached.renderedAt &&
      current < cached.renderedAt
    ) {
      return cached.page;
    }
    const page = make().catch((error: unknown) => {
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

  const story = (slug: string) => cachedPage(slug, () => render(source?.story(slug) ?? none(), storyPage));
  const front = () => cachedPage(undefined, () => render(source?.frontPage() ?? none(), frontPage));
  async function frame(content: string): Promise<string | undefined> {
    if (!existsSync(bundle)) return undefined;
    try {
      const { before, after } = (await loadRenderer()).renderFrame();
      return before + content + after;
    } catch (error) {
      log.error({ err: error }, "could not render the site's frame, sending the page without it");
      return undefined;
    }
  }

  return {
    story,
    front,
    frame,
    // Only the bundled pages: a content source's first snapshot is not there yet at start.
    async warm() {
      if (!bundled || source !== bundled) return;
      await front();
      for (const slug of await bundled.slugs()) await story(slug);
    },
  };
}

const none = async () => undefined;
