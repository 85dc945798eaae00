/**
 * The server's one logger: JSON lines on stdout (pino), one per request and one per event
 * worth an operator's attention. Nothing that names a reader is written: request paths lose
 * their query and any email address or token in them, and headers (cookies) are never logged.
 */
import { randomUUID } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import { pino } from "pino";
import type { DestinationStream, Logger } from "pino";
import { clientInfo } from "./clientAddress.ts";
import type { TrustProxy } from "./clientAddress.ts";

export type { Logger };

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** How long a request's line may wait in the buffer before it is written. */
const FLUSH_INTERVAL_MS = 1000;

/**
 * Without a destination, stdout written asynchronously and in blocks of a few KB, not one
 * system call per request (a fifth of a cached page's cost, measured with bench:server). The
 * buffer is written every second, and by `logNow` for lines that matter at once; pino writes
 * what is left when the process exits.
 */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  if (destination) return pino({ level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime }, destination);
  const stream = pino.destination({ dest: 1, sync: false, minLength: 4096 });
  const logger = pino({ level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime }, stream);
  setInterval(() => logger.flush(), FLUSH_INTERVAL_MS).unref();
  return logger;
}

/** Writes the buffered lines now: after a line an operator (or a supervisor) waits for. */
export function logNow(logger: Logger = log): void {
  logger.flush();
}

function initialLevel(): LogLevel {
  // main.ts sets the level from the checked config; before that (and in tests) the
  // environment's is used when it is a known level.
  const raw = process.env.LOG_LEVEL?.toLowerCase();
  return LOG_LEVELS.find((level) => level === raw) ?? "info";
}

/** The process's logger, for modules that have no logger passed to them. */
export const log = createLogger(initialLevel());

// Paths whose segments after these carry a secret of the reader's (a confirm or unsubscribe link).
const TOKEN_ROUTES = new Set(["confirm", "unsubscribe", "token", "tokens", "verify"]);
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)+$/;

/** A request path fit for a log: no query, and no email address or token in any segment. */
export function loggablePath(pathname: string): string {
  let afterTokenRoute = false;
  return pathname
    .split("/")
    .map((segment) => {
      if (segment === "") return segment;
      if (afterTokenRoute) return ":token";
      if (TOKEN_ROUTES.has(segment.toLowerCase())) {
        afterTokenRoute = true;
        return segment;
      }
      if (/@|%40/i.test(segment)) return ":email";
      // A long segment that is not a hyphenated slug is most likely a token.
      if (segment.length >= 20 && !SLUG.test(segment.replace(/\.[a-z]+$/, ""))) return ":token";
      return segment;
    })
    .join("/");
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** A caller's X-Request-Id worth keeping: a plain token that cannot carry a line break or an address. */
export function isRequestId(value: string): boolean {
  return REQUEST_ID.test(value);
}

/**
 * Logs each request once it has been answered, with its id: the caller's X-Request-Id when it
 * is a plain token (so a proxy's id joins the two logs), otherwise a new one. The id is echoed
 * in the response. The reader's address is not logged: the rate limit is its only use.
 */
export function requestLog(logger: Logger, trustProxy: TrustProxy = 0): MiddlewareHandler {
  return async (c, next) => {
    const start = performance.now();
    const given = c.req.header("X-Request-Id");
    const id = given && isRequestId(given) ? given : randomUUID();
    await next();
    c.res.headers.set("X-Request-Id", id);
    logger.info(
      {
        id,
        method: c.req.method,
        // The scheme the reader used, as the proxies TRUST_PROXY names report it.
        protocol: clientInfo(c, trustProxy).protocol ?? "http",
        path: loggablePath(c.req.path),
        status: c.res.status,
        ms: Math.round((performance.now() - start) * 10) / 10,
      },
      "request",
    );
  };
}
