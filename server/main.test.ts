/**
 * The real server process (server/main.ts), stopped with SIGTERM while it works: every signup
 * it answered 2xx is in the database afterwards, and it exits 0.
 */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import { connect } from "node:net";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestSite, requestInFlight } from "./testing/site.ts";
import type { TestSite } from "./testing/site.ts";

const ROOT = resolve(import.meta.dirname, "..");

type Running = {
  child: ChildProcess;
  port: number;
  logged: (message: string) => Promise<void>;
  exit: Promise<number | null>;
};

let site: TestSite;
let databasePath: string;
beforeEach(() => {
  site = createTestSite();
  databasePath = join(site.root, "data", "server.sqlite");
});
afterEach(async () => {
  await site.remove();
});

async function startServer(graceSeconds: number): Promise<Running> {
  const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: "0",
      HOST: "127.0.0.1",
      LOG_LEVEL: "info",
      DIST_DIR: site.distDir,
      CONTENT_DIR: site.contentDir,
      DATABASE_PATH: databasePath,
      SIGNUP_RATE_LIMIT: "100000",
      SHUTDOWN_GRACE_SECONDS: String(graceSeconds),
      MAIL_OUTBOX_DIR: join(site.root, "outbox"),
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exit = once(child, "exit").then(([code]) => code as number | null);
  const messages: string[] = [];
  const waiting = new Map<string, () => void>();
  const lines = createInterface({ input: child.stdout ?? process.stdin });
  let resolvePort: (port: number) => void = () => {};
  const port = new Promise<number>((resolve) => {
    resolvePort = resolve;
  });
  lines.on("line", (line) => {
    const entry = JSON.parse(line) as { msg: string; url?: string };
    messages.push(entry.msg);
    if (entry.url) resolvePort(Number(new URL(entry.url).port));
    waiting.get(entry.msg)?.();
  });
  const logged = (message: string) =>
    messages.includes(message) ? Promise.resolve() : new Promise<void>((resolve) => waiting.set(message, resolve));
  return { child, port: await port, logged, exit };
}

function storedEmails(): Set<string> {
  const db = new Database(databasePath, { readonly: true });
  try {
    return new Set(db.prepare("SELECT email FROM subscribers").pluck().all() as string[]);
  } finally {
    db.close();
  }
}

function signup(port: number, email: string): Promise<number | "no answer"> {
  return fetch(`http://127.0.0.1:${port}/api/subscriptions`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email, list: "daily-headlines" }),
  }).then(
    async (response) => {
      await response.arrayBuffer();
      return response.status;
    },
    () => "no answer" as const,
  );
}

describe("SIGTERM", () => {
  it("in the middle of a signup burst, loses no signup it answered 2xx, answers no 5xx and exits 0", async () => {
    const server = await startServer(10);
    const emails = Array.from({ length: 300 }, (_, index) => `reader-${index}@example.com`);
    let answered = 0;
    let signalled = false;
    const results = await Promise.all(
      emails.map((email) =>
        signup(server.port, email).then((status) => {
          if (status === 202) answered += 1;
          if (answered === 40 && !signalled) {
            signalled = true;
            server.child.kill("SIGTERM");
          }
          return status;
        }),
      ),
    );
    expect(await server.exit).toBe(0);
    const stored = storedEmails();
    const ok = emails.filter((_, index) => results[index] === 202);
    expect(signalled).toBe(true);
    expect(ok.length).toBeGreaterThanOrEqual(40);
    for (const email of ok) expect(stored.has(email)).toBe(true);
    expect(results.filter((status) => status !== 202 && status !== "no answer")).toEqual([]);
  });

  it("lets a request in flight finish after the signal, answers not ready, then stops", async () => {
    const server = await startServer(10);
    const body = JSON.stringify({ email: "slow.reader@example.com", list: "daily-headlines" });
    const request = await requestInFlight(server.port, body.length);
    server.child.kill("SIGTERM");
    await server.logged("shutting down: finishing the requests in flight");
    // A request pipelined behind it is read after the signal: /readyz says not to send more.
    request.socket.write(`${body}GET /readyz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
    const answers = await request.response;
    expect(answers).toMatch(/^HTTP\/1\.1 202 /);
    expect(answers).toMatch(/HTTP\/1\.1 503 [\s\S]*"failing":\["running"\]/);
    expect(await server.exit).toBe(0);
    expect(storedEmails().has("slow.reader@example.com")).toBe(true);
  });

  it("cuts off a request still running when the grace period ends, and exits 0", async () => {
    const server = await startServer(1);
    const socket = connect(server.port, "127.0.0.1");
    await once(socket, "connect");
    socket.write(
      "POST /api/subscriptions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{",
    );
    const closed = once(socket, "close");
    server.child.kill("SIGTERM");
    await server.logged("grace period over: closing the connections still open");
    await closed;
    expect(await server.exit).toBe(0);
  });
});

describe("a bad setting at start", () => {
  it("an unreadable DKIM key file stops the server with one clear line, before it listens", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: "0",
        LOG_LEVEL: "info",
        DIST_DIR: site.distDir,
        CONTENT_DIR: site.contentDir,
        DATABASE_PATH: databasePath,
        MAIL_DKIM_DOMAIN: "news.example",
        MAIL_DKIM_SELECTOR: "dispatch2026",
        MAIL_DKIM_PRIVATE_KEY_FILE: join(site.root, "no-such-key.pem"),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    // "close", not "exit": the output may still be on its way when the process has gone.
    const [code] = await once(child, "close");
    expect(code).toBe(1);
    const fatal = output
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { level: number; msg: string });
    expect(fatal).toEqual([
      expect.objectContaining({
        level: 60,
        msg: expect.stringMatching(/^MAIL_DKIM_PRIVATE_KEY_FILE could not be read/),
      }),
    ]);
  });
});
