import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createApi } from "./api.ts";
import type { ApiOptions } from "./api.ts";
import type { TrustProxy } from "./http/clientAddress.ts";
import { log } from "./http/log.ts";
import { readOutbox } from "./testing/mail.ts";
import type { Store } from "./store/index.ts";
import { createTestSite, HEADLINES, SECRET, streamedBody } from "./testing/site.ts";
import type { TestSite } from "./testing/site.ts";

const JSON_TYPE = { "Content-Type": "application/json" };
const LOCAL_64 = "l".repeat(64);
const DOMAIN_189 = `${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(61)}`;

let site: TestSite;
let time: number;

beforeEach(() => {
  site = createTestSite();
  time = Date.parse("2026-11-20T12:00:00Z");
});
afterEach(async () => {
  await site.remove();
});

function api({ trustProxy, ...options }: { signupRateLimit?: number; store?: Store; trustProxy?: TrustProxy } = {}) {
  const subscriptions = site.subscriptions({ signupRateLimit: 100, now: () => time, ...options });
  const settings: ApiOptions = { contentDir: site.contentDir, subscriptions, trustProxy };
  return createApi(settings);
}

const stored = () => site.store.subscribers();

/** The Node server's bindings, as @hono/node-server passes them, for the rate limit's key. */
function from(remoteAddress: string) {
  return { incoming: { socket: { remoteAddress } } };
}

function signup(
  app: ReturnType<typeof api>,
  body: BodyInit,
  headers: Record<string, string> = JSON_TYPE,
  address = "203.0.113.7",
) {
  return app.request(
    "/api/subscriptions",
    { method: "POST", headers, body, duplex: "half" } as RequestInit,
    from(address),
  );
}

const json = (value: unknown) => JSON.stringify(value);

describe("POST /api/subscriptions: the contract's table", () => {
  it("202 confirmation-sent when stored as pending, and the confirmation email goes out", async () => {
    const response = await signup(api(), json({ email: "reader@example.com", list: "daily-headlines" }));
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ status: "confirmation-sent" });
    expect((await stored()).map((row) => row.status)).toEqual(["pending"]);
    expect((await readOutbox(site.outboxDir)).map((mail) => mail.subject)).toEqual([
      "Confirm your Daily Headlines subscription",
    ]);
  });

  it("202 again for the same pending address without a second email, then 200 once confirmed; any case, space trimmed", async () => {
    const app = api();
    await signup(app, json({ email: "Reader@Example.com", list: "daily-headlines" }));
    const again = await signup(app, json({ email: "  reader@EXAMPLE.com\t", list: "daily-headlines" }));
    expect(again.status).toBe(202);
    expect(await again.json()).toEqual({ status: "confirmation-sent" });
    const mails = await readOutbox(site.outboxDir);
    expect(mails).toHaveLength(1);

    const link = /\/subscriptions\/confirm\/([\w-]+)/.exec(mails[0]?.text ?? "")?.[1] ?? "";
    expect(await site.subscriptions({ now: () => time }).confirm(link)).toBe("valid");
    const response = await signup(app, json({ email: "reader@example.com", list: "daily-headlines" }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "already-subscribed" });
    expect((await stored()).map((row) => row.email)).toEqual(["Reader@Example.com"]);
  });

  it("accepts a charset parameter on the JSON content type", async () => {
    const headers = { "Content-Type": "Application/JSON; charset=UTF-8" };
    const body = json({ email: "reader@example.com", list: "daily-headlines" });
    expect((await signup(api(), body, headers)).status).toBe(202);
  });

  it("accepts an address of exactly 254 characters", async () => {
    const body = json({ email: `${LOCAL_64}@${DOMAIN_189}`, list: "daily-headlines" });
    expect((await signup(api(), body)).status).toBe(202);
  });

  it.each([
    ["malformed JSON", '{"email": "reader@example.com", "list": '],
    ["invalid UTF-8", new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])],
    ["an empty body", ""],
    ["a non-object body", json("reader@example.com")],
    ["null", "null"],
    ["an array body", json([{ email: "reader@example.com", list: "daily-headlines" }])],
    ["a missing email", json({ list: "daily-headlines" })],
    ["a missing list", json({ email: "reader@example.com" })],
    ["an extra field", json({ email: "reader@example.com", list: "daily-headlines", x: 1 })],
    ["a non-string email", json({ email: ["reader@example.com"], list: "daily-headlines" })],
    ["a 255-character email", json({ email: `${LOCAL_64}@${DOMAIN_189}c`, list: "daily-headlines" })],
    ["an email without @", json({ email: "reader.example.com", list: "daily-headlines" })],
    ["an email with two @", json({ email: "reader@home@example.com", list: "daily-headlines" })],
    ["an email without a dot in the domain", json({ email: "reader@example", list: "daily-headlines" })],
    ["an email with a space", json({ email: "read er@example.com", list: "daily-headlines" })],
    ["an email with a control character", json({ email: "reader\u0007@example.com", list: "daily-headlines" })],
    ["an empty email", json({ email: "   ", list: "daily-headlines" })],
    ["an unknown list", json({ email: "reader@example.com", list: "weekly-digest" })],
  ])("400 for %s, and nothing is stored", async (_, body) => {
    const response = await signup(api(), body);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: expect.any(String) });
    expect(await stored()).toEqual([]);
  });

  it("400 for a body over 4 KB announced by Content-Length", async () => {
    const body = json({ email: `${"a".repeat(5000)}@example.com`, list: "daily-headlines" });
    const headers = { ...JSON_TYPE, "Content-Length": String(body.length) };
    const response = await signup(api(), body, headers);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: expect.stringMatching(/too large/) });
  });

  it("400 for a streamed body over 4 KB without Content-Length", async () => {
    const { body, sent } = streamedBody(100);
    const response = await signup(api(), body);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: expect.stringMatching(/too large/) });
    // Reading stopped at the limit instead of draining the whole body.
    expect(sent()).toBeLessThan(10);
  });

  it.each([
    ["text/plain", { "Content-Type": "text/plain" }],
    ["form data", { "Content-Type": "application/x-www-form-urlencoded" }],
    ["a JSON-like type", { "Content-Type": "application/jsonp" }],
    ["no content type", {}],
  ])("415 for %s", async (_, headers) => {
    const body = json({ email: "reader@example.com", list: "daily-headlines" });
    const response = await signup(api(), body, headers);
    expect(response.status).toBe(415);
    expect(await response.json()).toEqual({ error: expect.any(String) });
    expect(await stored()).toEqual([]);
  });

  it("429 with Retry-After past the limit, counting invalid attempts, until the window ends", async () => {
    const app = api({ signupRateLimit: 3 });
    const valid = json({ email: "reader@example.com", list: "daily-headlines" });
    expect((await signup(app, "not json")).status).toBe(400);
    expect((await signup(app, valid, { "Content-Type": "text/plain" })).status).toBe(415);
    expect((await signup(app, valid)).status).toBe(202);

    time += 20_000;
    const limited = await signup(app, valid);
    expect(limited.status).toBe(429);
    expect(await limited.json()).toEqual({ error: expect.any(String) });
    expect(limited.headers.get("Retry-After")).toBe("40");

    // Other clients have their own allowance.
    expect((await signup(app, valid, JSON_TYPE, "198.51.100.1")).status).toBe(202);

    time += 40_000;
    expect((await signup(app, valid)).status).toBe(202);
  });

  it("behind a trusted proxy, limits each reader the proxy names, not the proxy", async () => {
    const app = api({ signupRateLimit: 1, trustProxy: ["10.0.0.0/8"] });
    const valid = json({ email: "reader@example.com", list: "daily-headlines" });
    const via = (reader: string) => ({ ...JSON_TYPE, "X-Forwarded-For": reader });
    expect((await signup(app, valid, via("203.0.113.7"), "10.0.0.2")).status).toBe(202);
    expect((await signup(app, valid, via("198.51.100.1"), "10.0.0.2")).status).toBe(202);
    expect((await signup(app, valid, via("203.0.113.7"), "10.0.0.3")).status).toBe(429);
    // A reader's own X-Forwarded-For is not believed: it shares its socket's allowance.
    expect((await signup(app, valid, via("192.0.2.1"), "203.0.113.8")).status).toBe(202);
    expect((await signup(app, valid, via("192.0.2.2"), "203.0.113.8")).status).toBe(429);
  });

  it("checks the rate limit before reading the body", async () => {
    const app = api({ signupRateLimit: 1 });
    await signup(app, "{}");
    const response = await signup(app, "x".repeat(10_000), { "Content-Type": "text/plain" });
    expect(response.status).toBe(429);
  });

  it.each(["GET", "PUT", "DELETE", "PATCH", "HEAD"])("405 with Allow: POST for %s", async (method) => {
    const response = await api().request("/api/subscriptions", { method }, from("203.0.113.7"));
    expect(response.status).toBe(405);
    expect(response.headers.get("Allow")).toBe("POST");
  });

  it("answers a CORS preflight, so an app on another origin can sign readers up", async () => {
    const response = await api().request("/api/subscriptions", {
      method: "OPTIONS",
      headers: {
        Origin: "https://reader.example",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(response.headers.get("Access-Control-Allow-Methods")).toContain("POST");
    expect(response.headers.get("Access-Control-Allow-Headers")?.toLowerCase()).toContain("content-type");
  });

  it("500 JSON without details when storage fails", async () => {
    const broken: Store = {
      ...site.store,
      async signUp() {
        throw new Error("SQLITE_FULL: database or disk is full at /secret/path");
      },
    };
    const logged = vi.spyOn(log, "error").mockImplementation(() => {});
    const response = await signup(api({ store: broken }), json({ email: "a@b.co", list: "daily-headlines" }));
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ error: expect.any(String) });
    expect(text).not.toMatch(/SQLITE|secret|at /);
    expect(logged).toHaveBeenCalledOnce();
    logged.mockRestore();
  });
});

describe("GET /api content", () => {
  it("serves headlines.json as JSON a shared cache keeps briefly, with validators", async () => {
    const response = await api().request("/api/headlines.json");
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
    expect(response.headers.get("Cache-Control")).toBe("public, max-age=0, s-maxage=30, stale-while-revalidate=60");
    expect(response.headers.get("ETag")).toMatch(/^W\/".+"$/);
    expect(response.headers.get("Last-Modified")).not.toBeNull();
    expect(await response.text()).toBe(HEADLINES);
  });

  it("answers 304 to a matching If-None-Match or If-Modified-Since", async () => {
    const app = api();
    const first = await app.request("/api/articles/harbor-bridge-reopens.json");
    expect(first.status).toBe(200);
    const etag = first.headers.get("ETag") ?? "";
    const lastModified = first.headers.get("Last-Modified") ?? "";

    const byTag = await app.request("/api/articles/harbor-bridge-reopens.json", {
      headers: { "If-None-Match": `"other", ${etag}` },
    });
    expect(byTag.status).toBe(304);
    expect(byTag.headers.get("ETag")).toBe(etag);
    expect(await byTag.text()).toBe("");

    const byDate = await app.request("/api/articles/harbor-bridge-reopens.json", {
      headers: { "If-Modified-Since": lastModified },
    });
    expect(byDate.status).toBe(304);

    const stale = await app.request("/api/articles/harbor-bridge-reopens.json", {
      headers: { "If-None-Match": '"other"' },
    });
    expect(stale.status).toBe(200);
  });

  it.each([
    "/api/articles/missing-story.json",
    "/api/articles/Harbor-Bridge.json",
    "/api/articles/harbor--bridge.json",
    `/api/articles/${"a".repeat(121)}.json`,
    "/api/articles/harbor-bridge-reopens",
    "/api/articles/harbor-bridge-reopens.json/",
    "/api/articles/..%2f..%2fpackage.json",
    "/api/articles/..%2F..%2Fpackage",
    "/api/articles/%2e%2e%2fpackage.json",
    "/api/articles/..%5c..%5cpackage.json",
    "/api/package.json",
    "/api/unknown",
  ])("404 JSON for %s", async (path) => {
    const response = await api().request(path);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: "not found" });
  });
});

describe("GET /media", () => {
  it("serves images with a long cache lifetime and no re-compression", async () => {
    const response = await api().request("/media/harbor.jpg", {
      headers: { "Accept-Encoding": "br, gzip" },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("image/jpeg");
    expect(response.headers.get("Cache-Control")).toBe("public, max-age=31536000, immutable");
    expect(response.headers.get("Content-Encoding")).toBeNull();
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(new Uint8Array(4096).fill(7));
  });

  it.each([
    "/media/missing.jpg",
    "/media/",
    "/media/.hidden.jpg",
    "/media/..%2fpackage.json",
    "/media/..%2F..%2Fpackage.json",
    "/media/%2e%2e%2fpackage.json",
    "/media/%2E%2E/%2E%2E/package.json",
    "/media/..%5cpackage.json",
    "/media/harbor.jpg%00.png",
    "/media/%E0%A4%A",
  ])("404 for %s", async (path) => {
    const response = await api().request(path);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain(SECRET);
  });
});
