/**
 * The stories that ship with Dispatch (content/api/), read from disk and checked against the
 * contract here, at the door, once per version of each file: the build's prerender and the
 * server's pages take them from here and check nothing again.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import * as v from "valibot";
import { FRONT_PAGE_DOCUMENT, storyDocument } from "../../contract/paths.ts";
import { FrontPageSchema, StorySchema } from "../../contract/schema.ts";
import type { FrontPage, Story } from "../../contract/schema.ts";

export type BundledContent = {
  /** Throws when the file is not a contract story, or names another slug than its file. */
  story(slug: string): Promise<Story | "missing">;
  /** Throws when the file is not a contract front page. */
  frontPage(): Promise<FrontPage | "missing">;
  /** The slugs of the bundled stories, from their files' names. */
  slugs(): Promise<string[]>;
  /** When the page's file last changed (ms), 0 when there is none: a page rendered before that is stale. */
  version(slug: string | undefined): Promise<number>;
};

function parseDocument<TSchema extends v.GenericSchema>(schema: TSchema, data: unknown, file: string) {
  const parsed = v.safeParse(schema, data);
  if (!parsed.success) throw new Error(`${file} is not a contract document: ${v.summarize(parsed.issues)}`);
  return parsed.output as v.InferOutput<TSchema>;
}

export function bundledContent(contentDir: string): BundledContent {
  const apiDir = join(contentDir, "api");
  const fileOf = (slug: string | undefined) =>
    join(apiDir, slug === undefined ? FRONT_PAGE_DOCUMENT : storyDocument(slug));
  const checked = new Map<string, { modified: number; document: Promise<unknown> }>();

  async function version(slug: string | undefined): Promise<number> {
    return (await stat(fileOf(slug)).catch(() => undefined))?.mtimeMs ?? 0;
  }

  async function read<T>(slug: string | undefined, check: (data: unknown, file: string) => T): Promise<T | "missing"> {
    const file = fileOf(slug);
    const modified = await version(slug);
    if (modified === 0) return "missing";
    const seen = checked.get(file);
    if (seen?.modified !== modified) {
      const document = readFile(file, "utf8").then((text) => check(JSON.parse(text), file));
      checked.set(file, { modified, document });
      document.catch(() => checked.delete(file));
      return document;
    }
    return seen.document as Promise<T>;
  }

  return {
    story: (slug) =>
      read(slug, (data, file) => {
        const story = parseDocument(StorySchema, data, file);
        if (story.slug !== slug) throw new Error(`${file} holds the story "${story.slug}", not "${slug}"`);
        return story;
      }),
    frontPage: () => read(undefined, (data, file) => parseDocument(FrontPageSchema, data, file)),
    async slugs() {
      const names = await readdir(join(apiDir, "articles")).catch(() => []);
      return names.flatMap((name) => /^(.+)\.json$/.exec(name)?.[1] ?? []);
    },
    version,
  };
}
