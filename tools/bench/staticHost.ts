import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createServer } from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import { extname, join, normalize, sep } from "node:path";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".webmanifest": "application/manifest+json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".avif": "image/avif",
  ".webp": "image/webp",
  ".jpg": "image/jpeg",
  ".txt": "text/plain; charset=utf-8",
};
const COMPRESSIBLE = new Set([".html", ".js", ".css", ".json", ".webmanifest", ".svg", ".txt"]);

export type StaticHost = { origin: string; close: () => Promise<void> };

/**
 * A plain static file server, as most Vite apps are deployed: files from `root`, gzip for
 * text, hashed assets cached for a year, and `index.html` for any path without an extension
 * (the SPA fallback). It knows nothing of the app: no prerendered pages, no CSP, no cookies.
 */
export function startStaticHost(root: string, port: number, host = "127.0.0.1"): Promise<StaticHost> {
  const server = createServer((request, response) => {
    serve(root, request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500).end("Internal error");
      else response.destroy(error instanceof Error ? error : undefined);
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () =>
      resolve({
        origin: `http://${host}:${port}`,
        close: () => new Promise((done) => server.close(() => done())),
      }),
    );
  });
}

async function serve(root: string, request: IncomingMessage, response: ServerResponse) {
  if (request.method !== "GET" && request.method !== "HEAD") {
    response.writeHead(405, { Allow: "GET, HEAD" }).end();
    return;
  }
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(request.url ?? "/", "http://host").pathname);
  } catch {
    response.writeHead(400).end("Bad request");
    return;
  }
  const file = await resolveFile(root, pathname);
  if (!file) {
    response.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end("Not found");
    return;
  }
  const extension = extname(file);
  const headers: Record<string, string> = {
    "Content-Type": TYPES[extension] ?? "application/octet-stream",
    "Cache-Control": pathname.startsWith("/assets/") ? "public, max-age=31536000, immutable" : "no-cache",
  };
  const gzip = COMPRESSIBLE.has(extension) && /\bgzip\b/.test(String(request.headers["accept-encoding"] ?? ""));
  if (gzip) {
    headers["Content-Encoding"] = "gzip";
    headers.Vary = "Accept-Encoding";
  }
  response.writeHead(200, headers);
  if (request.method === "HEAD") {
    response.end();
    return;
  }
  const body = createReadStream(file);
  await (gzip ? pipeline(body, createGzip(), response) : pipeline(body, response));
}

/** The file for a URL path inside `root`; a path without an extension gets the shell. */
async function resolveFile(root: string, pathname: string): Promise<string | undefined> {
  const wanted = normalize(join(root, pathname));
  if (wanted !== root && !wanted.startsWith(root.endsWith(sep) ? root : `${root}${sep}`)) return undefined;
  const found = await stat(wanted).catch(() => undefined);
  if (found?.isFile()) return wanted;
  if (found?.isDirectory() || extname(pathname) === "") return join(root, "index.html");
  return undefined;
}
