/**
 * Real payloads from other projects' test suites (../shared/samples, beside the clone; see
 * its README): each must give valid contract documents or an explained rejection. They are
 * read from there, never copied into the project.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { FrontPageSchema, StorySchema } from "../../contract/schema.ts";
import { buildSnapshot } from "./snapshot.ts";
import type { SourceDocument } from "./snapshot.ts";
import { mapFeed } from "./feed.ts";
import { mapNinjs } from "./ninjs.ts";
import { mapWordPress } from "./wordpress.ts";

const samples = resolve(import.meta.dirname, "../../../shared/samples");
const files = existsSync(samples) ? readdirSync(samples).filter((name) => /\.(json|xml)$/.test(name)) : [];

function adapt(name: string, text: string): SourceDocument {
  if (name.startsWith("wordpress-")) {
    const value: unknown = JSON.parse(text);
    return mapWordPress(Array.isArray(value) ? value : [value], { siteUrl: "https://wordpress.example/" });
  }
  if (name.startsWith("ninjs-")) return mapNinjs(JSON.parse(text), { siteUrl: "https://wire.example/" });
  return mapFeed(text, { location: "https://feed.example/feed" });
}

describe.runIf(files.length > 0)("the shared real-world samples", () => {
  it.each(files)("%s gives valid contract documents or explained rejections", (name) => {
    const edition = buildSnapshot(adapt(name, readFileSync(join(samples, name), "utf8")));
    expect(edition.stories.size).toBeGreaterThan(0);
    expect(v.safeParse(FrontPageSchema, edition.frontPage).success).toBe(true);
    for (const story of edition.stories.values()) {
      const parsed = v.safeParse(StorySchema, story);
      expect(parsed.success, `${name}: ${story.slug}`).toBe(true);
      // What the schema would silently drop must not be there in the first place.
      expect(parsed.success && parsed.output.body).toEqual(story.body);
      for (const block of story.body) {
        const html = block.type === "paragraph" ? [block.html] : block.type === "list" ? block.items : [];
        for (const fragment of html) {
          // Only the contract's inline tags, with no attribute but a safe href.
          for (const [tag] of fragment.matchAll(/<[^>]*>/g)) {
            expect(tag, `${name}: ${story.slug}`).toMatch(
              /^<(?:\/?(?:em|strong|i|b|a)|br|a href="(?:https?:\/\/|\/|mailto:)[^"]*")>$/,
            );
          }
          expect(fragment).not.toMatch(/\[(?:caption|gallery)\b/);
        }
      }
    }
    for (const rejection of edition.rejected) expect(rejection.reason).not.toBe("");
    expect(new Set(edition.stories.keys()).size).toBe(edition.stories.size);
  });
});
