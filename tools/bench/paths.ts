import { join, resolve } from "node:path";

/** The repository root: builds and the server run from here, like `npm run build` does. */
export const ROOT = resolve(import.meta.dirname, "..", "..");

export function bin(name: string): string {
  return join(ROOT, "node_modules", ".bin", name);
}
