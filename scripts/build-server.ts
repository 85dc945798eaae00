/**
 * Compiles the server (server/main.ts and what it imports from contract/), the digest command
 * (server/newsletter/digestCli.ts), the subscriber export (subscribersCli.ts), the takedown
 * command (server/archive/storyCli.ts) and the sources check (server/content/checkCli.ts) into
 * ES modules that Node runs without a TypeScript runner: dist-server/main.js, digest.js,
 * export-subscribers.js, story.js and sources-check.js start them. Packages stay imports,
 * resolved from node_modules at run time: they must all be production dependencies.
 */
import { rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { build } from "esbuild";
import type { BuildResult } from "esbuild";

const root = resolve(import.meta.dirname, "..");

/** The programs a build makes: what starts each, and the compiled module it loads. */
const PROGRAMS = {
  main: "server/main.ts",
  digest: "server/newsletter/digestCli.ts",
  "export-subscribers": "server/newsletter/subscribersCli.ts",
  story: "server/archive/storyCli.ts",
  "sources-check": "server/content/checkCli.ts",
} as const;

// React and other packages choose their production or development build from NODE_ENV as they
// load, and packages load before any compiled code runs: so each program is started by a module
// that sets it first, unless the operator set it.
const starter = (program: string) =>
  `process.env.NODE_ENV ||= "production";\nawait import("./${program}.program.js");\n`;

/** Compiles into `outdir`, emptied first so no program of an older build is left. */
export async function buildServer(outdir: string): Promise<BuildResult<{ metafile: true }>> {
  rmSync(outdir, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: Object.fromEntries(Object.entries(PROGRAMS).map(([name, source]) => [`${name}.program`, source])),
    outdir,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    sourcemap: true,
    metafile: true,
    logLevel: "warning",
  });
  for (const program of Object.keys(PROGRAMS)) writeFileSync(join(outdir, `${program}.js`), starter(program));
  return result;
}

if (import.meta.filename === process.argv[1]) {
  await buildServer(resolve(root, process.env.SERVER_OUT_DIR || "dist-server"));
  console.log("Compiled the server into dist-server/");
}
