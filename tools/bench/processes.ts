import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";

/** Every child still running (with its exit), so an interrupted bench can stop them all. */
const running = new Map<ChildProcess, Promise<number | null>>();

const MAX_OUTPUT_CHARS = 20_000;

export type Launch = {
  label: string;
  command: string;
  args: string[];
  cwd: string;
  env?: NodeJS.ProcessEnv;
};

export type Background = {
  label: string;
  /** The last lines the process printed, for error messages. */
  output: () => string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  stop: () => Promise<void>;
};

/**
 * Starts a process in its own process group: tools such as tsx re-spawn node, and the
 * whole group has to go when the bench stops it.
 */
export function startProcess({ label, command, args, cwd, env }: Launch): Background {
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, ...env },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-MAX_OUTPUT_CHARS);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exited = new Promise<number | null>((resolve) => {
    child.once("error", (error) => {
      collect(Buffer.from(`\n${error.message}\n`));
      running.delete(child);
      resolve(null);
    });
    child.once("exit", (code) => {
      running.delete(child);
      resolve(code);
    });
  });
  running.set(child, exited);
  return { label, output: () => output, exited, stop: () => stopChild(child, exited) };
}

/** Runs a command to completion, or throws with its output when it fails or overruns. */
export async function runCommand(launch: Launch, timeoutMs: number): Promise<string> {
  const child = startProcess(launch);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), timeoutMs);
  });
  const code = await Promise.race([child.exited, timedOut]);
  clearTimeout(timer);
  if (code === "timeout") {
    await child.stop();
    throw new Error(`${launch.label} took longer than ${timeoutMs / 1000} s.\n${child.output()}`);
  }
  if (code !== 0) throw new Error(`${launch.label} failed (exit ${code}).\n${child.output()}`);
  return child.output();
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (!running.has(child) || child.pid === undefined) return;
  signalGroup(child.pid, "SIGTERM");
  const gone = await Promise.race([exited.then(() => true), delay(5_000).then(() => false)]);
  if (!gone) {
    signalGroup(child.pid, "SIGKILL");
    await Promise.race([exited, delay(2_000)]);
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch (error) {
    // ESRCH: the group is already gone, which is what we wanted.
    if (!(error instanceof Error && "code" in error && error.code === "ESRCH")) throw error;
  }
}

/** Stops every process this bench started and has not stopped yet. */
export async function stopAllProcesses(): Promise<void> {
  await Promise.all([...running].map(([child, exited]) => stopChild(child, exited)));
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
