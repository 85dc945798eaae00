/**
 * Writes static HTML for the front page and every bundled story into dist/pages/, with the
 * story data embedded so the client hydrates without fetching it again. Runs after
 * `vite build` and the SSR build of src/prerender.tsx.
 */
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { JSDOM } from "jsdom";
import * as v from "valibot";

const root = resolve(import.meta.dirname, "..");
const dist = join(root, "dist");
const contentApi = join(root, "content", "api");

// The inline-HTML sanitiser parses with DOMParser, which Node lacks; jsdom's follows the same spec.
globalThis.DOMParser = new JSDOM("").window.DOMParser;

type PrerenderModule = typeof import("../src/prerender.tsx");
const entry = join(root, "dist-ssr", "prerender.js");
const { renderPage, FrontPageSchema, StorySchema }: PrerenderModule = await import(pathToFileURL(entry).href);

const template = await readFile(join(dist, "index.html"), "utf8");

/** JSON that cannot close the script element it sits in. */
function embeddable(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

async function readJson(path: string): Promise<unknown> {
  return JSON.parse(await readFile(path, "utf8"));
}

async function writePage(file: string, url: string, data: Parameters<typeof renderPage>[1], head: string) {
  const { html, state } = await renderPage(url, data);
  const page = template
    .replace("<!--dispatch-head-->", head)
    .replace("<!--dispatch-app-->", html)
    .replace("</body>", `<script type="application/json" id="dispatch-data">${embeddable(state)}</script></body>`);
  await mkdir(join(file, ".."), { recursive: true });
  await writeFile(file, page);
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function titleTag(title: string): string {
  return `<title>${escapeHtml(title)}</title>`;
}

const pages = join(dist, "pages");
await rm(pages, { recursive: true, force: true });

const frontPage = v.parse(FrontPageSchema, await readJson(join(contentApi, "headlines.json")));
await writePage(join(pages, "index.html"), "/", { kind: "front", frontPage }, "");

const files = (await readdir(join(contentApi, "articles"))).filter((name) => name.endsWith(".json"));
for (const name of files) {
  const story = v.parse(StorySchema, await readJson(join(contentApi, "articles", name)));
  const url = `/articles/${story.slug}`;
  await writePage(join(pages, "articles", `${story.slug}.html`), url, { kind: "story", story }, titleTag(`${story.headline} — Dispatch`));
}
console.log(`Prerendered the front page and ${files.length} stories into dist/pages/`);
