import { readFile } from "node:fs/promises";
import { join } from "node:path";
import * as v from "valibot";
import { FrontPageSchema } from "../../src/api/schema.ts";
import type { FrontPage } from "../../src/api/schema.ts";

/** The bundled content's front page, checked against the contract like any source document. */
export function contentFrontPage(contentDir: string): () => Promise<FrontPage> {
  return async () => {
    const file = join(contentDir, "api", "headlines.json");
    const parsed = v.safeParse(FrontPageSchema, JSON.parse(await readFile(file, "utf8")));
    if (!parsed.success) throw new Error(`${file} breaks the contract: ${parsed.issues[0]?.message ?? "invalid"}`);
    return parsed.output;
  };
}
