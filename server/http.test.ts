import { request } from "node:http";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApp } from "./app.ts";
import { openSqliteStore } from "./store/index.ts";
import type { Store } from "./store/index.ts";
import { createTestSite, SECRET, startServer, streamedBody } from "./testing/site.ts";
import type { TestSite } from "./testing/site.ts";

let site: TestSite;
beforeEach(() => {
  site = createTestSite();
});
afterEach(async () => {
  await site.remove();
});

function serveSite(store: Store = site.store, signupRateLimit = 1_000) {
  const subscriptions = site.subscriptions({ store, signupRateLimit });
  return startServer(
    createApp({ contentDir: site.contentDir, distDir: site.distDir, subscriptions, siteUrl: "http://localhost" }),
  );
}

function signup(url: string, email: string) {
  return fetch(`${url}/api/subscriptions`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email, list: "daily-headlines" }),
  });
}

/** Sends the path exactly as written; fetch would normalise the dot segments first. */
function getRaw(url: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request(`${url}${path}`, { path }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => {
        body += chunk;
      });
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
    })
      .on("error", reject)
      .end();
  });
}

describe("the real server", () => {
  it("stores exactly one row per address when 200 signups arrive at once", async () => {
    const server = await serveSite();
    const unique = Array.from({ length: 134 }, (_, index) => `reader${index}@example.com`);
    const duplicates = unique.slice(0, 66).map((email, index) => (index % 2 ? email.toUpperCase() : `  ${email} `));
    const emails = [...unique, ...duplicates].sort(() => Math.random() - 0.5);

    const responses = await Promise.all(emails.map((email) => signup(server.url, email)));
    const statuses = responses.map((response) => response.status);
    const bodies = await Promise.all(responses.map((response) => response.json()));
    await server.close();

    expect(statuses.filter((status) => status === 202)).toHaveLength(200);
    expect(bodies.filter((body) => body.status === "confirmation-sent")).toHaveLength(200);
    const rows = await site.store.subscribers();
    expect(rows).toHaveLength(134);
    expect(new Set(rows.map((row) => row.emailNormalized)).size).toBe(134);
  });

  it("keeps a signup across a restart, stored as typed", async () => {
    const path = join(site.root, "restart", "signups.sqlite");
    const firstStore = openSqliteStore(path);
    const first = await serveSite(firstStore);
    expect((await signup(first.url, " Kept@Example.COM ")).status).toBe(202);
    await first.close();
    await firstStore.close();

    const secondStore = openSqliteStore(path);
    const second = await serveSite(secondStore);
    const again = await signup(second.url, "kept@example.com");
    await second.close();
    const emails = (await secondStore.subscribers()).map((row) => row.email);
    await secondStore.close();
    expect(again.status).toBe(202);
    expect(emails).toEqual(["Kept@Example.COM"]);
  });

  it("rejects a chunked body over 4 KB and keeps serving", async () => {
    const server = await serveSite();
    const { body } = streamedBody(64);
    const response = await fetch(`${server.url}/api/subscriptions`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body,
      duplex: "half",
    } as RequestInit);
    expect(response.status).toBe(400);
    expect(response.headers.get("Content-Length")).not.toBeNull();
    expect(await response.json()).toEqual({ error: expect.stringMatching(/too large/) });

    expect((await signup(server.url, "after@example.com")).status).toBe(202);
    await server.close();
  });

  it("limits signups per remote address", async () => {
    const server = await serveSite(site.store, 2);
    await signup(server.url, "one@example.com");
    await signup(server.url, "two@example.com");
    const limited = await signup(server.url, "three@example.com");
    await server.close();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(await site.store.subscribers()).toHaveLength(2);
  });

  it.each([
    "/media/../package.json",
    "/media/../../package.json",
    "/media/..%2f..%2fpackage.json",
    "/media/%2e%2e/%2e%2e/package.json",
    "/api/articles/../../package.json",
    "/api/articles/..%2f..%2fpackage.json",
    "/assets/../../package.json",
    "/../package.json",
  ])("does not serve files outside the roots for the raw path %s", async (path) => {
    const server = await serveSite();
    const response = await getRaw(server.url, path);
    await server.close();
    expect(response.status).toBe(404);
    expect(response.body).not.toContain(SECRET);
  });
});
