/**
 * The digest bench: confirmed subscribers on SQLite, one edition sent to a local SMTP sink
 * with no rate limit by the digest command as an operator runs it (`npm run digest`, compiled
 * as the build compiles it). Reports messages per second and the command's peak RSS at two
 * list sizes, to show that memory does not grow with the list. `npm run bench` runs it after the page bench; alone:
 * `node --import tsx tools/bench/digest.ts` (BENCH_DIGEST_SUBSCRIBERS, default 10000).
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { SMTPServer } from "smtp-server";
import { DAILY_HEADLINES } from "../../contract/signup.ts";
import { openSqliteStore } from "../../server/store/index.ts";
import { buildServer } from "../../scripts/build-server.ts";
import { ROOT } from "./paths.ts";
import type { Target } from "./targets.ts";
import { atMost } from "./targets.ts";

function atLeast(name: string, value: number, limit: number, basis: string): Target {
  return { name, value, limit, unit: "", basis, pass: Number.isFinite(value) && value >= limit };
}

export type DigestRun = {
  subscribers: number;
  sent: number;
  seconds: number;
  messagesPerSecond: number;
  peakRssMb: number;
};
export type DigestBench = { runs: DigestRun[]; targets: Target[] };

/** A sink that accepts every message and keeps only a count. */
async function startSink(): Promise<{ url: string; received: () => number; close(): Promise<void> }> {
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, callback) {
      stream.on("data", () => {});
      stream.on("end", () => {
        received += 1;
        callback();
      });
    },
  });
  // A client's reset connection is reported on the server; the sink carries on.
  server.on("error", () => {});
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.server.address();
  if (typeof address !== "object" || !address) throw new Error("The SMTP sink has no address.");
  return {
    url: `smtp://127.0.0.1:${address.port}`,
    received: () => received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Confirmed subscribers written straight into a migrated database: the bench measures sending, not signing up. */
function seed(path: string, count: number): void {
  openSqliteStore(path).close();
  const db = new Database(path);
  const now = new Date().toISOString();
  const insert = db.prepare(
    `INSERT INTO subscribers (email, email_normalized, list, status, consent_asked_at, consent_given_at, created_at, updated_at)
     VALUES (?, ?, ?, 'confirmed', ?, ?, ?, ?)`,
  );
  db.transaction(() => {
    for (let i = 0; i < count; i += 1) {
      const email = `reader${i}@example.com`;
      insert.run(email, email, DAILY_HEADLINES, now, now, now, now);
    }
  })();
  db.close();
}

// Prints the process's peak resident memory (maxRSS, in kilobytes) on stderr as it exits.
const PEAK_RSS_PROBE = `data:text/javascript,process.on("exit",()=>console.error("PEAK_RSS_KB "+process.resourceUsage().maxRSS))`;

async function runOnce(command: string[], subscribers: number, dir: string, smtpUrl: string): Promise<DigestRun> {
  const databasePath = join(dir, `digest-${subscribers}.sqlite`);
  seed(databasePath, subscribers);
  const started = performance.now();
  const { stdout, stderr } = await promisify(execFile)(
    process.execPath,
    ["--import", PEAK_RSS_PROBE, ...command, "--edition", "2026-12-02", "--json"],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_PATH: databasePath,
        DATABASE_URL: "",
        SMTP_URL: smtpUrl,
        MAIL_RATE_PER_SECOND: "0",
        MAIL_FROM: "Dispatch <headlines@example.com>",
        MAIL_POSTAL_ADDRESS: "Dispatch, 1 Harbour Street",
        SITE_URL: "https://news.example",
        SIGNUP_SECRET: "bench-secret",
        CONTENT_DIR: "content",
        CONTENT_SOURCE: "",
        LOG_LEVEL: "warn",
      },
      timeout: 15 * 60_000,
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const seconds = (performance.now() - started) / 1000;
  const report = JSON.parse(stdout.trim().split("\n").at(-1) ?? "") as { sentThisRun: number };
  const peakKb = Number(/PEAK_RSS_KB (\d+)/.exec(stderr)?.[1]);
  const sent = report.sentThisRun;
  return { subscribers, sent, seconds, messagesPerSecond: sent / seconds, peakRssMb: peakKb / 1024 };
}

/**
 * The digest command as `npm run digest` runs it: the Node options of package.json's script,
 * and the command compiled as `npm run build` compiles it, into a folder of its own.
 */
async function compileDigestCommand(): Promise<string[]> {
  const script: string = JSON.parse(await readFile(join(ROOT, "package.json"), "utf8")).scripts.digest;
  const [node, ...words] = script.split(/\s+/);
  const built = words.at(-1);
  if (node !== "node" || built !== "dist-server/digest.js") {
    throw new Error(`package.json's digest script is not "node [options] dist-server/digest.js": ${script}`);
  }
  const outdir = join(ROOT, "node_modules/.cache/dispatch-bench-server");
  await buildServer(outdir);
  return [...words.slice(0, -1), join(outdir, "digest.js")];
}

export async function benchDigest(progress: (message: string) => void, subscribers = 10_000): Promise<DigestBench> {
  const dir = await mkdtemp(join(tmpdir(), "dispatch-digest-bench-"));
  const sink = await startSink();
  try {
    const command = await compileDigestCommand();
    const small = Math.max(1, Math.round(subscribers / 5));
    progress(`digest: ${small} confirmed subscribers to a local SMTP sink, no rate limit`);
    const first = await runOnce(command, small, dir, sink.url);
    progress(`digest: ${subscribers} confirmed subscribers`);
    const second = await runOnce(command, subscribers, dir, sink.url);
    if (sink.received() !== first.sent + second.sent) {
      throw new Error(`The sink received ${sink.received()} messages, the runs reported ${first.sent + second.sent}.`);
    }
    const growth = second.peakRssMb / first.peakRssMb;
    const targets: Target[] = [
      atLeast(
        "digest ≥ 200 messages/s",
        second.messagesPerSecond,
        200,
        `${second.sent} in ${second.seconds.toFixed(1)} s`,
      ),
      atMost("digest peak RSS ≤ 256 MB", second.peakRssMb, 256, "", `${subscribers} subscribers`),
      atMost(
        `digest peak RSS at ${subscribers} ≤ 1.15 × at ${small}`,
        growth,
        1.15,
        "×",
        `${second.peakRssMb.toFixed(0)} / ${first.peakRssMb.toFixed(0)} MB`,
      ),
    ];
    return { runs: [first, second], targets };
  } finally {
    await sink.close();
    await rm(dir, { recursive: true, force: true });
  }
}

export function formatDigestBench({ runs, targets }: DigestBench): string {
  const lines = ["Digest (SQLite, local SMTP sink, no rate limit, 5 pooled connections)"];
  for (const run of runs) {
    lines.push(
      `  ${String(run.subscribers).padStart(6)} subscribers  ${run.messagesPerSecond.toFixed(0).padStart(5)} msg/s  peak RSS ${run.peakRssMb.toFixed(0)} MB  (${run.seconds.toFixed(1)} s)`,
    );
  }
  for (const target of targets) {
    lines.push(`  ${target.pass ? "PASS" : "MISS"}  ${target.name}: ${target.value.toFixed(2)} (${target.basis})`);
  }
  return lines.join("\n");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const subscribers = Number(process.env.BENCH_DIGEST_SUBSCRIBERS || 10_000);
  const result = await benchDigest((message) => console.error(`[bench] ${message}`), subscribers);
  console.log(formatDigestBench(result));
  console.log(`BENCH_DIGEST_JSON ${JSON.stringify(result)}`);
}
