import { readFile } from "node:fs/promises";
import { join } from "node:path";
import * as v from "valibot";
import { FRONT_PAGE_DOCUMENT } from "../../contract/paths.ts";
import { FrontPageSchema } from "../../contract/schema.ts";
import type { FrontPage } from "../../contract/schema.ts";
import type { Config } from "../config.ts";
import { createContentSource } from "../content/contentSource.ts";

/** The bundled content's front page, checked against the contract like any source document. */
export function contentFrontPage(contentDir: string): () => Promise<FrontPage> {
  return async () => {
    const file = join(contentDir, "api", FRONT_PAGE_DOCUMENT);
    const parsed = v.safeParse(FrontPageSchema, JSON.parse(await readFile(file, "utf8")));
    if (!parsed.success) throw new Error(`${file} breaks the contract: ${parsed.issues[0]?.message ?? "invalid"}`);
    return parsed.output;
  };
}

/**
 * The front page the daily email takes its headlines from: the content source's when one is
 * set (asked once, for the digest command), otherwise the bundled content's.
 */
export async function editionFrontPage(config: Config): Promise<() => Promise<FrontPage>> {
  if (!config.contentSource) return contentFrontPage(config.contentDir);
  const source = createContentSource(config.contentSource);
  await source.refresh();
  source.stop();
  return async () => {
    const frontPage = await source.frontPage();
    if (!frontPage) throw new Error(`The content source ${source.describe()} has no front page to send.`);
    return frontPage;
  };
}
