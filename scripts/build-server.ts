/**
 * Compiles the server (server/main.ts and what it imports from src/shared/) and the digest
 * command (server/mail/digestCli.ts) into ES modules, dist-server/main.js and digest.js, that
 * Node runs without a TypeScript runner. Packages stay
 * imports, resolved from node_modules at run time: they must all be production dependencies.
 */
import { resolve } from "node:path";
import { build } from "esbuild";
import type { BuildOptions } from "esbuild";

const root = resolve(import.meta.dirname, "..");

export function serverBuildOptions(outdir: string): BuildOptions {
  return {
    absWorkingDir: root,
    entryPoints: { main: "server/main.ts", digest: "server/mail/digestCli.ts" },
    outdir,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    sourcemap: true,
    logLevel: "warning",
  };
}

if (import.meta.filename === process.argv[1]) {
  await build(serverBuildOptions(resolve(root, process.env.SERVER_OUT_DIR || "dist-server")));
  console.log("Compiled the server into dist-server/");
}
