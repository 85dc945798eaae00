import { join } from "node:path";
import { bin, ROOT } from "./paths.ts";
import { delay, startProcess } from "./processes.ts";

const HOST = "127.0.0.1";
const START_TIMEOUT_MS = 30_000;
const REQUEST_TIMEOUT_MS = 10_000;

export type ServerOptions = {
  label: string;
  port: number;
  distDir: string;
  /** The server bundle beside it, which renders stories from another server's API. */
  ssrDir: string;
  databasePath: string;
  /** VITE_API_BASE_URL as the served build was made with it. */
  apiBaseUrl?: string;
  /** Further settings, such as CONTENT_SOURCE. */
  env?: Record<string, string>;
};

export type RunningServer = { origin: string; stop: () => Promise<void> };

/** Starts the production server (`tsx server/main.ts`) and waits until it answers. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const env: NodeJS.ProcessEnv = {
    HOST,
    PORT: String(options.port),
    DIST_DIR: options.distDir,
    SSR_DIR: options.ssrDir,
    DATABASE_PATH: options.databasePath,
    CONTENT_DIR: join(ROOT, "content"),
    ...options.env,
    // Responses for any other Host are sent no-store, which would also keep pages out of the back/forward cache.
    SITE_URL: `http://${HOST}:${options.port}`,
  };
  if (options.apiBaseUrl !== undefined) env.VITE_API_BASE_URL = options.apiBaseUrl;
  const child = startProcess({
    label: options.label,
    command: bin("tsx"),
    args: ["server/main.ts"],
    cwd: ROOT,
    env,
  });
  const origin = `http://${HOST}:${options.port}`;
  let ended: { code: number | null } | undefined;
  void child.exited.then((code) => {
    ended = { code };
  });
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (ended) throw new Error(`${options.label} exited (code ${ended.code}).\n${child.output()}`);
    if (await answers(`${origin}/api/headlines.json`)) return { origin, stop: child.stop };
    await delay(200);
  }
  await child.stop();
  throw new Error(`${options.label} did not answer within ${START_TIMEOUT_MS / 1000} s.\n${child.output()}`);
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
    await response.arrayBuffer();
    return response.ok;
  } catch (error) {
    if (error instanceof Error) return false;
    throw error;
  }
}

/**
 * Requests every path once per encoding: the server compresses a file on its first
 * request and caches the result, which a measured request must not pay for.
 */
export async function warm(origin: string, paths: readonly string[]): Promise<void> {
  for (const path of paths) {
    for (const encoding of ["br", "gzip"]) {
      const response = await fetch(origin + path, {
        headers: { "Accept-Encoding": encoding },
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`Warming ${origin}${path} got HTTP ${response.status}.`);
    }
  }
}
