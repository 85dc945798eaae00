/**
 * The server's own shared cache, in front of the app. A story or front page is the same for
 * every reader and marked for shared caches (`s-maxage`), so the server may keep the finished
 * response, headers and compressed bytes, and send it again without routing, stat or header
 * work: with it a cached page is served at nginx's rate (docs/performance.md, "The server under load").
 * An entry lives `ttlMs` (a second by default), so a rebuilt page shows within that time.
 * Every answer is logged like any other request.
 */
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { getRequestListener } from "@hono/node-server";
import type { Hono, MiddlewareHandler } from "hono";
import { resolveClient } from "./clientAddress.ts";
import type { TrustProxy } from "./clientAddress.ts";
import { negotiateEncoding } from "./files.ts";
import { isRequestId, loggablePath } from "./log.ts";
import type { Logger } from "./log.ts";

/** `headers` as Node's flat [name, value, …] list, so a hit hands them over without copying. */
type Entry = { headers: string[]; body: Buffer; storedAt: number };

export type ResponseCache = {
  /** App middleware, outside every other but the request log: keeps what may be kept. */
  keep: MiddlewareHandler;
  /** Answers a request from the cache; false when the app must answer it. */
  answer(request: IncomingMessage, response: ServerResponse): boolean;
  size(): number;
};

export type ResponseCacheOptions = {
  siteUrl: string;
  logger: Logger;
  trustProxy?: TrustProxy;
  ttlMs?: number;
  maxEntries?: number;
  now?: () => number;
};

// Set per request, or by Node itself, so never stored.
const PER_REQUEST = new Set(["x-request-id", "date", "connection", "keep-alive", "transfer-encoding"]);

export function createResponseCache(options: ResponseCacheOptions): ResponseCache {
  const { logger, trustProxy = 0, ttlMs = 1000, maxEntries = 500, now = Date.now } = options;
  const siteHost = new URL(options.siteUrl).host;
  const entries = new Map<string, Entry>();
  const keyOf = (url: string, encoding: string | undefined) => `${encoding ?? "identity"} ${url}`;

  const keep: MiddlewareHandler = async (c, next) => {
    await next();
    const cacheControl = c.res.headers.get("Cache-Control") ?? "";
    const shared = c.res.status === 200 && /\bpublic\b/.test(cacheControl) && /\bs-maxage=/.test(cacheControl);
    if (c.req.method !== "GET" || !shared || c.res.headers.has("Set-Cookie")) return;
    const url = new URL(c.req.url);
    if (url.host !== siteHost) return;
    const headers: string[] = [];
    c.res.headers.forEach((value, name) => {
      if (!PER_REQUEST.has(name)) headers.push(name, value);
    });
    const body = Buffer.from(await c.res.clone().arrayBuffer());
    // Keyed by what the request negotiates, as `answer` looks it up: a page too small to
    // compress is then kept under each encoding a reader asks for.
    const key = keyOf(url.pathname + url.search, negotiateEncoding(c.req.header("Accept-Encoding")));
    entries.delete(key);
    entries.set(key, { headers, body, storedAt: now() });
    for (const oldest of entries.keys()) {
      if (entries.size <= maxEntries) break;
      entries.delete(oldest);
    }
  };

  function answer(request: IncomingMessage, response: ServerResponse): boolean {
    const start = performance.now();
    const { method = "GET", url = "/", headers } = request;
    // Conditional requests go to the app, which owns the validators.
    if ((method !== "GET" && method !== "HEAD") || headers["if-none-match"] || headers["if-modified-since"]) {
      return false;
    }
    if (headers.host !== siteHost) return false;
    const key = keyOf(url, negotiateEncoding(headers["accept-encoding"]));
    const entry = entries.get(key);
    if (!entry) return false;
    if (now() - entry.storedAt >= ttlMs) {
      entries.delete(key);
      return false;
    }
    const given = headers["x-request-id"];
    const id = typeof given === "string" && isRequestId(given) ? given : randomUUID();
    response.writeHead(200, [...entry.headers, "x-request-id", id]);
    response.end(method === "HEAD" ? undefined : entry.body);
    const forwardedProto = headers["x-forwarded-proto"];
    const client = resolveClient(
      {
        socketAddress: request.socket.remoteAddress,
        forwardedFor: headerText(headers["x-forwarded-for"]),
        forwardedProto: headerText(forwardedProto),
      },
      trustProxy,
    );
    logger.info(
      {
        id,
        method,
        protocol: client.protocol ?? "http",
        path: loggablePath(url.split("?")[0] ?? "/"),
        status: 200,
        ms: Math.round((performance.now() - start) * 10) / 10,
      },
      "request",
    );
    return true;
  }

  return { keep, answer, size: () => entries.size };
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(",") : value;
}

/** Node's request handler for the app: the response cache first, the app for everything else. */
export function nodeRequestHandler(
  app: Hono,
  cache: ResponseCache | undefined,
): (request: IncomingMessage, response: ServerResponse) => void {
  const listener = getRequestListener(app.fetch);
  return (request, response) => {
    if (cache?.answer(request, response)) return;
    void listener(request, response);
  };
}

export function createNodeServer(app: Hono, cache: ResponseCache | undefined): Server {
  return createServer(nodeRequestHandler(app, cache));
}
