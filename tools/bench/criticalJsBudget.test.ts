import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { measureCriticalJs } from "./criticalJs.ts";

/** The Guardian budgets 120 KB; we hold a story page to 100 KB of gzipped critical JavaScript. */
const BUDGET_BYTES = 100_000;

let outDir: string;
beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), "dispatch-size-"));
  // Vitest runs with NODE_ENV=test, which would make Vite bundle React's development build.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = "production";
  try {
    await build({ mode: "production", logLevel: "silent", build: { outDir, emptyOutDir: true } });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
}, 120_000);
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe("the critical JavaScript of a page", () => {
  it(`stays within ${BUDGET_BYTES / 1000} KB gzip`, async () => {
    const { gzipBytes, files } = await measureCriticalJs(outDir);
    expect(gzipBytes, files.map((file) => `${file.file}: ${file.gzipBytes}`).join(", ")).toBeLessThanOrEqual(
      BUDGET_BYTES,
    );
  });

  it("leaves out the signup dialog and the schema library, which load when needed", async () => {
    const { files, signupDialogChunks } = await measureCriticalJs(outDir);
    const names = files.map((file) => file.file);
    expect(signupDialogChunks).toEqual([]);
    expect(names.some((name) => /fetchers/.test(name))).toBe(false);
  });

  it("carries no server-side HTML parser: the browser sanitises with its own DOMParser", () => {
    const assets = join(outDir, "assets");
    // htmlparser2's table of SVG tag names: present in any bundle that includes the parser.
    const withParser = readdirSync(assets).filter(
      (file) => file.endsWith(".js") && readFileSync(join(assets, file), "utf8").includes("feComponentTransfer"),
    );
    expect(withParser).toEqual([]);
  });
});
