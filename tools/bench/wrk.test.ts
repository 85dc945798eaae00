import { describe, expect, it } from "vitest";
import { cpuSeconds, parseWrk } from "./wrk.ts";

// What wrk 4.1 printed on this project's machine, with the figures changed.
const RUN = `Running 1s test @ http://127.0.0.1:5605/articles/a-story
  1 threads and 50 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   466.79us   81.66us   2.30ms   91.88%
    Req/Sec   107.13k     4.03k  110.93k    81.82%
  Latency Distribution
     50%  453.00us
     75%  474.00us
     90%  525.00us
     99%    1.51ms
  116876 requests in 1.10s, 805.20MB read
Requests/sec: 106005.27
Transfer/sec:    730.31MB
`;

const TROUBLED = `Running 3s test @ http://127.0.0.1:5605/nothing
  1 threads and 50 connections
  Latency Distribution
     50%   12.40ms
     75%   20.00ms
     90%  400.00ms
     99%    1.20s
  3000 requests in 3.00s, 1.00MB read
  Socket errors: connect 0, read 2, write 1, timeout 4
  Non-2xx or 3xx responses: 17
Requests/sec:   1000.00
Transfer/sec:    341.00KB
`;

describe("parseWrk", () => {
  it("reads the rate, the count and the percentiles in their units", () => {
    expect(parseWrk(RUN)).toEqual({
      requestsPerSecond: 106005.27,
      requests: 116876,
      p50Ms: 0.453,
      p99Ms: 1.51,
      failed: 0,
      errors: 0,
    });
  });

  it("counts failed responses and socket errors, and reads seconds", () => {
    expect(parseWrk(TROUBLED)).toMatchObject({ p50Ms: 12.4, p99Ms: 1200, failed: 17, errors: 7 });
  });

  it("refuses output without a rate or a latency distribution", () => {
    expect(() => parseWrk("unable to connect to 127.0.0.1:1 Connection refused")).toThrow(/no request rate/);
    expect(() => parseWrk(RUN.replace(/^\s+99%.*$/m, ""))).toThrow(/no 99th percentile/);
  });
});

describe("cpuSeconds", () => {
  it("reads this process's own CPU time from /proc, close to what Node reports", () => {
    const { user, system } = process.cpuUsage();
    expect(cpuSeconds(process.pid)).toBeCloseTo((user + system) / 1e6, 0);
  });
});
