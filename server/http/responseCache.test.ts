import { once } from "node:events";
import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../app.ts";
import { createLogger } from "./log.ts";
import { createResponseCache, nodeRequestHandler } from "./responseCache.ts";
import { story } from "../../contract/testing/fixtures.ts";
import { createTestSite } from "../testing/site.ts";
import type { TestSite } from "../testing/site.ts";

const PAGE = "/articles/harbor-bridge-reopens";

let site: TestSite;
let time: number;
let close: () => Promise<void>;
beforeEach(() => {
  site = createTestSite();
  time = 1_000_000;
});
afterEach(async () => {
  await close();
  await site.remove();
});

/** The app behind its response cache over real HTTP, with SITE_URL the server's own address. */
async function serveCached() {
  const lines: string[] = [];
  const logger = createLogger("info", { write: (line: string) => lines.push(line) });
  // Listening first: SITE_URL is the server's own address, known once it has a port.
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const cache = createResponseCache({ siteUrl: origin, logger, now: () => time, ttlMs: 1000 });
  server.on(
    "request",
    nodeRequestHandler(createApp({ ...appOptions(), siteUrl: origin, logger, responseCache: cache }), cache),
  );
  close = async () => {
    server.closeAllConnections();
    server.close();
    await once(server, "close");
  };
  return { origin, cache, lines };
}

function appOptions() {
  return {
    contentDir: site.contentDir,
    distDir: site.distDir,
    ssrDir: site.ssrDir,
    subscriptions: site.subscriptions(),
    siteUrl: "http://localhost",
  };
}

async function get(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { headers });
  return { response, text: await response.text() };
}

describe("the response cache", () => {
  it("answers a shared page again from memory, with the same headers and a request id of its own, for a second", async () => {
    const { origin, cache, lines } = await serveCached();
    const first = await get(origin + PAGE);
    expect(cache.size()).toBe(1);
    // Changed on disk: the cache still answers with what it kept until its second is over.
    site.write("content/api/articles/harbor-bridge-reopens.json", JSON.stringify(story({ headline: "Rebuilt" })));
    const second = await get(origin + PAGE, { "X-Request-Id": "cdn-7" });
    expect(second.text).toBe(first.text);
    expect(second.response.headers.get("X-Request-Id")).toBe("cdn-7");
    expect(second.response.headers.get("ETag")).toBe(first.response.headers.get("ETag"));
    expect(second.response.headers.get("Content-Security-Policy")).toBe(
      first.response.headers.get("Content-Security-Policy"),
    );
    time += 1000;
    expect((await get(origin + PAGE)).text).toContain("<title>Rebuilt — Dispatch</title>");
    const logged = lines.map((line) => JSON.parse(line));
    expect(logged).toHaveLength(3);
    expect(logged[1]).toMatchObject({ id: "cdn-7", method: "GET", path: PAGE, status: 200 });
  });

  it("keeps each encoding apart", async () => {
    const { origin } = await serveCached();
    const gzip = await fetch(origin, { headers: { "Accept-Encoding": "gzip" } });
    expect(gzip.headers.get("Content-Encoding")).toBe("gzip");
    const br = await fetch(origin, { headers: { "Accept-Encoding": "br" } });
    expect(br.headers.get("Content-Encoding")).toBe("br");
    const again = await fetch(origin, { headers: { "Accept-Encoding": "gzip" } });
    expect(again.headers.get("Content-Encoding")).toBe("gzip");
    expect(await again.text()).toBe(await gzip.text());
  });

  it("keeps nothing a shared cache may not: 404s, signups, other Hosts", async () => {
    const { origin, cache } = await serveCached();
    await get(`${origin}/sections/europe`);
    await fetch(`${origin}/api/subscriptions`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email: "reader@example.com", list: "daily-headlines" }),
    });
    const stray = await new Promise<number | undefined>((resolve, reject) => {
      // fetch would not send another Host; node:http does.
      request(`${origin}${PAGE}`, { headers: { Host: "stray.example" } }, (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode));
      })
        .on("error", reject)
        .end();
    });
    expect(stray).toBe(200);
    expect(cache.size()).toBe(0);
  });

  it("leaves conditional requests to the app, which answers 304", async () => {
    const { origin } = await serveCached();
    const first = await get(origin + PAGE);
    const etag = first.response.headers.get("ETag") ?? "";
    const again = await fetch(origin + PAGE, { headers: { "If-None-Match": etag } });
    expect(again.status).toBe(304);
  });
});
