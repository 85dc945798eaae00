import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../app.ts";
import type { TrustProxy } from "./clientAddress.ts";
import { createLogger, loggablePath } from "./log.ts";
import { createTestSite } from "../testing/site.ts";
import type { TestSite } from "../testing/site.ts";

let site: TestSite;
beforeEach(() => {
  site = createTestSite();
});
afterEach(async () => {
  await site.remove();
});

function loggedApp(trustProxy: TrustProxy = 0) {
  const lines: string[] = [];
  const logger = createLogger("info", { write: (line: string) => lines.push(line) });
  const app = createApp({
    contentDir: site.contentDir,
    distDir: site.distDir,
    subscriptions: site.subscriptions(),
    siteUrl: "http://localhost",
    trustProxy,
    logger,
  });
  return { app, lines, entries: () => lines.map((line) => JSON.parse(line)) };
}

const TOKEN = "Zk3q9XcV2bN7mLp0sT4wYy8uR1eA6dHf";
const EMAIL = "reader.name@example.com";

describe("loggablePath", () => {
  it.each([
    ["/articles/harbor-bridge-reopens", "/articles/harbor-bridge-reopens"],
    ["/api/articles/harbor-bridge-reopens.json", "/api/articles/harbor-bridge-reopens.json"],
    [`/subscriptions/confirm/${TOKEN}`, "/subscriptions/confirm/:token"],
    [`/api/subscriptions/unsubscribe/${TOKEN}/now`, "/api/subscriptions/unsubscribe/:token/:token"],
    [`/api/subscribers/${encodeURIComponent(EMAIL)}`, "/api/subscribers/:email"],
    [`/api/subscribers/${EMAIL}`, "/api/subscribers/:email"],
    [`/e/${"ab12".repeat(8)}`, "/e/:token"],
  ])("%s → %s", (path, logged) => {
    expect(loggablePath(path)).toBe(logged);
  });
});

describe("request log", () => {
  it("writes one JSON line per request with its id, method, path, status and duration", async () => {
    const { app, entries } = loggedApp();
    const page = await app.request("/articles/harbor-bridge-reopens", { headers: { "X-Request-Id": "edge-42.a" } });
    await app.request("/no/such/file.txt");
    expect(page.headers.get("X-Request-Id")).toBe("edge-42.a");
    const [first, second, ...rest] = entries();
    expect(rest).toEqual([]);
    expect(first).toMatchObject({
      id: "edge-42.a",
      method: "GET",
      path: "/articles/harbor-bridge-reopens",
      status: 200,
    });
    expect(first.ms).toEqual(expect.any(Number));
    expect(first.time).toEqual(expect.any(String));
    expect(second).toMatchObject({ method: "GET", path: "/no/such/file.txt", status: 404 });
    expect(second.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("logs the scheme a trusted proxy reports, and not one a reader claims", async () => {
    const from = (remoteAddress: string) => ({ incoming: { socket: { remoteAddress } } });
    const headers = { "X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https" };
    const behindProxy = loggedApp(["10.0.0.0/8"]);
    await behindProxy.app.request("/", { headers }, from("10.0.0.2"));
    await behindProxy.app.request("/", { headers }, from("198.51.100.4"));
    expect(behindProxy.entries().map((entry) => entry.protocol)).toEqual(["https", "http"]);
    expect(behindProxy.lines.join("")).not.toContain("203.0.113.9");
  });

  it("makes a new id when the given one could carry anything but an id", async () => {
    const { app, entries } = loggedApp();
    const response = await app.request("/", { headers: { "X-Request-Id": `${EMAIL} {"forged":true}` } });
    const id = response.headers.get("X-Request-Id");
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(entries()[0].id).toBe(id);
  });

  it("never writes an email address, a token or a cookie", async () => {
    const { app, lines } = loggedApp();
    const cookie = "dispatch-theme=dark; session=s3cr3t-cookie-value";
    await app.request("/api/subscriptions", {
      method: "POST",
      headers: { "Content-Type": "application/json", Cookie: cookie },
      body: JSON.stringify({ email: EMAIL, list: "daily-headlines" }),
    });
    await app.request(`/subscriptions/confirm/${TOKEN}?email=${encodeURIComponent(EMAIL)}`, {
      headers: { Cookie: cookie },
    });
    await app.request(`/api/articles/harbor-bridge-reopens.json?token=${TOKEN}`);
    expect(lines).toHaveLength(3);
    const text = lines.join("");
    for (const secret of [EMAIL, encodeURIComponent(EMAIL), "example.com", TOKEN, "s3cr3t", "dispatch-theme"]) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('"path":"/subscriptions/confirm/:token"');
  });
});
