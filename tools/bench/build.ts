import { rm } from "node:fs/promises";
import { join } from "node:path";
import { bin, ROOT } from "./paths.ts";
import { runCommand } from "./processes.ts";

const BUILD_TIMEOUT_MS = 240_000;
const HELP_TIMEOUT_MS = 30_000;

export type BuildOptions = {
  /** VITE_API_BASE_URL baked into the client; the default `/api` when undefined. */
  apiBaseUrl?: string;
  /** Write pages/ (the prerendered front page and stories), as `npm run build` does. */
  prerender: boolean;
};

/**
 * Builds the app into `dir`/dist and its server bundle into `dir`/ssr the way `npm run build`
 * builds dist/ and dist-ssr/, never touching those. `dir` must lie inside the repository so
 * the server bundle resolves node_modules.
 */
export async function buildApp(
  dir: string,
  { apiBaseUrl, prerender }: BuildOptions,
): Promise<{ distDir: string; ssrDir: string }> {
  const distDir = join(dir, "dist");
  const ssrDir = join(dir, "ssr");
  const env = apiBaseUrl === undefined ? {} : { VITE_API_BASE_URL: apiBaseUrl };
  const step = (label: string, command: string, args: string[], extraEnv = {}) =>
    runCommand({ label, command, args, cwd: ROOT, env: { ...env, ...extraEnv } }, BUILD_TIMEOUT_MS);

  const viteFlags = ["--emptyOutDir", "--logLevel", "warn", ...(await lockFlags())];
  await step("vite build", bin("vite"), ["build", "--outDir", distDir, ...viteFlags]);
  await step("vite build --ssr", bin("vite"), [
    "build",
    "--ssr",
    "src/app/render.tsx",
    "--outDir",
    ssrDir,
    ...viteFlags,
  ]);
  // The step also draws the shell's skeleton, which a build without pages still has.
  await step("prerender", bin("tsx"), ["scripts/prerender.ts"], { DIST_DIR: distDir, SSR_DIR: ssrDir });
  if (!prerender) await rm(join(distDir, "pages"), { recursive: true, force: true });
  return { distDir, ssrDir };
}

/**
 * Vite 8.4+ refuses to build while another build of the project runs, and its own lock would
 * make that other build (`npm run build` beside the bench) fail. This build writes only to its
 * own folder, so it takes no lock. Older Vite has neither the lock nor the flag.
 */
async function lockFlags(): Promise<string[]> {
  const help = await runCommand(
    { label: "vite --help", command: bin("vite"), args: ["--help"], cwd: ROOT },
    HELP_TIMEOUT_MS,
  );
  return help.includes("--bypass-lock") ? ["--bypass-lock"] : [];
}
