import { rmSync } from "node:fs";
import { join } from "node:path";
import { Hono } from "hono";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { contentReadiness } from "./readiness.ts";
import { createTestSite, startServer } from "../testing/site.ts";
import type { TestSite } from "../testing/site.ts";

let site: TestSite;
beforeEach(() => {
  site = createTestSite();
});
afterEach(async () => {
  await site.remove();
});

describe("contentReadiness", () => {
  it("passes while the bundled front page is there", async () => {
    const ready = contentReadiness({ contentDir: site.contentDir, apiBase: "/api", apiOrigin: undefined });
    await expect(ready.check()).resolves.toBe(true);
    rmSync(join(site.contentDir, "api", "headlines.json"));
    await expect(ready.check()).rejects.toThrow(/ENOENT/);
  });

  it("asks another server's API for its front page", async () => {
    let up = true;
    const api = new Hono().get("/v1/headlines.json", (c) => c.body(null, up ? 200 : 503));
    const server = await startServer(api);
    try {
      const ready = contentReadiness({
        contentDir: site.contentDir,
        apiBase: `${server.url}/v1`,
        apiOrigin: server.url,
      });
      await expect(ready.check()).resolves.toBe(true);
      up = false;
      await expect(ready.check()).resolves.toBe(false);
    } finally {
      await server.close();
    }
  });
});
