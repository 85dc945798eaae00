import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { runFixedRate } from "./fixedRate.ts";

const servers: ReturnType<typeof createServer>[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

/** A server that answers each request `delayMs` after it arrives; /missing is a 404. */
async function slowServer(delayMs: number): Promise<{ origin: string; arrivals: number[] }> {
  const arrivals: number[] = [];
  const server = createServer((request, response) => {
    arrivals.push(performance.now());
    setTimeout(() => response.writeHead(request.url === "/missing" ? 404 : 200).end("ok"), delayMs);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, arrivals };
}

describe("runFixedRate", () => {
  it("sends at the rate asked, not in bursts, and counts each answer", async () => {
    const { origin, arrivals } = await slowServer(30);
    const paths = [...Array.from({ length: 19 }, (_, index) => `/story-${index}`), "/missing"];
    const started = performance.now();
    const result = await runFixedRate({ origin, paths, perSecond: 50, connections: 5, headers: {} });
    expect(result).toMatchObject({ ok: 19, other: 1, errors: 0 });
    // 20 ms apart, none before its time: the last cannot arrive before 19 intervals have passed,
    // however late a loaded machine's timers fire; a burst would send them all at once.
    expect((arrivals.at(-1) ?? 0) - started).toBeGreaterThanOrEqual(19 * 20);
    // Timers may fire a millisecond early.
    expect(result.p50Ms).toBeGreaterThanOrEqual(29);
  });

  it("counts refused connections as errors", async () => {
    const { origin } = await slowServer(0);
    const closed = servers.pop();
    await new Promise((resolve) => closed?.close(resolve));
    const result = await runFixedRate({ origin, paths: ["/a", "/b"], perSecond: 100, connections: 2, headers: {} });
    expect(result).toMatchObject({ ok: 0, errors: 2, p50Ms: Number.NaN });
  });
});
