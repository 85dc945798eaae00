import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = resolve(import.meta.dirname, "..");
/** Folders that are a page of the reader, or a feature built on pages. */
const PAGE_FOLDERS = ["app", "story", "front", "offline", "signup", "display"];

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

describe("src/ui", () => {
  it("imports nothing from a page folder: shared pieces know no page", () => {
    const crossings = sourceFiles(join(SRC, "ui")).flatMap((file) =>
      [...readFileSync(file, "utf8").matchAll(/from\s+"(\.[^"]+)"/g)].flatMap(([, specifier = ""]) => {
        const target = relative(SRC, resolve(join(file, ".."), specifier));
        const folder = target.split(/[\\/]/)[0] ?? "";
        return PAGE_FOLDERS.includes(folder) ? [`${relative(SRC, file)} → ${target}`] : [];
      }),
    );
    expect(crossings).toEqual([]);
  });
});
