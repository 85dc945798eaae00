/**
 * `npm run bench:server`: the production server (dist-server/main.js, after `npm run build`)
 * under load on the loopback interface, 50 connections, each run bounded in time or count:
 *   1. a prerendered story page from a cache: through nginx with deploy/nginx.conf in front of
 *      two instances (its proxy_cache), against nginx sending the same page from disk
 *      (gzip_static), with Dispatch alone (its own response cache) beside them; one nginx worker
 *      each, in alternating rounds, driven by wrk (tools/bench/wrk.ts says why), with the CPU
 *      time each server spent;
 *   2. story pages the server renders from another server's API, each slug asked once, so
 *      none is in the render cache, asked for as a browser asks (brotli accepted): one at a
 *      time, and at a fixed rate (tools/bench/fixedRate.ts), which shows a reader's wait when
 *      the server is busy but keeps up;
 *   3. signups per second on SQLite, and on PostgreSQL (a real server, flushing to disk) with
 *      two instances sharing it, half the connections on each; the rows counted afterwards.
 * Every server logs each request to a file, as a production server would.
 */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import { chmodSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import autocannon from "autocannon";
import type { Options, Result } from "autocannon";
import Database from "better-sqlite3";
import pg from "pg";
import { DAILY_HEADLINES } from "../../contract/signup.ts";
import { startPostgres } from "../../server/testing/postgresServer.ts";
import type { PostgresServer } from "../../server/testing/postgresServer.ts";
import { makeCertificate, renderShippedConfig, startNginx } from "../../server/testing/nginx.ts";
import type { RunningNginx } from "../../server/testing/nginx.ts";
import { freePorts } from "../../server/testing/ports.ts";
import { runFixedRate } from "./fixedRate.ts";
import { ROOT } from "./paths.ts";
import { serverChecks, table } from "./serverReport.ts";
import type { Measured } from "./serverReport.ts";
import { childPids, cpuSeconds, runWrk } from "./wrk.ts";
import type { WrkResult } from "./wrk.ts";

const HOST = "127.0.0.1";
const CONNECTIONS = 50;
const SECONDS = 3;
const ROUNDS = 3;
const WARM_UP_SIGNUPS = 200;
const STORY = "saltmere-ferry-electric-vessels";
const RENDERED_AT_1 = 200;
const RENDERED_RATE = 100;
const RENDERED_AT_RATE = 300;
/** The site's name in deploy/nginx.conf, which the instances behind it take as theirs. */
const SITE = "news.example";
// What Chromium sends: a rendered page is then compressed with brotli, as readers get it.
const BROWSER_ENCODING = { "Accept-Encoding": "gzip, deflate, br, zstd" };
// The cached page in gzip, which nginx from disk sends from its .gz file.
const CACHED_HEADERS = { "Accept-Encoding": "gzip" };

const work = mkdtempSync(join(tmpdir(), "dispatch-bench-server-"));
// nginx's worker runs as an unprivileged user when the bench runs as root: it must reach the folders inside.
chmodSync(work, 0o755);
const children: ChildProcess[] = [];
let postgres: PostgresServer | undefined;

function startProcess(label: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  const log = openSync(join(work, `${label}.log`), "a");
  const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", log, log] });
  children.push(child);
  return child;
}

async function stopAll(): Promise<void> {
  await Promise.all(
    children.map(async (child) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      await exited;
    }),
  );
}

async function waitFor(
  url: string,
  label: string,
  errors = () => readFileSync(join(work, `${label}.log`), "utf8"),
): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const ok = await fetch(url, { signal: AbortSignal.timeout(1000) }).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${label} did not answer ${url} within 30 s:\n${errors().slice(-2000)}`);
}

/** Starts a Dispatch instance, and resolves with its process id once it answers. */
async function startDispatch(label: string, port: number, env: NodeJS.ProcessEnv): Promise<number> {
  const child = startProcess(label, process.execPath, ["dist-server/main.js"], {
    HOST,
    PORT: String(port),
    SITE_URL: `http://${HOST}:${port}`,
    LOG_LEVEL: "info",
    SIGNUP_RATE_LIMIT: "1000000",
    DATABASE_PATH: join(work, `${label}.sqlite`),
    MAIL_OUTBOX_DIR: join(work, `${label}-outbox`),
    ...env,
  });
  await waitFor(`http://${HOST}:${port}/healthz`, label);
  if (child.pid === undefined) throw new Error(`${label} has no process id.`);
  return child.pid;
}

function stopsWithTheBench(nginx: RunningNginx): RunningNginx {
  children.push(nginx.master);
  return nginx;
}

/** nginx's worker, which serves every request (the master only starts it). */
function workerOf(nginx: RunningNginx): number {
  const [worker] = nginx.master.pid === undefined ? [] : childPids(nginx.master.pid);
  if (worker === undefined) throw new Error(`nginx started no worker:\n${nginx.errors()}`);
  return worker;
}

/** nginx sending `html` at /articles/<STORY> from a file precompressed at gzip's maximum. */
async function startNginxFromDisk(port: number, html: Buffer): Promise<number> {
  const folder = join(work, "nginx-from-disk");
  const www = join(folder, "www");
  mkdirSync(join(www, "articles"), { recursive: true });
  writeFileSync(join(www, "articles", `${STORY}.html`), html);
  writeFileSync(join(www, "articles", `${STORY}.html.gz`), gzipSync(html, { level: 9 }));
  const site = `types { text/html html; }
gzip_static on;
server {
  listen ${HOST}:${port};
  root ${www};
  location / { try_files $uri $uri.html =404; }
}
`;
  const nginx = stopsWithTheBench(startNginx(folder, site));
  await waitFor(`http://${HOST}:${port}/articles/${STORY}`, "nginx-from-disk", nginx.errors);
  return workerOf(nginx);
}

/**
 * nginx with deploy/nginx.conf in front of two instances; the site's port plain http rather than
 * TLS, as nginx from disk is, so the two differ only in where the page comes from.
 */
async function startNginxCache(port: number, redirectPort: number, instances: [number, number]): Promise<number> {
  const folder = join(work, "nginx-cache");
  mkdirSync(folder);
  const site = renderShippedConfig({
    instances,
    site: { port, tls: false },
    redirectPort,
    certificate: makeCertificate(folder, SITE),
    cacheDir: join(folder, "cache"),
  });
  const nginx = stopsWithTheBench(startNginx(folder, site));
  await waitFor(`http://${HOST}:${port}/healthz`, "nginx-cache", nginx.errors);
  return workerOf(nginx);
}

/** Asks nginx's cache for the page as wrk will, and throws unless it came from the cache. */
function expectCacheHit(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const asked = request(
      { host: HOST, port, path: `/articles/${STORY}`, headers: { ...CACHED_HEADERS, Host: SITE } },
      (response) => {
        response.resume();
        const status = response.headers["x-cache-status"];
        if (response.statusCode === 200 && status === "HIT") resolve();
        else reject(new Error(`The page through nginx was not a cache hit: ${response.statusCode}, ${status}.`));
      },
    );
    asked.on("error", reject);
    asked.end();
  });
}

/** A cached-page round: wrk's figures and the CPU the server spent on them. */
type CachedRound = { measured: Measured; cpuMsPerThousand: number };

/** A server measured for the cached page: its URL, the process that does the work, the Host to send. */
type Cached = { url: string; pid: number; host?: string };

async function cachedRound({ url, pid, host }: Cached): Promise<CachedRound> {
  const before = cpuSeconds(pid);
  const result = await runWrk(url, {
    connections: CONNECTIONS,
    seconds: SECONDS,
    headers: host ? { ...CACHED_HEADERS, Host: host } : CACHED_HEADERS,
  });
  const spent = cpuSeconds(pid) - before;
  return { measured: fromWrk(result), cpuMsPerThousand: (spent * 1e6) / result.requests };
}

function best(rounds: CachedRound[]): CachedRound {
  return rounds.reduce((top, round) => (round.measured.rate > top.measured.rate ? round : top));
}

function fromAutocannon(result: Result): Measured {
  const { average: rate } = result.requests;
  const { p50, p99 } = result.latency;
  return { rate, p50, p99, ok: result["2xx"], other: result.non2xx, errors: result.errors };
}

function fromWrk(result: WrkResult): Measured {
  const { requestsPerSecond: rate, p50Ms: p50, p99Ms: p99, failed, errors } = result;
  return { rate, p50, p99, ok: result.requests - failed, other: failed, errors };
}

function run(options: Options): Promise<Result> {
  return autocannon({ connections: CONNECTIONS, ...options });
}

/** The other server's API for the rendered pages: one story copied under `count` new slugs. */
function writeRemoteContent(count: number): { dir: string; slugs: string[] } {
  const dir = join(work, "remote-content");
  mkdirSync(join(dir, "api", "articles"), { recursive: true });
  writeFileSync(join(dir, "api", "headlines.json"), readFileSync(join(ROOT, "content", "api", "headlines.json")));
  const story = JSON.parse(readFileSync(join(ROOT, "content", "api", "articles", `${STORY}.json`), "utf8"));
  const slugs = Array.from({ length: count }, (_, index) => `remote-story-${index}`);
  for (const slug of slugs) {
    writeFileSync(join(dir, "api", "articles", `${slug}.json`), JSON.stringify({ ...story, slug }));
  }
  return { dir, slugs };
}

/**
 * Signups for new addresses at each of `apps`, the connections shared out: ROUNDS timed runs of
 * SECONDS, the median kept, after WARM_UP_SIGNUPS at each that are not timed (a server's first
 * signups compile its code and render the confirmation email). `accepted` counts every 202.
 */
async function signupRun(apps: string[]): Promise<{ result: Result; accepted: number }> {
  let email = 0;
  const accepted = (results: Result[]) =>
    results.reduce((sum, result) => sum + (result.statusCodeStats?.["202"]?.count ?? 0), 0);
  const runs = (timing: { duration: number } | { amount: number }) =>
    Promise.all(
      apps.map((app) =>
        run({
          url: `${app}/api/subscriptions`,
          method: "POST",
          connections: CONNECTIONS / apps.length,
          ...timing,
          headers: { "Content-Type": "application/json" },
          requests: [
            {
              setupRequest: (request) => ({
                ...request,
                body: JSON.stringify({ email: `bench-${email++}@example.com`, list: DAILY_HEADLINES }),
              }),
            },
          ],
        }),
      ),
    );
  let total = accepted(await runs({ amount: WARM_UP_SIGNUPS }));
  const rounds: Result[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const timed = await runs({ duration: SECONDS });
    total += accepted(timed);
    rounds.push(combined(timed));
  }
  // The median round: a shared machine's noise moves single rounds either way.
  const median = rounds.sort((a, b) => a.requests.average - b.requests.average)[Math.floor(ROUNDS / 2)];
  if (!median) throw new Error("No signup rounds ran.");
  return { result: median, accepted: total };
}

/** Runs at once against several servers as one: rates and counts added, the worst latencies kept. */
function combined(results: Result[]): Result {
  const [first] = results;
  if (!first) throw new Error("No results to combine.");
  const sum = (pick: (result: Result) => number) => results.reduce((total, result) => total + pick(result), 0);
  const worst = (pick: (result: Result) => number) => Math.max(...results.map(pick));
  return {
    ...first,
    requests: { ...first.requests, average: sum((result) => result.requests.average) },
    latency: {
      ...first.latency,
      p50: worst((result) => result.latency.p50),
      p99: worst((result) => result.latency.p99),
    },
    "2xx": sum((result) => result["2xx"]),
    non2xx: sum((result) => result.non2xx),
    errors: sum((result) => result.errors),
  };
}

async function main(): Promise<void> {
  const loadBefore = loadavg();
  if (!readdirSync(join(ROOT, "dist-server")).includes("main.js")) throw new Error("Run npm run build first.");
  const [appPort = 0, apiPort = 0, diskPort = 0, cachePort = 0, redirectPort = 0, firstPort = 0, secondPort = 0] =
    await freePorts(7);
  const remote = writeRemoteContent(RENDERED_AT_1 + RENDERED_AT_RATE);
  await startDispatch("remote-api", apiPort, { CONTENT_DIR: remote.dir });
  const remoteApi = { VITE_API_BASE_URL: `http://${HOST}:${apiPort}/api` };
  const dispatchPid = await startDispatch("dispatch", appPort, remoteApi);
  const app = `http://${HOST}:${appPort}`;
  // Behind nginx, as deploy/nginx.conf's header starts them.
  const behind = { ...remoteApi, SITE_URL: `http://${SITE}`, TRUST_PROXY: HOST };
  await startDispatch("behind-nginx-1", firstPort, behind);
  await startDispatch("behind-nginx-2", secondPort, behind);

  const page = await fetch(`${app}/articles/${STORY}`, { headers: { "Accept-Encoding": "identity" } });
  if (!page.ok) throw new Error(`${app}/articles/${STORY} answered ${page.status}: run npm run build first.`);
  const servers: Record<"throughNginx" | "fromDisk" | "dispatchAlone", Cached> = {
    throughNginx: {
      url: `http://${HOST}:${cachePort}/articles/${STORY}`,
      pid: await startNginxCache(cachePort, redirectPort, [firstPort, secondPort]),
      host: SITE,
    },
    fromDisk: {
      url: `http://${HOST}:${diskPort}/articles/${STORY}`,
      pid: await startNginxFromDisk(diskPort, Buffer.from(await page.arrayBuffer())),
    },
    dispatchAlone: { url: `${app}/articles/${STORY}`, pid: dispatchPid },
  };
  // One pass each first, so no server's first compression, file open or cache fill is measured.
  for (const server of Object.values(servers)) await cachedRound(server);
  await expectCacheHit(cachePort);
  // Alternating rounds, the best of each kept: load from elsewhere on a shared machine then
  // falls on every server alike rather than on whichever ran last.
  const rounds = {
    throughNginx: [] as CachedRound[],
    fromDisk: [] as CachedRound[],
    dispatchAlone: [] as CachedRound[],
  };
  for (let round = 0; round < ROUNDS; round += 1) {
    rounds.throughNginx.push(await cachedRound(servers.throughNginx));
    rounds.fromDisk.push(await cachedRound(servers.fromDisk));
    rounds.dispatchAlone.push(await cachedRound(servers.dispatchAlone));
  }
  await expectCacheHit(cachePort);
  const throughNginx = best(rounds.throughNginx);
  const fromDisk = best(rounds.fromDisk);
  const dispatchAlone = best(rounds.dispatchAlone);

  let next = 0;
  const renderedAlone = await run({
    url: app,
    connections: 1,
    amount: RENDERED_AT_1,
    headers: BROWSER_ENCODING,
    requests: [{ setupRequest: (request) => ({ ...request, path: `/articles/${remote.slugs[next++] ?? "missing"}` }) }],
  }).then(fromAutocannon);
  const atRate = await runFixedRate({
    origin: app,
    paths: remote.slugs.slice(next, next + RENDERED_AT_RATE).map((slug) => `/articles/${slug}`),
    perSecond: RENDERED_RATE,
    connections: CONNECTIONS,
    headers: BROWSER_ENCODING,
  });
  const { p50Ms: p50, p99Ms: p99, ok, other, errors } = atRate;
  const renderedAtRate: Measured = { rate: RENDERED_RATE, p50, p99, ok, other, errors };

  const signups = await signupRun([app]);
  const sample = await fetch(`${app}/articles/${remote.slugs[0]}`).then((response) => response.text());
  const renderedStory = sample.includes('id="dispatch-data"');
  await stopAll();
  const db = new Database(join(work, "dispatch.sqlite"), { readonly: true });
  const rows = db.prepare("SELECT count(*) FROM subscribers").pluck().get() as number;
  db.close();
  const created = signups.accepted;

  postgres = await startPostgres({ durable: true });
  const [postgresFirst = 0, postgresSecond = 0] = await freePorts(2);
  const instances = [`http://${HOST}:${postgresFirst}`, `http://${HOST}:${postgresSecond}`];
  const shared = { DATABASE_URL: postgres.url, ...remoteApi };
  await startDispatch("postgres-1", postgresFirst, shared);
  await startDispatch("postgres-2", postgresSecond, shared);
  const postgresSignups = await signupRun(instances);
  await stopAll();
  const client = new pg.Client({ connectionString: postgres.url });
  await client.connect();
  const postgresRows = Number((await client.query("SELECT count(*) FROM subscribers")).rows[0]?.count);
  await client.end();

  const ratio = (round: CachedRound) => round.measured.rate / fromDisk.measured.rate;
  const renderedHtml = [renderedAlone, renderedAtRate].every(({ other, errors }) => other + errors === 0);
  console.log(
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, Node ${process.version}, load average before ${loadBefore
      .map((value) => value.toFixed(2))
      .join(" ")} (shared with other work); servers logging to files.`,
  );
  console.log(
    `${CONNECTIONS} connections unless noted, loopback; timed runs ${SECONDS} s. Cached page: wrk, one thread, gzip, best of ${ROUNDS} alternating rounds each; nginx with one worker. Fixed-rate row: this process's own client, the rate offered. The rest: autocannon in this process.\n`,
  );
  const cpu = (round: CachedRound) => `${round.cpuMsPerThousand.toFixed(0)} ms CPU per 1,000`;
  console.log(
    table([
      {
        what: "cached story page, nginx cache (deploy/)",
        result: throughNginx.measured,
        note: `${ratio(throughNginx).toFixed(2)} × from disk; ${cpu(throughNginx)}`,
      },
      { what: "same page from disk, nginx gzip_static", result: fromDisk.measured, note: cpu(fromDisk) },
      {
        what: "same page, Dispatch alone",
        result: dispatchAlone.measured,
        note: `${ratio(dispatchAlone).toFixed(2)} × from disk, no target; ${cpu(dispatchAlone)}`,
      },
      { what: "server-rendered, uncached, 1 conn", result: renderedAlone, note: `${RENDERED_AT_1} slugs, br` },
      {
        what: `server-rendered, uncached, ${RENDERED_RATE}/s`,
        result: renderedAtRate,
        note: `${RENDERED_AT_RATE} slugs, br, fixed rate`,
      },
      { what: "signups, SQLite", result: fromAutocannon(signups.result), note: `${created} × 202, ${rows} rows` },
      {
        what: "signups, PostgreSQL, 2 instances",
        result: fromAutocannon(postgresSignups.result),
        note: `${postgresSignups.accepted} × 202, ${postgresRows} rows`,
      },
    ]),
  );
  const checks = serverChecks({
    cached: { throughNginx: throughNginx.measured, fromDisk: fromDisk.measured, dispatchAlone: dispatchAlone.measured },
    rendered: { oneConnection: renderedAlone, atFixedRate: renderedAtRate, answered: renderedHtml && renderedStory },
    signups: {
      sqlite: { accepted: created, rows },
      postgres: {
        accepted: postgresSignups.accepted,
        rows: postgresRows,
        rate: postgresSignups.result.requests.average,
      },
      // The requests in flight when each timed round stopped: stored, never counted as answered.
      inFlight: ROUNDS * CONNECTIONS,
    },
  });
  console.log("");
  for (const { what, met } of checks) console.log(`${met ? "met    " : "NOT met"}  ${what}`);
}

try {
  await main();
} finally {
  await stopAll();
  postgres?.stop();
  rmSync(work, { recursive: true, force: true });
}
