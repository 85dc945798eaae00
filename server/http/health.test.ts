import { describe, expect, it } from "vitest";
import { createHealth } from "./health.ts";
import type { ReadinessCheck } from "./health.ts";
import { createLogger } from "./log.ts";

const logger = createLogger("silent");
const passing = (name: string): ReadinessCheck => ({ name, check: async () => true });

describe("/healthz and /readyz", () => {
  it("healthz answers 200 even when a dependency is down", async () => {
    const health = createHealth([{ name: "database", check: async () => false }], logger);
    const response = await health.request("/healthz");
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
  });

  it("readyz answers 200 when every check passes", async () => {
    const response = await createHealth([passing("database"), passing("content")], logger).request("/readyz");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ready" });
  });

  it.each([
    ["answers false", async () => false],
    ["throws", async () => Promise.reject(new Error("connection refused"))],
    ["never answers", () => new Promise<boolean>(() => {})],
  ])("readyz answers 503 and names the check when one %s", async (_, check) => {
    const health = createHealth([passing("database"), { name: "content", check }], logger, 50);
    const response = await health.request("/readyz");
    expect(response.status).toBe(503);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expect(await response.json()).toEqual({ status: "not ready", failing: ["content"] });
  });
});
