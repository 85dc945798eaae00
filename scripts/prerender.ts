/**
 * Writes static HTML for the front page and every bundled story into dist/pages/, with the
 * story data embedded so the client hydrates without fetching it again, and the tags search
 * engines and social previews read; then puts the frame and a story's skeleton into the shell
 * (dist/index.html), which a static host sends for every path. Runs after `vite build` and the
 * SSR build of src/app/render.tsx.
 */
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import * as v from "valibot";
import type { PageData } from "../contract/appRender.ts";
import { FRONT_PAGE_DOCUMENT, storyPath } from "../contract/paths.ts";
import { FrontPageSchema, StorySchema } from "../contract/schema.ts";
import { importAppRender } from "../server/pages/appRender.ts";
import { checkShell, composePage, fillShell, frontHead, storyHead } from "../server/pages/pageHead.ts";

const root = resolve(import.meta.dirname, "..");
// DIST_DIR and SSR_DIR let a benchmark build beside the working copy's dist/.
const dist = resolve(root, process.env.DIST_DIR || "dist");
const ssr = resolve(root, process.env.SSR_DIR || "dist-ssr");
const contentApi = join(root, "content", "api");
const siteUrl = process.env.SITE_URL || "http://localhost:4173";
const apiBase = process.env.VITE_API_BASE_URL || "/api";
const site = { url: siteUrl, mediaOrigin: new URL(apiBase, siteUrl).origin };

const { renderAppHtml, renderShell } = await importAppRender(join(ssr, "render.js"));

const template = await readFile(join(dist, "index.html"), "utf8");
checkShell(template);

async function readJson(path: string): Promise<unknown> {
  return JSON.parse(await readFile(path, "utf8"));
}

async function writePage(file: string, url: string, data: PageData, head: string) {
  const { html, state } = renderAppHtml(url, data);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, composePage(template, { head, app: html, state }));
}

const pages = join(dist, "pages");
await rm(pages, { recursive: true, force: true });

const frontPage = v.parse(FrontPageSchema, await readJson(join(contentApi, FRONT_PAGE_DOCUMENT)));
await writePage(join(pages, "index.html"), "/", { kind: "front", frontPage }, frontHead(frontPage, site));

const files = (await readdir(join(contentApi, "articles"))).filter((name) => name.endsWith(".json"));
for (const name of files) {
  const story = v.parse(StorySchema, await readJson(join(contentApi, "articles", name)));
  const file = join(pages, "articles", `${story.slug}.html`);
  await writePage(file, storyPath(story.slug), { kind: "story", story }, storyHead(story, site));
}
// Last, so every page above was composed from the shell as Vite built it.
await writeFile(join(dist, "index.html"), fillShell(template, renderShell()));
console.log(`Prerendered the front page and ${files.length} stories into dist/pages/, and the shell's skeleton`);
