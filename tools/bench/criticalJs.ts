import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import * as v from "valibot";

const ChunkSchema = v.object({
  file: v.string(),
  name: v.optional(v.string()),
  src: v.optional(v.string()),
  isEntry: v.optional(v.boolean()),
  imports: v.optional(v.array(v.string())),
  dynamicImports: v.optional(v.array(v.string())),
});
const ManifestSchema = v.record(v.string(), ChunkSchema);
export type Manifest = v.InferOutput<typeof ManifestSchema>;

export const ENTRY = "index.html";

export type CriticalFile = { file: string; bytes: number; gzipBytes: number };

export type CriticalJs = {
  files: CriticalFile[];
  gzipBytes: number;
  /** Critical chunks that hold the signup dialog, which should load only on demand. */
  signupDialogChunks: string[];
};

/**
 * The chunks a page needs before it can run: the entry and its static imports, followed
 * recursively. Dynamic imports load on demand and are left out.
 */
export function criticalChunkKeys(manifest: Manifest, entry = ENTRY): string[] {
  const seen: string[] = [];
  const visit = (key: string) => {
    if (seen.includes(key)) return;
    const chunk = manifest[key];
    if (!chunk) throw new Error(`The Vite manifest has no chunk "${key}".`);
    seen.push(key);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  visit(entry);
  return seen;
}

export function isSignupDialogChunk(key: string, manifest: Manifest): boolean {
  const chunk = manifest[key];
  return [key, chunk?.file, chunk?.name, chunk?.src].some((label) => label?.includes("SignupDialog"));
}

/** Reads dist/.vite/manifest.json and sizes the critical chunks (gzip level 9). */
export async function measureCriticalJs(distDir: string): Promise<CriticalJs> {
  const raw: unknown = JSON.parse(await readFile(join(distDir, ".vite", "manifest.json"), "utf8"));
  const manifest = v.parse(ManifestSchema, raw);
  const keys = criticalChunkKeys(manifest);
  const files: CriticalFile[] = [];
  for (const key of keys) {
    const file = manifest[key]?.file ?? key;
    const data = await readFile(join(distDir, file));
    files.push({ file, bytes: data.length, gzipBytes: gzipSync(data, { level: 9 }).length });
  }
  return {
    files,
    gzipBytes: files.reduce((sum, file) => sum + file.gzipBytes, 0),
    signupDialogChunks: keys.filter((key) => isSignupDialogChunk(key, manifest)),
  };
}
