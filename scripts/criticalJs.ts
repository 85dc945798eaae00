/**
 * The JavaScript a story page needs before it is interactive: the entry chunk and
 * everything it imports statically, read from Vite's manifest. Lazily loaded chunks
 * (the signup dialog, the fetch code a prerendered page never uses) are not in it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

type ManifestChunk = { file: string; isEntry?: boolean; imports?: string[]; dynamicImports?: string[] };
type Manifest = Record<string, ManifestChunk>;

export type CriticalJs = { files: { file: string; gzipBytes: number }[]; gzipBytes: number };

export function criticalJs(distDir: string): CriticalJs {
  const manifest: Manifest = JSON.parse(readFileSync(join(distDir, ".vite", "manifest.json"), "utf8"));
  const entry = manifest["index.html"];
  if (!entry?.isEntry) throw new Error("The manifest has no index.html entry");
  const seen = new Set<string>();
  const visit = (chunk: ManifestChunk) => {
    if (seen.has(chunk.file)) return;
    seen.add(chunk.file);
    for (const key of chunk.imports ?? []) {
      const imported = manifest[key];
      if (imported) visit(imported);
    }
  };
  visit(entry);
  const files = [...seen].map((file) => ({
    file,
    gzipBytes: gzipSync(readFileSync(join(distDir, file)), { level: 9 }).length,
  }));
  return { files, gzipBytes: files.reduce((total, file) => total + file.gzipBytes, 0) };
}
