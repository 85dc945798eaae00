import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePorts } from "./ports.ts";

const BIN = process.env.POSTGRES_BIN ?? "/usr/lib/postgresql/15/bin";

export type PostgresServer = { url: string; stop(): void };

/** PostgreSQL refuses to run as root, so as root its programs run as the `postgres` user. */
function run(program: string, args: string[]): void {
  const command = join(BIN, program);
  if (process.getuid?.() === 0) execFileSync("runuser", ["-u", "postgres", "--", command, ...args], { stdio: "pipe" });
  else execFileSync(command, args, { stdio: "pipe" });
}

/**
 * A real PostgreSQL server for tests and the bench: a throwaway cluster on a free loopback port.
 * Tests skip the flushes to disk; `durable` keeps them, as a production server does.
 */
export async function startPostgres({ durable = false } = {}): Promise<PostgresServer> {
  const root = mkdtempSync(join(tmpdir(), "dispatch-pg-"));
  // The postgres user must reach the directory that root created.
  chmodSync(root, 0o777);
  const data = join(root, "data");
  const [port] = await freePorts(1);
  run("initdb", ["-D", data, "-U", "dispatch", "--auth=trust", "--no-sync", "-E", "UTF8"]);
  const flushes = durable ? "" : "-c fsync=off";
  const options = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 ${flushes} -c max_connections=200`;
  run("pg_ctl", ["-D", data, "-o", options, "-l", join(root, "server.log"), "-w", "start"]);
  return {
    url: `postgres://dispatch@127.0.0.1:${port}/postgres`,
    stop() {
      try {
        run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
  };
}
