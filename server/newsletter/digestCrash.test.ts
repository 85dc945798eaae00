import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Store } from "../store/index.ts";
import { recordedEdition, signUpSubscriber, STORE_TARGETS } from "../testing/stores.ts";
import type { StoreTarget } from "../testing/stores.ts";
import type { DigestReport } from "./digest.ts";
import { startSmtpServer } from "../testing/mail.ts";
import type { TestSmtpServer } from "../testing/mail.ts";
import { DEFAULT_CONNECTIONS } from "./mailer.ts";

const SUBSCRIBERS = 60;
const KILL_AT = 15;
// Each test starts two to five digest processes, one after another: on a loaded machine each
// start alone takes seconds, so these get more than the suite's 30 s.
const PROCESS_TEST_TIMEOUT_MS = 120_000;

/** `npm run digest` as a child process; resolves with its exit and what it printed. */
function digest(target: StoreTarget, smtpUrl: string, args: string[] = [], onStart?: (child: ChildProcess) => void) {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "server/newsletter/digestCli.ts", "--json", "--edition", "2026-12-02", ...args],
    {
      env: {
        ...process.env,
        DATABASE_URL: target.location.databaseUrl ?? "",
        DATABASE_PATH: target.location.databasePath,
        SMTP_URL: smtpUrl,
        MAIL_RATE_PER_SECOND: "0",
        SIGNUP_SECRET: "crash-test-secret",
        SITE_URL: "http://localhost:4173",
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  onStart?.(child);
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>(
    (resolve) => {
      child.on("exit", (code, signal) => resolve({ code, signal, stdout, stderr }));
    },
  );
}

function reportOf(stdout: string): DigestReport {
  const line = stdout.trim().split("\n").at(-1) ?? "";
  return JSON.parse(line);
}

describe.each(STORE_TARGETS)("digest processes on %s", (_, makeTarget) => {
  let target: StoreTarget;
  let store: Store;
  const servers: TestSmtpServer[] = [];
  const delivered = new Map<string, number>();

  async function smtp(onMessage?: (to: string[], count: number) => Promise<void> | void) {
    const server = await startSmtpServer({
      async onMessage(to, count) {
        await onMessage?.(to, count);
        for (const address of to) delivered.set(address, (delivered.get(address) ?? 0) + 1);
      },
    });
    servers.push(server);
    return server;
  }

  beforeEach(async () => {
    delivered.clear();
    target = await makeTarget();
    store = await target.open();
    for (let i = 0; i < SUBSCRIBERS; i += 1) await signUpSubscriber(store, `reader${i}@example.com`);
  });
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.close();
    await store.close();
    await target.remove();
  });

  it(
    "two started at the same moment send each subscriber one copy",
    async () => {
      // Each process has its own SMTP server, and the first holds its messages until the second
      // has delivered one: the runs overlap for certain, however the processes start.
      const second = await smtp();
      const first = await smtp(async () => {
        while (second.received.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      });
      const runs = await Promise.all([digest(target, first.url), digest(target, second.url)]);
      expect(runs.map((run) => run.code)).toEqual([0, 0]);
      const reports = runs.map((run) => reportOf(run.stdout));
      expect(reports.map((report) => report.created).sort()).toEqual([false, true]);
      expect(reports.every((report) => report.sentThisRun > 0)).toBe(true);
      expect(reports.reduce((sum, report) => sum + report.sentThisRun, 0)).toBe(SUBSCRIBERS);
      expect(delivered.size).toBe(SUBSCRIBERS);
      expect([...delivered.values()].every((copies) => copies === 1)).toBe(true);
    },
    PROCESS_TEST_TIMEOUT_MS,
  );

  it(
    "killed mid-edition, then a rerun sends every remaining subscriber once; only the messages in flight are uncertain",
    async () => {
      let child: ChildProcess | undefined;
      const crashing = await smtp((_to, count) => {
        // The message that arrives when the process dies is refused: it was never delivered.
        if (count >= KILL_AT) {
          child?.kill("SIGKILL");
          throw Object.assign(new Error("Connection lost"), { responseCode: 421 });
        }
      });
      const killed = await digest(target, crashing.url, [], (started) => {
        child = started;
      });
      expect(killed.signal).toBe("SIGKILL");
      // The run had claimed far more than it had handed over; only the handed over are in `sending`.
      const edition = await recordedEdition(store, "2026-12-02");
      const afterCrash = await store.recipientCounts(edition.id);
      expect(afterCrash.sending).toBeGreaterThan(0);
      expect(afterCrash.sending).toBeLessThanOrEqual(DEFAULT_CONNECTIONS);
      expect(afterCrash.pending).toBeGreaterThan(SUBSCRIBERS - KILL_AT - DEFAULT_CONNECTIONS * 2);

      const rerun = await digest(target, (await smtp()).url);
      expect(rerun.code, rerun.stderr).toBe(0);
      const report = reportOf(rerun.stdout);
      expect(report.created).toBe(false);
      const uncertain = new Set(report.uncertain);
      // At most one message per pooled connection was being handed over when the process died.
      expect(uncertain.size).toBe(afterCrash.sending);
      expect(report.totals).toMatchObject({ sent: SUBSCRIBERS - uncertain.size, pending: 0, sending: uncertain.size });
      expect(report.sentThisRun).toBe(afterCrash.pending);

      const subscribers = await store.subscribers();
      for (const subscriber of subscribers) {
        const copies = delivered.get(subscriber.email) ?? 0;
        if (uncertain.has(subscriber.id)) expect(copies, subscriber.email).toBeLessThanOrEqual(1);
        else expect(copies, subscriber.email).toBe(1);
      }

      const again = reportOf((await digest(target, (await smtp()).url)).stdout);
      expect(again).toMatchObject({ sentThisRun: 0, uncertain: report.uncertain });

      const resent = reportOf((await digest(target, (await smtp()).url, ["--resend-uncertain"])).stdout);
      expect(resent).toMatchObject({ resetUncertain: uncertain.size, sentThisRun: uncertain.size, uncertain: [] });
      expect(resent.totals).toMatchObject({ sent: SUBSCRIBERS, sending: 0 });
      for (const subscriber of subscribers) {
        if (!uncertain.has(subscriber.id)) expect(delivered.get(subscriber.email)).toBe(1);
      }
    },
    PROCESS_TEST_TIMEOUT_MS,
  );
});
