import { describe, expect, it } from "vitest";
import { SERVER_TARGETS, serverChecks, table } from "./serverReport.ts";
import type { Measured, ServerFigures } from "./serverReport.ts";

function measured(rate: number, p50 = 1, p99 = 2): Measured {
  return { rate, p50, p99, ok: 100, other: 0, errors: 0 };
}

function figures(change: (figures: ServerFigures) => void = () => {}): ServerFigures {
  const all: ServerFigures = {
    cached: { throughNginx: measured(95_000), fromDisk: measured(100_000), dispatchAlone: measured(30_000) },
    rendered: { oneConnection: measured(100, 5, 20), atFixedRate: measured(100, 4, 12), answered: true },
    signups: {
      sqlite: { accepted: 2000, rows: 2010 },
      postgres: { accepted: 3000, rows: 3000, rate: 1000 },
      inFlight: 150,
    },
  };
  change(all);
  return all;
}

const failed = (all: ServerFigures) =>
  serverChecks(all)
    .filter((check) => !check.met)
    .map((check) => check.what);

describe("bench:server's targets", () => {
  it("are all met by figures inside every one", () => {
    expect(failed(figures())).toEqual([]);
  });

  it("hold the cached page through nginx to 0.9 × nginx sending the file from disk", () => {
    expect(SERVER_TARGETS.cachedRatio).toBe(0.9);
    expect(failed(figures((all) => (all.cached.throughNginx = measured(90_000))))).toEqual([]);
    expect(failed(figures((all) => (all.cached.throughNginx = measured(89_900))))).toEqual([
      "cached page through nginx ≥ 0.9 × nginx from disk",
    ]);
    expect(failed(figures((all) => (all.cached.throughNginx = measured(95_000, 1, 11))))).toEqual([
      "cached page through nginx p99 ≤ 10 ms",
    ]);
  });

  it("set no target for Dispatch alone, however slow", () => {
    expect(failed(figures((all) => (all.cached.dispatchAlone = measured(1, 500, 900))))).toEqual([]);
    expect(serverChecks(figures()).map((check) => check.what)).not.toContainEqual(expect.stringMatching(/alone/));
  });

  it("judge rendered pages alone and at a fixed rate, not a closed loop of 50 connections", () => {
    const names = serverChecks(figures()).map((check) => check.what);
    expect(names.filter((name) => name.startsWith("server-rendered p50"))).toEqual([
      "server-rendered p50 ≤ 30 ms (1 connection)",
      "server-rendered p50 ≤ 30 ms (fixed rate)",
    ]);
    expect(failed(figures((all) => (all.rendered.atFixedRate = measured(100, 31, 40))))).toEqual([
      "server-rendered p50 ≤ 30 ms (fixed rate)",
    ]);
  });

  it("count a signup lost when rows are fewer than 202s, or more than the requests cut off in flight", () => {
    expect(failed(figures((all) => (all.signups.sqlite = { accepted: 2000, rows: 1999 })))).toEqual([
      "every signup answered 202 is stored",
    ]);
    expect(failed(figures((all) => (all.signups.postgres.rows = 3151)))).toEqual([
      "every signup answered 202 on PostgreSQL is stored",
    ]);
  });
});

describe("bench:server's table", () => {
  it("lines up each column under its heading", () => {
    const lines = table([
      { what: "a", result: measured(12_345.6, 1.25, 2.5), note: "first" },
      { what: "longer name", result: measured(7) },
    ]).split("\n");
    expect(lines[0]).toMatch(/^what {9}req\/s {2}p50 ms {2}p99 ms/);
    expect(lines[2]).toMatch(/^a {12}12346 {2}1\.3 {5}2\.5/);
    expect(lines[3]?.trimEnd()).toMatch(/^longer name {2}7 {6}1\.0/);
  });
});
