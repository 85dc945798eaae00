import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { type LatencyProxy, startLatencyProxy } from "./latencyProxy.ts";

const LATENCY_MS = 150;
let upstream: Server | undefined;
let proxy: LatencyProxy | undefined;

afterEach(async () => {
  await proxy?.close();
  await stopUpstream();
});

async function stopUpstream(): Promise<void> {
  const server = upstream;
  upstream = undefined;
  if (server) await new Promise((resolve) => server.close(resolve));
}

/** An upstream that answers every request with what it received, and a header of its own. */
async function startEchoServer(): Promise<string> {
  upstream = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => {
      body += chunk;
    });
    request.on("end", () => {
      response.writeHead(201, { "Content-Type": "text/plain", "X-Upstream": "echo" });
      response.end(`${request.method} ${request.url} ${body}`);
    });
  });
  await new Promise<void>((resolve) => upstream?.listen(0, "127.0.0.1", resolve));
  const { port } = upstream.address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

describe("the bench's latency proxy", () => {
  it("holds back the API requests it is told to by the latency, and passes them on unchanged", async () => {
    proxy = await startLatencyProxy(await startEchoServer(), /^\/api\/articles\//, LATENCY_MS);
    const started = performance.now();
    const response = await fetch(`${proxy.origin}/api/articles/a-story.json?v=2`);
    const text = await response.text();
    expect(performance.now() - started).toBeGreaterThanOrEqual(LATENCY_MS - 1);
    expect(response.status).toBe(201);
    expect(response.headers.get("X-Upstream")).toBe("echo");
    expect(text).toBe("GET /api/articles/a-story.json?v=2 ");
    expect(proxy.delayed).toEqual(["/api/articles/a-story.json"]);
  });

  it("passes every other request straight through, bodies included", async () => {
    proxy = await startLatencyProxy(await startEchoServer(), /^\/api\/articles\//, LATENCY_MS);
    const response = await fetch(`${proxy.origin}/api/subscriptions`, { method: "POST", body: "email=a@b.example" });
    expect(await response.text()).toBe("POST /api/subscriptions email=a@b.example");
    expect(proxy.delayed).toEqual([]);
  });

  it("answers 502 when the upstream is gone", async () => {
    const origin = await startEchoServer();
    await stopUpstream();
    proxy = await startLatencyProxy(origin, /^\/api\/articles\//, LATENCY_MS);
    const response = await fetch(`${proxy.origin}/`);
    expect(response.status).toBe(502);
  });
});
