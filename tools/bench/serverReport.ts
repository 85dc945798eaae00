/**
 * What `npm run bench:server` prints: its table, and each target met or not. Kept apart from the
 * runs so the targets can be checked on figures written by hand.
 */

/** One row's figures, from any of the load generators. */
export type Measured = { rate: number; p50: number; p99: number; ok: number; other: number; errors: number };

export type Row = { what: string; result: Measured; note?: string };

export const SERVER_TARGETS = {
  /** A cached story page through deploy/nginx.conf, against nginx sending the same file from disk. */
  cachedRatio: 0.9,
  cachedP99Ms: 10,
  renderedP50Ms: 30,
  postgresSignups: 500,
} as const;

/** Signups answered 202, and the rows found afterwards. */
export type Stored = { accepted: number; rows: number };

export type ServerFigures = {
  cached: {
    /** Through nginx with the shipped config, from its cache. */
    throughNginx: Measured;
    /** nginx sending the same page from disk. */
    fromDisk: Measured;
    /** Dispatch alone, from its own response cache: reported, with no target. */
    dispatchAlone: Measured;
  };
  rendered: {
    oneConnection: Measured;
    atFixedRate: Measured;
    /** Every rendered request answered 2xx, and a sample has the story rendered in. */
    answered: boolean;
  };
  signups: {
    sqlite: Stored;
    postgres: Stored & { rate: number };
    /** Requests still in flight when the timed rounds stopped: stored, yet never counted as answered. */
    inFlight: number;
  };
};

export type Check = { what: string; met: boolean };

/** Every signup answered 202 is a row; a few more may be, from the requests cut off by a round's end. */
function allStored({ accepted, rows }: Stored, inFlight: number): boolean {
  return rows >= accepted && rows - accepted <= inFlight;
}

export function serverChecks({ cached, rendered, signups }: ServerFigures): Check[] {
  const target = SERVER_TARGETS;
  return [
    {
      what: `cached page through nginx ≥ ${target.cachedRatio} × nginx from disk`,
      met: cached.throughNginx.rate >= target.cachedRatio * cached.fromDisk.rate,
    },
    {
      what: `cached page through nginx p99 ≤ ${target.cachedP99Ms} ms`,
      met: cached.throughNginx.p99 <= target.cachedP99Ms,
    },
    {
      what: `server-rendered p50 ≤ ${target.renderedP50Ms} ms (1 connection)`,
      met: rendered.oneConnection.p50 <= target.renderedP50Ms,
    },
    {
      what: `server-rendered p50 ≤ ${target.renderedP50Ms} ms (fixed rate)`,
      met: rendered.atFixedRate.p50 <= target.renderedP50Ms,
    },
    { what: "every server-rendered request answered 2xx, with the story rendered in", met: rendered.answered },
    { what: "every signup answered 202 is stored", met: allStored(signups.sqlite, signups.inFlight) },
    {
      what: `≥ ${target.postgresSignups} signups/s on PostgreSQL, two instances`,
      met: signups.postgres.rate >= target.postgresSignups,
    },
    { what: "every signup answered 202 on PostgreSQL is stored", met: allStored(signups.postgres, signups.inFlight) },
  ];
}

export function table(rows: Row[]): string {
  const header = ["what", "req/s", "p50 ms", "p99 ms", "2xx", "other", "errors", "note"];
  const lines = rows.map(({ what, result, note = "" }) => [
    what,
    result.rate.toFixed(0),
    result.p50.toFixed(1),
    result.p99.toFixed(1),
    String(result.ok),
    String(result.other),
    String(result.errors),
    note,
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...lines.map((line) => line[column]?.length ?? 0)),
  );
  const format = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join("  ");
  return [format(header), format(widths.map((width) => "-".repeat(width))), ...lines.map(format)].join("\n");
}
