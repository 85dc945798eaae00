/**
 * Writes the front page and every bundled story into dist/pages/ for a static host, through
 * the server's page pipeline (server/pages/pipeline.ts), then puts the frame and a story's
 * skeleton into the shell (dist/index.html), which a static host sends for every path. A static
 * host has no server, so its pages name the build's SITE_URL; the Node server renders its own
 * pages with its own. Runs after `vite build` and the SSR build of src/app/render.tsx.
 */
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { bundledContent } from "../server/content/bundled.ts";
import { importAppRender } from "../server/pages/appRender.ts";
import { checkShell, fillShell } from "../server/pages/pageHead.ts";
import { frontPage, mediaOriginOf, storyPage } from "../server/pages/pipeline.ts";
import type { Pipeline } from "../server/pages/pipeline.ts";

const root = resolve(import.meta.dirname, "..");
// DIST_DIR and SSR_DIR let a benchmark build beside the working copy's dist/.
const dist = resolve(root, process.env.DIST_DIR || "dist");
const ssr = resolve(root, process.env.SSR_DIR || "dist-ssr");
const site = { url: process.env.SITE_URL || "http://localhost:4173" };
const apiBase = process.env.VITE_API_BASE_URL || "/api";
const content = bundledContent(join(root, "content"));

const app = await importAppRender(join(ssr, "render.js"));
const shell = await readFile(join(dist, "index.html"), "utf8");
checkShell(shell);
const pipeline: Pipeline = { app, shell, site, mediaOrigin: mediaOriginOf(apiBase, site) };

async function write(file: string, html: string) {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, html);
}

function found<T>(document: T | "missing", what: string): T {
  if (document === "missing") throw new Error(`content/api has no ${what}`);
  return document;
}

const pages = join(dist, "pages");
await rm(pages, { recursive: true, force: true });
await write(join(pages, "index.html"), frontPage(pipeline, found(await content.frontPage(), "front page")));
const slugs = await content.slugs();
for (const slug of slugs) {
  await write(join(pages, "articles", `${slug}.html`), storyPage(pipeline, found(await content.story(slug), slug)));
}
// Last, so every page above was composed from the shell as Vite built it.
await writeFile(join(dist, "index.html"), fillShell(shell, app.renderShell()));
console.log(`Prerendered the front page and ${slugs.length} stories into dist/pages/, and the shell's skeleton`);
