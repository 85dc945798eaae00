/**
 * `npm run serve`, the production command, stopped as a process manager stops it: SIGTERM to the
 * npm process. npm passes the signal on to the server (the script execs node, so no shell stands
 * between them to swallow it), the server finishes the request in flight, and npm exits with the
 * server's status.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { expect, test } from "@playwright/test";
import { requestInFlight } from "../server/testing/site.ts";

test("npm run serve: SIGTERM to npm lets the request in flight finish, then exits 0", async () => {
  const folder = mkdtempSync(join(tmpdir(), "dispatch-serve-"));
  // Its own process group, so that whatever is left after a failed check can be stopped at once.
  const npm = spawn("npm", ["run", "serve"], {
    detached: true,
    env: {
      ...process.env,
      PORT: "0",
      HOST: "127.0.0.1",
      LOG_LEVEL: "info",
      DATABASE_PATH: join(folder, "serve.sqlite"),
      MAIL_OUTBOX_DIR: join(folder, "outbox"),
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = once(npm, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
  const messages: { msg?: string; url?: string }[] = [];
  const lines = createInterface({ input: npm.stdout });
  const logged = (message: string) =>
    expect.poll(() => messages.find((entry) => entry.msg === message), { timeout: 20_000 }).toBeTruthy();
  lines.on("line", (line) => {
    // npm prints the script it runs before the server's JSON lines.
    if (line.startsWith("{")) messages.push(JSON.parse(line));
  });
  try {
    await logged("Dispatch is running");
    const url = messages.find((entry) => entry.url)?.url ?? "";
    const body = JSON.stringify({ email: "late.reader@example.com", list: "daily-headlines" });
    const request = await requestInFlight(Number(new URL(url).port), body.length);

    npm.kill("SIGTERM");
    await logged("shutting down: finishing the requests in flight");
    request.socket.write(body);
    expect(await request.response).toMatch(/^HTTP\/1\.1 202 /);
    const [code, signal] = await exited;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    await logged("stopped");
  } finally {
    if (npm.pid !== undefined) stopGroup(npm.pid);
    rmSync(folder, { recursive: true, force: true });
  }
});

/** Stops what is left of the process group the test started: a server that npm left behind. */
function stopGroup(pid: number): void {
  try {
    process.kill(-pid, "SIGKILL");
  } catch (error) {
    // ESRCH: every process in the group has exited, as it should have.
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
  }
}
