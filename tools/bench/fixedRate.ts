/**
 * Requests sent at evenly spaced moments, whatever the server's pace: the wait a reader sees
 * when the server is busy but not overloaded. A closed loop (autocannon without a rate, each
 * connection asking again as soon as it is answered) keeps every connection queued, so its
 * latency is the queue's length, not the render's; and autocannon's own rate option sends a
 * second's requests in one burst at the top of each second. Each latency is counted from the
 * moment the request was due, so a client that falls behind cannot hide the delay.
 */
import { Agent, request } from "node:http";
import { performance } from "node:perf_hooks";
import { percentile } from "./stats.ts";

/** A request still unanswered after this counts as an error. */
const TIMEOUT_MS = 30_000;

export type FixedRateOptions = {
  origin: string;
  paths: readonly string[];
  perSecond: number;
  connections: number;
  headers: Record<string, string>;
};

export type FixedRateResult = { p50Ms: number; p99Ms: number; ok: number; other: number; errors: number };

export async function runFixedRate({
  origin,
  paths,
  perSecond,
  connections,
  headers,
}: FixedRateOptions): Promise<FixedRateResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const interval = 1000 / perSecond;
  const start = performance.now() + interval;
  const latenciesMs: number[] = [];
  let ok = 0;
  let other = 0;
  let errors = 0;
  const send = (path: string, due: number) =>
    new Promise<void>((resolve) => {
      let settled = false;
      const settle = (count: () => void) => {
        if (settled) return;
        settled = true;
        count();
        resolve();
      };
      const failed = () => settle(() => (errors += 1));
      const sent = request(new URL(path, origin), { agent, headers, timeout: TIMEOUT_MS }, (response) => {
        response.resume();
        response.once("end", () =>
          settle(() => {
            latenciesMs.push(performance.now() - due);
            if (response.statusCode && response.statusCode < 400) ok += 1;
            else other += 1;
          }),
        );
        // A connection cut in the middle of the body ends neither the response nor the request.
        response.once("aborted", failed);
        response.once("error", failed);
      });
      sent.once("timeout", () => sent.destroy(new Error(`No answer within ${TIMEOUT_MS} ms.`)));
      sent.once("error", failed);
      sent.end();
    });
  const inFlight: Promise<void>[] = [];
  for (const [index, path] of paths.entries()) {
    const due = start + index * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    inFlight.push(send(path, due));
  }
  await Promise.all(inFlight);
  agent.destroy();
  // With no answer at all there is no latency to give: NaN, which no target meets.
  const at = (p: number) => (latenciesMs.length > 0 ? percentile(latenciesMs, p) : Number.NaN);
  return { p50Ms: at(50), p99Ms: at(99), ok, other, errors };
}
