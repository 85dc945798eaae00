/**
 * A WordPress-like site and feed host on loopback, for tests of the content source and the
 * browser journeys: real HTTP, with ETags, and switches to make it fail the ways real sites do.
 */
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join, resolve } from "node:path";

export type SourceMode = "ok" | "down" | "garbage" | "hang";

export type FakeSite = {
  url: string;
  /** Requests seen, by path and query. */
  requests: { path: string; headers: IncomingMessage["headers"] }[];
  mode: SourceMode;
  /** Answers for paths, replacing the WordPress posts or adding files. */
  routes: Map<string, (request: IncomingMessage, response: ServerResponse) => void>;
  /** The posts the WordPress API answers with. */
  posts: unknown[];
  /** Holds answers until released, to prove concurrent callers share one request. */
  hold(): () => void;
  close(): Promise<void>;
};

const MEDIA = resolve(import.meta.dirname, "../../content/media");

/** Posts in the WordPress REST shape, their pictures served by the same site. */
export function wordpressPosts(site: string, count = 4): unknown[] {
  const pictures = ["keepers-cottage", "rowing-eight", "marathon-finish", "greyhaven-light", "electric-ferry"];
  return Array.from({ length: count }, (_, index) => {
    const picture = pictures[index % pictures.length] ?? "keepers-cottage";
    const day = String(20 - index).padStart(2, "0");
    return {
      id: 500 + index,
      date_gmt: `2026-11-${day}T09:00:00`,
      modified_gmt: `2026-11-${day}T09:00:00`,
      slug: `coast-story-${index + 1}`,
      link: `${site}/2026/11/coast-story-${index + 1}/`,
      title: { rendered: `Coast story ${index + 1} &#8211; the harbour&#8217;s week` },
      excerpt: { rendered: `<p>What happened on the coast, part ${index + 1}.</p>` },
      content: {
        rendered:
          `<p>The first paragraph of story ${index + 1}, with <em>emphasis</em>.</p>` +
          `<p><img onerror="window.hacked = true" src="${site}/media/${picture}-1200.jpg" alt="A picture with no size given"></p>` +
          `<script>window.hacked = true</script><p onclick="window.hacked = true">The second paragraph. ` +
          `<a href="${site}/2026/11/coast-story-${((index + 1) % count) + 1}/">The next story</a>.</p>`,
      },
      _embedded: {
        author: [{ id: 1, name: "Ana Field" }],
        "wp:featuredmedia": [
          {
            source_url: `${site}/media/${picture}-1200.jpg`,
            alt_text: `The ${picture.replace("-", " ")}`,
            caption: { rendered: "<p>Pictured &amp; captioned</p>" },
            media_details: {
              width: 1200,
              height: 800,
              sizes: {
                medium: {
                  source_url: `${site}/media/${picture}-800.webp`,
                  width: 800,
                  height: 533,
                  mime_type: "image/webp",
                },
              },
            },
          },
        ],
        "wp:term": [[{ taxonomy: "category", name: "Coast" }], []],
      },
    };
  });
}

function send(response: ServerResponse, request: IncomingMessage, body: string | Buffer, type: string): void {
  const etag = `"${Buffer.byteLength(body)}-${hash(body)}"`;
  if (request.headers["if-none-match"] === etag) {
    response.writeHead(304, { ETag: etag }).end();
    return;
  }
  response.writeHead(200, { "Content-Type": type, ETag: etag }).end(body);
}

function hash(body: string | Buffer): string {
  let value = 0;
  for (const byte of Buffer.from(body)) value = (value * 31 + byte) >>> 0;
  return value.toString(16);
}

export async function startFakeSite(options: { posts?: number; port?: number } = {}): Promise<FakeSite> {
  let held: Promise<void> | undefined;
  const server: Server = createServer((request, response) => {
    const path = request.url ?? "/";
    site.requests.push({ path, headers: request.headers });
    void (held ?? Promise.resolve()).then(() => answer(request, response, path));
  });
  await new Promise<void>((done) => server.listen(options.port ?? 0, "127.0.0.1", done));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  function answer(request: IncomingMessage, response: ServerResponse, path: string) {
    const pathname = path.split("?")[0] ?? "/";
    const route = site.routes.get(pathname);
    if (site.mode === "hang") return;
    if (site.mode === "down") {
      response.writeHead(503, { "Content-Type": "text/plain" }).end("Service unavailable");
      return;
    }
    if (pathname.startsWith("/media/")) {
      const file = pathname.slice("/media/".length);
      if (!/^[a-z0-9-]+\.(?:jpg|webp|avif)$/.test(file)) return void response.writeHead(404).end();
      const type = file.endsWith(".jpg") ? "image/jpeg" : `image/${file.split(".").pop()}`;
      response
        .writeHead(200, { "Content-Type": type, "Cache-Control": "max-age=3600" })
        .end(readFileSync(join(MEDIA, file)));
      return;
    }
    if (site.mode === "garbage") {
      response.writeHead(200, { "Content-Type": "application/json" }).end("<html>Database error</html>");
      return;
    }
    if (route) return route(request, response);
    if (pathname === "/wp-json/wp/v2/posts")
      return send(response, request, JSON.stringify(site.posts), "application/json");
    if (pathname === "/wp-json/")
      return send(response, request, JSON.stringify({ name: "Coast", url, lang: "en-GB" }), "application/json");
    response.writeHead(404, { "Content-Type": "text/html" }).end("<html>Not found</html>");
  }

  const site: FakeSite = {
    url,
    requests: [],
    mode: "ok",
    routes: new Map(),
    posts: wordpressPosts(url, options.posts),
    hold() {
      let release = () => {};
      held = new Promise<void>((done) => {
        release = () => {
          held = undefined;
          done();
        };
      });
      return release;
    },
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
  return site;
}
