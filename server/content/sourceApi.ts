import { Hono } from "hono";
import type { Context } from "hono";
import { isValidSlug } from "../../contract/slug.ts";
import { CACHE_REVALIDATE } from "../http/files.ts";
import type { ContentSource } from "./contentSource.ts";

// A document is the same object until the next snapshot, so its JSON is written once.
const bodies = new WeakMap<object, string>();

function sendJson(c: Context, document: object): Response {
  let body = bodies.get(document);
  if (body === undefined) {
    body = JSON.stringify(document);
    bodies.set(document, body);
  }
  return c.body(body, 200, { "Content-Type": "application/json; charset=utf-8", "Cache-Control": CACHE_REVALIDATE });
}

function notYet(c: Context): Response {
  return c.json({ error: "The content source has not answered yet. Please try again shortly." }, 503, {
    "Cache-Control": "no-store",
    "Retry-After": "10",
  });
}

function notFound(c: Context): Response {
  return c.json({ error: "not found" }, 404, { "Cache-Control": "no-cache" });
}

/** The contract's two documents, from the content source instead of the bundled files. */
export function createSourceApi(source: ContentSource): Hono {
  const api = new Hono();
  api.get("/api/headlines.json", async (c) => {
    const frontPage = await source.frontPage();
    return frontPage ? sendJson(c, frontPage) : notYet(c);
  });
  api.get("/api/articles/:file", async (c) => {
    const slug = /^(.+)\.json$/.exec(c.req.param("file"))?.[1];
    if (slug === undefined || !isValidSlug(slug)) return notFound(c);
    const story = await source.story(slug);
    if (story === undefined) return notYet(c);
    return story === "missing" ? notFound(c) : sendJson(c, story);
  });
  return api;
}
