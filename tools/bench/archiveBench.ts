/**
 * `npm run bench:archive`: the story archive on SQLite and on PostgreSQL (a real server that
 * flushes to disk), side by side, filled by the real ingester with generated stories
 * (tools/bench/archiveStories.ts) up to BENCH_ARCHIVE_STORIES (default 100,000):
 *   1. ingesting the last 10,000 (a tenth) as new items, with the CPU each side spent;
 *   2. a refresh of the newest 50 with nothing new: this process's CPU, median of 20, and
 *      PostgreSQL's own (its processes' CPU from /proc, in 10 ms steps, over the 20);
 *   3. the store's answers for a story by slug, the front page, a section page and a story's
 *      related headlines, for one reader alone and for 10 at once (on synchronous SQLite a
 *      reader then waits for the others' turns, as a server's requests would);
 *   4. a reading process's memory at 1,000 stories and at the full archive.
 * The pages' render comes later: these are the store's answers, the floor under a page's time.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { createIngester } from "../../server/archive/ingest.ts";
import type { IncomingStory } from "../../server/archive/ingest.ts";
import { slugify } from "../../server/content/text.ts";
import { openPostgresStore, openSqliteStore } from "../../server/store/index.ts";
import type { ArchiveSource, Store } from "../../server/store/index.ts";
import { startPostgres } from "../../server/testing/postgresServer.ts";
import type { PostgresServer } from "../../server/testing/postgresServer.ts";
import { benchStory } from "./archiveStories.ts";
import { ROOT } from "./paths.ts";
import { percentile } from "./stats.ts";
import { atMost } from "./targets.ts";
import type { Target } from "./targets.ts";

const TOTAL = Number(process.env.BENCH_ARCHIVE_STORIES || 100_000);
const NEW_ITEMS = Math.round(TOTAL / 10);
const SMALL = 1_000;
const SEED_BATCH = 2_000;
const REFRESH_ITEMS = 50;
const REFRESH_ROUNDS = 20;
const READERS = 10;
const READS_PER_QUERY = 2_000;
const PAGE_SIZE = 30;
const SOURCE: ArchiveSource = { key: "wordpress:https://news.example", name: "News Example", priority: 0 };
const TARGET = { ingestSeconds: 30, refreshCpuMs: 5, pageP50Ms: 20, rssRatio: 1.1, rssMb: 256 };

type Timing = { p50: number; p99: number; perSecond: number };

type Side = {
  label: string;
  location: { DATABASE_PATH?: string; DATABASE_URL?: string };
  ingestSeconds: number;
  /** This process's CPU while ingesting, and the database server's (PostgreSQL only). */
  ingestCpuSeconds: number;
  ingestServerCpuSeconds: number | undefined;
  refreshCpuMs: number;
  refreshServerCpuMs: number | undefined;
  refreshWallMs: number;
  reads: Record<string, { alone: Timing; shared: Timing }>;
  rss: { small: number; full: number };
};

/** CPU time (ms) each PostgreSQL server process has used, from /proc: Linux only, in 10 ms steps. */
async function serverCpu(url: string | undefined): Promise<Map<number, number> | undefined> {
  if (!url) return undefined;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // Not this connection's own process: it is new each time.
    const { rows } = await client.query<{ pid: number }>(
      "SELECT pid FROM pg_stat_activity WHERE pid <> pg_backend_pid()",
    );
    const used = new Map<number, number>();
    for (const { pid } of rows) {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      used.set(pid, (Number(fields[11]) + Number(fields[12])) * 10);
    }
    return used;
  } finally {
    await client.end();
  }
}

/** CPU (ms) the server's processes used between two readings; one that ended meanwhile is not counted. */
function serverCpuBetween(before: Map<number, number> | undefined, after: Map<number, number> | undefined) {
  if (!before || !after) return undefined;
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}

const items = (from: number, to: number): IncomingStory[] =>
  Array.from({ length: to - from }, (_, i) => benchStory(from + i));

async function fill(store: Store, from: number, to: number): Promise<void> {
  const ingester = createIngester(store, { log: (line) => console.error(line) });
  for (let start = from; start < to; start += SEED_BATCH) {
    await ingester.ingest(SOURCE, items(start, Math.min(to, start + SEED_BATCH)));
  }
}

/** Memory of a separate reading process, as the server would hold it. */
async function readerRss(location: Side["location"]): Promise<number> {
  const { DATABASE_URL: _url, ...env } = process.env;
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ["--import", "tsx", join(ROOT, "tools/bench/archiveReader.ts")],
    { cwd: ROOT, env: { ...env, ...location }, maxBuffer: 1 << 20 },
  );
  const line = stdout.trim().split("\n").at(-1) ?? "{}";
  return (JSON.parse(line) as { maxRssMb: number }).maxRssMb;
}

/**
 * `readers` loops asking at once until `READS_PER_QUERY` answers: each answer timed from the call
 * to when its reader goes on, which on synchronous SQLite includes the other readers' turns.
 */
async function timed(readers: number, ask: (index: number) => Promise<unknown>): Promise<Timing> {
  const times: number[] = [];
  let issued = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: readers }, async () => {
      while (issued < READS_PER_QUERY) {
        const index = issued;
        issued += 1;
        const start = performance.now();
        await ask(index);
        times.push(performance.now() - start);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { p50: percentile(times, 50), p99: percentile(times, 99), perSecond: READS_PER_QUERY / seconds };
}

async function measure(label: string, open: () => Promise<Store>, location: Side["location"]): Promise<Side> {
  const store = await open();
  try {
    console.error(`${label}: filling ${SMALL.toLocaleString("en")} stories`);
    await fill(store, 0, SMALL);
    const small = await readerRss(location);
    console.error(`${label}: filling up to ${(TOTAL - NEW_ITEMS).toLocaleString("en")}`);
    await fill(store, SMALL, TOTAL - NEW_ITEMS);

    console.error(`${label}: ingesting ${NEW_ITEMS.toLocaleString("en")} new items`);
    const batch = items(TOTAL - NEW_ITEMS, TOTAL);
    const ingester = createIngester(store, { log: (line) => console.error(line) });
    const serverBefore = await serverCpu(location.DATABASE_URL);
    const cpuBefore = process.cpuUsage();
    const ingestStart = performance.now();
    const report = await ingester.ingest(SOURCE, batch);
    const ingestSeconds = (performance.now() - ingestStart) / 1000;
    const ingestCpu = process.cpuUsage(cpuBefore);
    const ingestServerMs = serverCpuBetween(serverBefore, await serverCpu(location.DATABASE_URL));
    if (report.added !== NEW_ITEMS) throw new Error(`${label}: ${report.added} of ${NEW_ITEMS} new items were added`);
    const count = await store.countStories();
    if (count !== TOTAL) throw new Error(`${label}: the archive holds ${count} stories, not ${TOTAL}`);

    const refresh = batch.slice(-REFRESH_ITEMS);
    const cpu: number[] = [];
    const wall: number[] = [];
    const refreshServerBefore = await serverCpu(location.DATABASE_URL);
    for (let round = 0; round < REFRESH_ROUNDS; round += 1) {
      const cpuStart = process.cpuUsage();
      const wallStart = performance.now();
      const again = await ingester.ingest(SOURCE, refresh);
      wall.push(performance.now() - wallStart);
      const used = process.cpuUsage(cpuStart);
      cpu.push((used.user + used.system) / 1000);
      if (again.unchanged !== REFRESH_ITEMS) throw new Error(`${label}: a refresh with nothing new wrote something`);
    }
    const refreshServerMs = serverCpuBetween(refreshServerBefore, await serverCpu(location.DATABASE_URL));

    console.error(`${label}: reading with ${READERS} readers`);
    const slugs = report.outcomes.map((outcome) => outcome.slug);
    const sections = ["world", "politics", "business", "science", "culture", "sport", "local", "opinion"];
    const slugAt = (index: number) => slugs[(index * 7919) % slugs.length] ?? "";
    const queries: Record<string, (index: number) => Promise<unknown>> = {
      "story by slug": (i) => store.storyBySlug(slugAt(i)),
      [`front page, newest ${PAGE_SIZE}`]: () => store.headlines({ limit: PAGE_SIZE }),
      [`section page, newest ${PAGE_SIZE}`]: (i) =>
        store.headlines({ limit: PAGE_SIZE, section: sections[i % sections.length] }),
      "related headlines (6)": (i) => store.relatedHeadlines(slugAt(i), 6),
    };
    const reads: Side["reads"] = {};
    for (const [name, ask] of Object.entries(queries)) {
      reads[name] = { alone: await timed(1, ask), shared: await timed(READERS, ask) };
    }
    return {
      label,
      location,
      ingestSeconds,
      ingestCpuSeconds: (ingestCpu.user + ingestCpu.system) / 1e6,
      ingestServerCpuSeconds: ingestServerMs === undefined ? undefined : ingestServerMs / 1000,
      refreshCpuMs: percentile(cpu, 50),
      refreshServerCpuMs: refreshServerMs === undefined ? undefined : refreshServerMs / REFRESH_ROUNDS,
      refreshWallMs: percentile(wall, 50),
      reads,
      rss: { small, full: await readerRss(location) },
    };
  } finally {
    await store.close();
  }
}

const work = mkdtempSync(join(tmpdir(), "dispatch-bench-archive-"));
let postgres: PostgresServer | undefined;
const loadBefore = loadavg();
const began = performance.now();
try {
  const databasePath = join(work, "archive.sqlite");
  const sqlite = await measure("SQLite", async () => openSqliteStore(databasePath), { DATABASE_PATH: databasePath });
  postgres = await startPostgres({ durable: true });
  const url = postgres.url;
  const postgresSide = await measure("PostgreSQL", () => openPostgresStore(url), { DATABASE_URL: url });
  const sides = [sqlite, postgresSide];

  const sizes = Array.from({ length: 200 }, (_, i) => Buffer.byteLength(JSON.stringify(benchStory(i * 499).story)));
  console.log(
    `Archive bench: ${TOTAL.toLocaleString("en")} generated stories (JSON ${Math.round(percentile(sizes, 50) / 1024)} KB median, ${Math.round(Math.min(...sizes) / 1024)}–${Math.round(Math.max(...sizes) / 1024)} KB), filled by the ingester; slugs from headlines (${slugify("Letters to the editor")}, …-2, …)`,
  );
  console.log(
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; load average ${loadBefore[0]?.toFixed(2)} before, ${loadavg()[0]?.toFixed(2)} after (1 min): the cores are shared with other work. ${Math.round((performance.now() - began) / 1000)} s in all.`,
  );
  console.log("PostgreSQL 15 flushes to disk (fsync on), on the same machine; SQLite in WAL mode, synchronous=FULL.\n");

  const targets: Target[] = [];
  const rows: string[][] = [["", ...sides.map((side) => side.label), "target"]];
  rows.push([
    `ingest ${NEW_ITEMS.toLocaleString("en")} new items`,
    ...sides.map((side) => `${side.ingestSeconds.toFixed(1)} s`),
    `≤ ${TARGET.ingestSeconds} s`,
  ]);
  rows.push([
    "  CPU: Dispatch + database server",
    ...sides.map(
      (side) =>
        `${side.ingestCpuSeconds.toFixed(1)} s${side.ingestServerCpuSeconds === undefined ? "" : ` + ${side.ingestServerCpuSeconds.toFixed(1)} s`}`,
    ),
    "",
  ]);
  rows.push([
    `refresh of ${REFRESH_ITEMS}, nothing new: CPU`,
    ...sides.map((side) => `${side.refreshCpuMs.toFixed(2)} ms (wall ${side.refreshWallMs.toFixed(2)} ms)`),
    `≤ ${TARGET.refreshCpuMs} ms`,
  ]);
  rows.push([
    "  database server's CPU, mean",
    ...sides.map((side) =>
      side.refreshServerCpuMs === undefined ? "(in process)" : `${side.refreshServerCpuMs.toFixed(1)} ms`,
    ),
    "",
  ]);
  for (const name of Object.keys(sqlite.reads)) {
    rows.push([
      `${name}: p50 alone; ${READERS} readers p50 / p99`,
      ...sides.map((side) => {
        const read = side.reads[name];
        return read
          ? `${read.alone.p50.toFixed(2)}; ${read.shared.p50.toFixed(2)} / ${read.shared.p99.toFixed(1)} ms`
          : "";
      }),
      `page ≤ ${TARGET.pageP50Ms} ms p50 at ${READERS}`,
    ]);
  }
  rows.push([
    `reader RSS, ${SMALL.toLocaleString("en")} → ${TOTAL.toLocaleString("en")} stories`,
    ...sides.map((side) => `${side.rss.small.toFixed(0)} → ${side.rss.full.toFixed(0)} MB`),
    `≤ ${Math.round((TARGET.rssRatio - 1) * 100)} % more, ≤ ${TARGET.rssMb} MB`,
  ]);
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length))) ?? [];
  for (const row of rows) console.log(row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join("   "));

  for (const side of sides) {
    targets.push(atMost(`${side.label} ingest`, side.ingestSeconds * 1000, TARGET.ingestSeconds * 1000, "ms"));
    targets.push(atMost(`${side.label} refresh CPU`, side.refreshCpuMs, TARGET.refreshCpuMs, "ms"));
    for (const [name, read] of Object.entries(side.reads)) {
      targets.push(atMost(`${side.label} ${name} p50 at ${READERS} readers`, read.shared.p50, TARGET.pageP50Ms, "ms"));
    }
    targets.push(atMost(`${side.label} RSS growth`, side.rss.full / side.rss.small, TARGET.rssRatio, "×"));
    targets.push(atMost(`${side.label} RSS`, side.rss.full, TARGET.rssMb, ""));
  }
  const missed = targets.filter((target) => !target.pass);
  console.log(
    missed.length === 0
      ? `\nAll ${targets.length} targets met.`
      : `\nMissed: ${missed.map((target) => `${target.name} ${target.value.toFixed(2)} > ${target.limit}`).join("; ")}`,
  );
  console.log(`BENCH_JSON ${JSON.stringify({ total: TOTAL, sides, targets })}`);
  process.exitCode = missed.length === 0 ? 0 : 1;
} finally {
  postgres?.stop();
  rmSync(work, { recursive: true, force: true });
}
