import { join } from "node:path";
import { Hono } from "hono";
import type { Context, ErrorHandler } from "hono";
import { cors } from "hono/cors";
import { DAILY_EMAIL_DOCUMENT, FRONT_PAGE_DOCUMENT, storyDocument } from "../contract/paths.ts";
import { DAILY_HEADLINES } from "../contract/signup.ts";
import { isValidSlug } from "../contract/slug.ts";
import { clientAddress } from "./http/clientAddress.ts";
import type { TrustProxy } from "./http/clientAddress.ts";
import { mediaType, readLimited } from "./http/body.ts";
import { CACHE_API, CACHE_IMMUTABLE, resolveInside, sendFile } from "./http/files.ts";
import { log } from "./http/log.ts";
import type { Subscriptions } from "./newsletter/subscriptions.ts";
import { sourcePageOf } from "./newsletter/subscriptions.ts";
import type { DailyEmailInfo } from "../contract/dailyEmail.ts";
import { parseSignupRequest } from "./newsletter/signupRequest.ts";

export type ApiOptions = {
  contentDir: string;
  /** The double opt-in signup flow, with its rate limit (server/newsletter/subscriptions.ts). */
  subscriptions: Subscriptions;
  /** Whose X-Forwarded-For to believe for the rate limit's key; without it, the socket's peer. */
  trustProxy?: TrustProxy;
};

const MAX_BODY_BYTES = 4096;

export const internalError: ErrorHandler = (error, c) => {
  log.error({ err: error }, "internal server error");
  return c.json({ error: "Internal server error." }, 500);
};

/** The content API and signup endpoint: everything under /api and /media. */
export function createApi({ contentDir, subscriptions, trustProxy = 0 }: ApiOptions): Hono {
  const apiDir = join(contentDir, "api");
  const api = new Hono();

  // The content is public and the app may be served from another origin than its API.
  const anyOrigin = cors({ origin: "*", allowMethods: ["GET", "HEAD", "POST"], maxAge: 86_400 });
  api.use("/api/*", anyOrigin);
  api.use("/media/*", anyOrigin);

  api.get("/api/headlines.json", async (c) => {
    const file = join(apiDir, FRONT_PAGE_DOCUMENT);
    return (await sendFile(c, file, { cacheControl: CACHE_API })) ?? notFound(c);
  });

  api.get("/api/articles/:file", async (c) => {
    const slug = /^(.+)\.json$/.exec(c.req.param("file"))?.[1];
    if (slug === undefined || !isValidSlug(slug)) return notFound(c);
    const file = join(apiDir, storyDocument(slug));
    return (await sendFile(c, file, { cacheControl: CACHE_API })) ?? notFound(c);
  });

  api.get("/media/*", async (c) => {
    const urlPath = new URL(c.req.url).pathname.slice("/media/".length);
    const file = resolveInside(join(contentDir, "media"), urlPath);
    const response = file === undefined ? undefined : await sendFile(c, file, { cacheControl: CACHE_IMMUTABLE });
    return response ?? notFound(c);
  });

  api.post("/api/subscriptions", async (c) => {
    const client = clientAddress(c, trustProxy);
    const tooMany = (retryAfterSeconds: number) =>
      c.json({ error: "Too many attempts. Please try again later." }, 429, {
        "Retry-After": String(retryAfterSeconds),
      });
    // A request that is no signup still counts against the client's limit, checked first.
    const refuse = async (error: string, status: 400 | 415) => {
      const limit = await subscriptions.limit(client);
      return limit.allowed ? c.json({ error }, status) : tooMany(limit.retryAfterSeconds);
    };
    if (!isJsonType(c.req.header("Content-Type"))) return refuse("The request body must be application/json.", 415);
    const body = await readJson(c.req.raw);
    if (!body.ok) return refuse(body.error, 400);
    const signup = parseSignupRequest(body.value);
    if (!signup.ok) return refuse(signup.error, 400);

    const answer = await subscriptions.signUp(signup.value, sourcePageOf(c.req.header("Referer")), client);
    if (answer.status === "rate-limited") return tooMany(answer.retryAfterSeconds);
    if (answer.status === "mail-failed") {
      return c.json({ error: "The confirmation email could not be sent just now. Please try again." }, 503);
    }
    return c.json({ status: answer.status }, answer.status === "confirmation-sent" ? 202 : 200);
  });
  api.all("/api/subscriptions", (c) => c.json({ error: "Method not allowed." }, 405, { Allow: "POST" }));

  // What the signup dialog promises: a time only when the server keeps it.
  api.get(`/api/${DAILY_EMAIL_DOCUMENT}`, (c) => {
    const info: DailyEmailInfo = { list: DAILY_HEADLINES, schedule: subscriptions.schedule ?? null };
    return c.json(info, 200, { "Cache-Control": CACHE_API });
  });

  api.all("/api/*", notFound);
  api.all("/media/*", notFound);
  api.onError(internalError);
  return api;
}

function notFound(c: Context): Response {
  // A story may be published later, so a 404 must not be cached heuristically.
  return c.json({ error: "not found" }, 404, { "Cache-Control": "no-cache" });
}

function isJsonType(contentType: string | undefined): boolean {
  return mediaType(contentType) === "application/json";
}

type JsonBody = { ok: true; value: unknown } | { ok: false; error: string };

/** Reads at most MAX_BODY_BYTES whatever Content-Length claims, since a chunked body has none. */
async function readJson(request: Request): Promise<JsonBody> {
  const bytes = await readLimited(request, MAX_BODY_BYTES);
  if (!bytes) return { ok: false, error: "The request body is too large." };
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    // TextDecoder throws TypeError for invalid UTF-8, JSON.parse SyntaxError.
    if (error instanceof SyntaxError || error instanceof TypeError) {
      return { ok: false, error: "The request body is not valid JSON." };
    }
    throw error;
  }
}
