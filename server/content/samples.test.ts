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
import type { Story } from "../../contract/schema.ts";
import { buildSnapshot } from "./snapshot.ts";
import type { SourceDocument } from "./snapshot.ts";
import { mapFeed } from "./feed.ts";
import { mapNinjs } from "./ninjs.ts";
import { htmlToText } from "./text.ts";
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
    const snapshot = buildSnapshot(adapt(name, readFileSync(join(samples, name), "utf8")));
    expect(snapshot.stories.size).toBeGreaterThan(0);
    expect(v.safeParse(FrontPageSchema, snapshot.frontPage).success).toBe(true);
    for (const story of snapshot.stories.values()) {
      const parsed = v.safeParse(StorySchema, story);
      expect(parsed.success, `${name}: ${story.slug}`).toBe(true);
      // What the schema would silently drop must not be there in the first place.
      expect(parsed.success && parsed.output.body).toEqual(story.body);
      for (const block of story.body) {
        const html =
          block.type === "paragraph"
            ? [block.html]
            : block.type === "list"
              ? block.items
              : block.type === "table"
                ? [...block.head.flat(), ...block.rows.flat()]
                : [];
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
    for (const rejection of snapshot.rejected) expect(rejection.reason).not.toBe("");
    expect(new Set(snapshot.stories.keys()).size).toBe(snapshot.stories.size);
  });
});

/** Text as a reader compares it: spaces and curly quotes aside. */
function words(text: string): string {
  return text
    .replace(/[\s\u00a0]+/g, " ")
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .trim();
}

function paragraphs(story: Story): string[] {
  return story.body.flatMap((block) => (block.type === "paragraph" ? [block.html] : []));
}

function hrefs(html: string): string[] {
  return [...html.matchAll(/href="([^"]*)"/g)].map((match) => (match[1] ?? "").replace(/&amp;/g, "&"));
}

// What embed markup leaves when it is read as text: an Instagram caption's address and hashtags, X's picture link,
// Instagram's furniture.
const EMBED_MARKUP = [
  /instagram\.com\/(?:p|reel|tv)\/[\s\S]*#\w/,
  /pic\.(?:twitter|x)\.com/,
  /A post shared by/,
  /View this post on Instagram/,
];

describe.runIf(files.length > 0)("the shared real-world samples, read faithfully", () => {
  it.each(files)(
    "%s: no paragraph repeats the standfirst, links to its own story or is made of embed markup",
    (name) => {
      const document = adapt(name, readFileSync(join(samples, name), "utf8"));
      const snapshot = buildSnapshot(document);
      for (const story of snapshot.stories.values()) {
        const id = snapshot.origins.get(story.slug);
        const item = document.items.find((candidate) => candidate.id === id);
        const ownPages = new Set([item?.page, `/articles/${story.slug}`].filter(Boolean));
        for (const html of paragraphs(story)) {
          if (story.standfirst)
            expect(words(htmlToText(html)), `${name}: ${story.slug}`).not.toBe(words(story.standfirst));
          // The one link a story may have to its own page at the source is "Read the full story at …", to the original.
          const toItself = hrefs(html).filter((href) => ownPages.has(href));
          if (!html.startsWith("Read the full story at ")) expect(toItself, `${name}: ${story.slug}`).toEqual([]);
          for (const markup of EMBED_MARKUP) expect(html, `${name}: ${story.slug}`).not.toMatch(markup);
        }
        for (const block of story.body) {
          if (block.type === "quote") for (const markup of EMBED_MARKUP) expect(block.text).not.toMatch(markup);
        }
        expect(
          paragraphs(story).filter((html) => html.startsWith("Read the full story at ")).length,
        ).toBeLessThanOrEqual(1);
        expect(hrefs(paragraphs(story).join(" ")), `${name}: ${story.slug}`).not.toContain(`/articles/${story.slug}`);
      }
    },
  );
});
