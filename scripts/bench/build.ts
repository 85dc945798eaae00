import { rm } from "node:fs/promises";
import { join } from "node:path";
import { bin, ROOT } from "./paths.ts";
import { runCommand } from "./processes.ts";

const BUILD_TIMEOUT_MS = 240_000;

export type BuildOptions = {
  /** VITE_API_BASE_URL baked into the client; the default `/api` when undefined. */
  apiBaseUrl?: string;
  /** Write pages/ (the prerendered front page and stories), as `npm run build` does. */
  prerender: boolean;
};

/**
 * Builds the app into `dir`/dist the way `npm run build` builds dist/, never touching dist/.
 * `dir` must lie inside the repository so the SSR bundle resolves node_modules.
 */
export async function buildApp(dir: string, { apiBaseUrl, prerender }: BuildOptions): Promise<string> {
  const distDir = join(dir, "dist");
  const ssrDir = join(dir, "ssr");
  const env = apiBaseUrl === undefined ? {} : { VITE_API_BASE_URL: apiBaseUrl };
  const step = (label: string, command: string, args: string[], extraEnv = {}) =>
    runCommand({ label, command, args, cwd: ROOT, env: { ...env, ...extraEnv } }, BUILD_TIMEOUT_MS);

  await step("vite build", bin("vite"), ["build", "--outDir", distDir, "--emptyOutDir", "--logLevel", "warn"]);
  if (prerender) {
    await step("vite build --ssr", bin("vite"), [
      "build",
      "--ssr",
      "src/prerender.tsx",
      "--outDir",
      ssrDir,
      "--emptyOutDir",
      "--logLevel",
      "warn",
    ]);
    await step("prerender", bin("tsx"), ["scripts/prerender.ts"], { DIST_DIR: distDir, SSR_DIR: ssrDir });
  } else {
    await rm(join(distDir, "pages"), { recursive: true, force: true });
  }
  return distDir;
}
