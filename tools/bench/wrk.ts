/**
 * wrk (Debian's `wrk` package) for the cached-page comparison: a load generator written in C
 * that needs a fraction of a core for what the servers can answer, so the figure is the
 * server's and not the client's. autocannon, in Node, spends a whole core on about 13,000
 * requests a second on this project's machine, which both Dispatch and nginx can exceed.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";

export type WrkResult = {
  requestsPerSecond: number;
  requests: number;
  p50Ms: number;
  p99Ms: number;
  /** Responses with a status of 400 or more. */
  failed: number;
  /** Connect, read, write and timeout errors added up. */
  errors: number;
};

const UNIT_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000 };

function duration(output: string, percentile: string): number {
  const match = new RegExp(`^\\s*${percentile}%\\s+([\\d.]+)(us|ms|s)\\s*$`, "m").exec(output);
  if (!match?.[1] || !match[2]) throw new Error(`wrk printed no ${percentile}th percentile:\n${output}`);
  return Number(match[1]) * (UNIT_MS[match[2]] ?? Number.NaN);
}

/** Reads what `wrk --latency` prints. */
export function parseWrk(output: string): WrkResult {
  const rate = /^Requests\/sec:\s+([\d.]+)/m.exec(output)?.[1];
  const requests = /^\s*(\d+) requests in /m.exec(output)?.[1];
  if (!rate || !requests) throw new Error(`wrk printed no request rate:\n${output}`);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  const errors = socket ? socket.slice(1).reduce((sum, count) => sum + Number(count), 0) : 0;
  return {
    requestsPerSecond: Number(rate),
    requests: Number(requests),
    p50Ms: duration(output, "50"),
    p99Ms: duration(output, "99"),
    failed: Number(/Non-2xx or 3xx responses: (\d+)/.exec(output)?.[1] ?? 0),
    errors,
  };
}

export type WrkOptions = { connections: number; seconds: number; headers: Record<string, string> };

/** One wrk thread: the other core is left to the server measured. */
export async function runWrk(url: string, { connections, seconds, headers }: WrkOptions): Promise<WrkResult> {
  const args = ["-t1", `-c${connections}`, `-d${seconds}s`, "--latency"];
  for (const [name, value] of Object.entries(headers)) args.push("-H", `${name}: ${value}`);
  const { stdout } = await promisify(execFile)("wrk", [...args, url], { timeout: (seconds + 30) * 1000 });
  return parseWrk(stdout);
}

/** CPU seconds a process has used so far, user and system, from /proc (Linux). */
export function cpuSeconds(pid: number): number {
  // The fields after the command's closing parenthesis (the command may hold one itself);
  // utime and stime are the 12th and 13th of them.
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  if (!Number.isFinite(ticks)) throw new Error(`Could not read the CPU time of process ${pid}.`);
  // Linux reports in USER_HZ, 100 a second on every architecture it runs on.
  return ticks / 100;
}

/** The processes `pid` started (nginx's master starts its worker). */
export function childPids(pid: number): number[] {
  return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
}
