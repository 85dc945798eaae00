import { createHash } from "node:crypto";
import { createReadStream, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { extname, join, resolve, sep } from "node:path";
import { Readable } from "node:stream";
import { promisify } from "node:util";
import { brotliCompress, constants as zlib, gzip } from "node:zlib";
import type { Context } from "hono";

export const CACHE_REVALIDATE = "no-cache";
export const CACHE_IMMUTABLE = "public, max-age=31536000, immutable";
/**
 * Story and front pages are the same for every reader. Browsers revalidate each time (a 304
 * costs little and a correction shows at once); a shared cache keeps a page a minute and
 * may serve it stale for ten more while it fetches the new one.
 */
export const CACHE_PAGE = "public, max-age=0, s-maxage=60, stale-while-revalidate=600";
/** The API's JSON: shorter, as the front page's headlines change through the day. */
export const CACHE_API = "public, max-age=0, s-maxage=30, stale-while-revalidate=60";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".webmanifest": "application/manifest+json; charset=utf-8",
  ".svg": "image/svg+xml; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".ico": "image/x-icon",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".avif": "image/avif",
  ".webm": "video/webm",
  ".mp4": "video/mp4",
  ".m4a": "audio/mp4",
  ".mp3": "audio/mpeg",
  ".ogg": "audio/ogg",
  ".opus": "audio/ogg",
  ".wav": "audio/wav",
  ".vtt": "text/vtt; charset=utf-8",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
};
const COMPRESSIBLE = new Set([
  ".html",
  ".js",
  ".mjs",
  ".css",
  ".json",
  ".map",
  ".webmanifest",
  ".svg",
  ".txt",
  ".xml",
  ".vtt",
]);
const MIN_COMPRESS_BYTES = 1024;

type Encoding = "br" | "gzip";

/**
 * How hard to compress: a file is compressed once and its bytes kept until it changes, so the
 * smallest result is worth seconds of CPU; a page the server renders is compressed on every
 * render, in the reader's wait, so it gets a fast level. Brotli at quality 11 took 23 ms for a
 * 25 KB story page on this project's machine and quality 5 0.4 ms, for 11 % more bytes.
 */
type Effort = "kept" | "fresh";

const BROTLI_QUALITY: Record<Effort, number> = { kept: zlib.BROTLI_MAX_QUALITY, fresh: 5 };
const GZIP_LEVEL: Record<Effort, number> = { kept: zlib.Z_BEST_COMPRESSION, fresh: 6 };

const compressors: Record<Encoding, (data: Buffer, effort: Effort) => Promise<Buffer>> = {
  br: (data, effort) =>
    promisify(brotliCompress)(data, {
      params: {
        [zlib.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY[effort],
        [zlib.BROTLI_PARAM_SIZE_HINT]: data.length,
      },
    }),
  gzip: (data, effort) => promisify(gzip)(data, { level: GZIP_LEVEL[effort] }),
};

// One entry per file, variant and encoding; a changed mtime replaces it. Promises let
// concurrent first requests share one compression. Variants (the shell with a story's
// preload) grow with the stories asked for, so the oldest entries give way past a fixed size.
const compressed = new Map<string, { mtimeMs: number; data: Promise<Buffer> }>();
const MAX_COMPRESSED_ENTRIES = 2000;

/**
 * Maps a URL path below `root` to a file path, or undefined when any segment could
 * escape it or names a hidden file. Segments are decoded one by one so an encoded
 * slash stays inside its segment and is rejected.
 */
export function resolveInside(root: string, urlPath: string): string | undefined {
  const segments: string[] = [];
  for (const raw of urlPath.split("/")) {
    const segment = decodeSegment(raw);
    if (!segment || segment.startsWith(".") || /[/\\\0]/.test(segment)) return undefined;
    segments.push(segment);
  }
  const base = resolve(root);
  const path = join(base, ...segments);
  return path.startsWith(base + sep) ? path : undefined;
}

function decodeSegment(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw);
  } catch (error) {
    if (error instanceof URIError) return undefined;
    throw error;
  }
}

/** Rewrites a text file per URL; `variant` names the result, for ETags and caching. */
export type Rewrite = { variant: string; apply: (text: string) => string };

type SendFileOptions = { cacheControl: string; status?: 200 | 404; rewrite?: Rewrite };

/**
 * Responds with a file, or returns undefined when `path` is not a regular file.
 * Handles If-None-Match / If-Modified-Since and negotiates br or gzip for text.
 */
export async function sendFile(
  c: Context,
  path: string,
  { cacheControl, status = 200, rewrite }: SendFileOptions,
): Promise<Response | undefined> {
  // A stat of a file the kernel has cached takes microseconds; through the thread pool it
  // would cost a round trip per request (measured with npm run bench:server).
  const stats = statSync(path, { throwIfNoEntry: false });
  if (!stats?.isFile()) return undefined;

  const extension = extname(path).toLowerCase();
  const compressible = COMPRESSIBLE.has(extension);
  const headers = new Headers({
    "Content-Type": TYPES[extension] ?? "application/octet-stream",
    "Cache-Control": cacheControl,
    ETag: `W/"${stats.size.toString(16)}-${Math.floor(stats.mtimeMs).toString(16)}${rewrite ? `-${rewrite.variant}` : ""}"`,
    "Last-Modified": stats.mtime.toUTCString(),
  });
  if (compressible) headers.set("Vary", "Accept-Encoding");

  if (status === 200 && isNotModified(c.req.raw.headers, headers, stats.mtime)) {
    headers.delete("Content-Type");
    return new Response(null, { status: 304, headers });
  }

  const encoding =
    compressible && stats.size >= MIN_COMPRESS_BYTES ? negotiateEncoding(c.req.header("Accept-Encoding")) : undefined;
  const isHead = c.req.raw.method === "HEAD";
  if (rewrite) {
    const original = () => readFile(path, "utf8").then((text) => Buffer.from(rewrite.apply(text)));
    const key = `${path}:${rewrite.variant}`;
    const data = encoding ? await compressedFile(key, stats.mtimeMs, encoding, original, "kept") : await original();
    if (encoding) headers.set("Content-Encoding", encoding);
    headers.set("Content-Length", String(data.length));
    return new Response(isHead ? null : bytes(data), { status, headers });
  }
  if (!encoding) {
    headers.set("Content-Length", String(stats.size));
    // HEAD must not open a stream that nobody reads. The cast bridges Node's and the
    // DOM's typings of the same web ReadableStream.
    const body = isHead ? null : (Readable.toWeb(createReadStream(path)) as ReadableStream);
    return new Response(body, { status, headers });
  }

  const data = await compressedFile(path, stats.mtimeMs, encoding, () => readFile(path), "kept");
  headers.set("Content-Encoding", encoding);
  headers.set("Content-Length", String(data.length));
  return new Response(isHead ? null : bytes(data), { status, headers });
}

/**
 * Sends HTML made by the server rather than read from a file, compressed when the client
 * accepts it. `key` and `version` name this text for the compression cache. The ETag is the
 * text's hash, so every instance behind a cache gives the same page the same validator.
 */
export async function sendHtmlText(
  c: Context,
  page: { html: string; key: string; version: number },
  status: 200 | 404,
): Promise<Response> {
  const headers = new Headers({
    "Content-Type": "text/html; charset=utf-8",
    "Cache-Control": CACHE_PAGE,
    ETag: `W/"${createHash("sha256").update(page.html).digest("base64url").slice(0, 27)}"`,
    Vary: "Accept-Encoding",
  });
  if (status === 200 && isNotModified(c.req.raw.headers, headers, undefined)) {
    headers.delete("Content-Type");
    return new Response(null, { status: 304, headers });
  }
  const encoding = negotiateEncoding(c.req.header("Accept-Encoding"));
  const raw = async () => Buffer.from(page.html);
  const data = encoding ? await compressedFile(page.key, page.version, encoding, raw, "fresh") : await raw();
  if (encoding) headers.set("Content-Encoding", encoding);
  headers.set("Content-Length", String(data.length));
  return new Response(c.req.raw.method === "HEAD" ? null : bytes(data), { status, headers });
}

/** A view of the cached buffer, not a copy: the same bytes go to every reader. */
function bytes(data: Buffer): Uint8Array<ArrayBuffer> {
  return new Uint8Array(data.buffer as ArrayBuffer, data.byteOffset, data.byteLength);
}

function compressedFile(
  name: string,
  mtimeMs: number,
  encoding: Encoding,
  read: () => Promise<Buffer>,
  effort: Effort,
): Promise<Buffer> {
  const key = `${encoding}:${name}`;
  const cached = compressed.get(key);
  if (cached?.mtimeMs === mtimeMs) return cached.data;
  const data = read().then((original) => compressors[encoding](original, effort));
  compressed.delete(key);
  compressed.set(key, { mtimeMs, data });
  for (const oldest of compressed.keys()) {
    if (compressed.size <= MAX_COMPRESSED_ENTRIES) break;
    compressed.delete(oldest);
  }
  data.catch(() => {
    if (compressed.get(key)?.data === data) compressed.delete(key);
  });
  return data;
}

export function negotiateEncoding(acceptEncoding: string | undefined): Encoding | undefined {
  const accepted = new Map<string, number>();
  for (const part of (acceptEncoding ?? "").split(",")) {
    const [name = "", ...params] = part.split(";").map((piece) => piece.trim().toLowerCase());
    const q = params.find((param) => param.startsWith("q="));
    accepted.set(name, q ? Number(q.slice(2)) : 1);
  }
  const weight = (name: Encoding) => accepted.get(name) ?? accepted.get("*") ?? 0;
  if (weight("br") > 0) return "br";
  if (weight("gzip") > 0) return "gzip";
  return undefined;
}

function isNotModified(request: Headers, response: Headers, mtime: Date | undefined): boolean {
  const ifNoneMatch = request.get("If-None-Match");
  if (ifNoneMatch !== null) {
    const etag = response.get("ETag")?.replace(/^W\//, "");
    return ifNoneMatch
      .split(",")
      .map((tag) => tag.trim().replace(/^W\//, ""))
      .some((tag) => tag === "*" || tag === etag);
  }
  const ifModifiedSince = Date.parse(request.get("If-Modified-Since") ?? "");
  if (!mtime) return false;
  return !Number.isNaN(ifModifiedSince) && Math.floor(mtime.getTime() / 1000) * 1000 <= ifModifiedSince;
}
