import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { delay } from "./processes.ts";

export type LatencyProxy = {
  origin: string;
  /** The paths of the requests that were held back, in order. */
  delayed: string[];
  close: () => Promise<void>;
};

/**
 * A reverse proxy in front of `upstream` that holds back each request whose path matches
 * `slow` by `latencyMs` before passing it on: the API answering that much later, with no
 * browser-side interception adding its own delay on top.
 */
export async function startLatencyProxy(upstream: string, slow: RegExp, latencyMs: number): Promise<LatencyProxy> {
  const target = new URL(upstream);
  const delayed: string[] = [];
  const server = createServer((incoming, outgoing) => {
    const path = incoming.url ?? "/";
    const forward = () => {
      const upstreamRequest = request(
        { host: target.hostname, port: target.port, method: incoming.method, path, headers: incoming.headers },
        (answer) => {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
        },
      );
      upstreamRequest.on("error", (error) => {
        outgoing.writeHead(502, { "Content-Type": "text/plain" });
        outgoing.end(`The proxy could not reach ${upstream}: ${error.message}`);
      });
      incoming.pipe(upstreamRequest);
    };
    const { pathname } = new URL(path, upstream);
    if (slow.test(pathname)) {
      delayed.push(pathname);
      void delay(latencyMs).then(forward);
    } else {
      forward();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, target.hostname, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://${target.hostname}:${port}`,
    delayed,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
