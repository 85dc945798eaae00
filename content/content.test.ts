/**
 * The bundled content is the app's demo and its prerendered pages: every file must meet the
 * contract (through the app's own schemas, dropping nothing) and hang together as a site.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { FrontPageSchema, type Image, StorySchema } from "../contract/schema.ts";

const root = import.meta.dirname;
const read = (path: string): unknown => JSON.parse(readFileSync(join(root, path), "utf8"));
const articleFiles = readdirSync(join(root, "api/articles")).filter((name) => name.endsWith(".json"));
const raw = articleFiles.map((name) => read(`api/articles/${name}`) as { body: unknown[]; related?: unknown[] });
const stories = raw.map((story) => v.parse(StorySchema, story));
const frontPage = v.parse(FrontPageSchema, read("api/headlines.json"));
const bySlug = new Map(stories.map((story) => [story.slug, story]));

describe("the bundled content", () => {
  it("has at least 10 stories across at least 3 sections, each file named by its slug", () => {
    expect(stories.length).toBeGreaterThanOrEqual(10);
    expect(new Set(stories.map((story) => story.section)).size).toBeGreaterThanOrEqual(3);
    expect(articleFiles).toEqual(stories.map((story) => `${story.slug}.json`));
  });

  it("loses no block or related headline to validation", () => {
    raw.forEach((story, index) => {
      expect(stories[index]?.body.length).toBe(story.body.length);
      expect(stories[index]?.related.length).toBe(story.related?.length ?? 0);
    });
  });

  it("lists every story on the front page once, newest first", () => {
    const slugs = frontPage.headlines.map((headline) => headline.slug);
    expect([...slugs].sort()).toEqual([...bySlug.keys()].sort());
    const dates = frontPage.headlines.map((headline) => Date.parse(headline.datePublished));
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
  });

  it("gives every story 3 to 6 related stories that exist and match them", () => {
    for (const story of stories) {
      expect(story.related.length, story.slug).toBeGreaterThanOrEqual(3);
      expect(story.related.length, story.slug).toBeLessThanOrEqual(6);
      for (const related of story.related) {
        const target = bySlug.get(related.slug);
        expect(target, `${story.slug} → ${related.slug}`).toBeDefined();
        expect(related.headline).toBe(target?.headline);
        expect(related.datePublished).toBe(target?.datePublished);
      }
    }
  });

  it("covers every block type and the special cases", () => {
    const types = new Set(stories.flatMap((story) => story.body.map((block) => block.type)));
    expect([...types].sort()).toEqual([
      "embed",
      "gallery",
      "heading",
      "image",
      "list",
      "media",
      "paragraph",
      "quote",
      "table",
    ]);
    expect(stories.some((story) => !story.image)).toBe(true);
    expect(stories.some((story) => story.dateModified)).toBe(true);
    expect(stories.some((story) => story.dateline && story.source && story.copyright && story.distribution)).toBe(true);
    const paragraphs = (slug: string) =>
      bySlug.get(slug)?.body.filter((block) => block.type === "paragraph").length ?? 0;
    expect(Math.max(...stories.map((story) => paragraphs(story.slug)))).toBeGreaterThanOrEqual(30);
  });

  it("points every image at a real file of the stated size", async () => {
    const images: Image[] = stories.flatMap((story) => [
      ...(story.image ? [story.image] : []),
      ...story.body.flatMap((block) => {
        if (block.type === "image") return [block.image];
        if (block.type === "gallery") return block.images;
        if (block.type === "embed") return block.thumbnail ? [block.thumbnail] : [];
        if (block.type === "media") return block.poster ? [block.poster] : [];
        return [];
      }),
    ]);
    for (const image of images) {
      const file = join(root, image.src.replace(/^\/media\//, "media/"));
      const { width, height } = await sharp(file).metadata();
      expect({ width, height }, image.src).toEqual({ width: image.width, height: image.height });
      for (const source of image.sources ?? []) {
        const variant = await sharp(join(root, source.src.replace(/^\/media\//, "media/"))).metadata();
        expect(variant.width, source.src).toBe(source.width);
      }
    }
  });

  it("points every media file, captions track and embed thumbnail at a bundled file", () => {
    const media = stories.flatMap((story) => story.body.flatMap((block) => (block.type === "media" ? [block] : [])));
    expect(media.length).toBeGreaterThan(0);
    for (const block of media) {
      for (const { src } of [...block.sources, ...block.captions]) {
        expect(existsSync(join(root, src.replace(/^\/media\//, "media/"))), src).toBe(true);
      }
      for (const { src } of block.captions) {
        expect(readFileSync(join(root, src.replace(/^\/media\//, "media/")), "utf8"), src).toMatch(/^WEBVTT\n/);
      }
    }
    const embeds = stories.flatMap((story) => story.body.flatMap((block) => (block.type === "embed" ? [block] : [])));
    expect(new Set(embeds.map((embed) => embed.provider)).size).toBeGreaterThan(1);
    // A thumbnail on the platform's host would not be drawn (docs/contract/article-api.md).
    const thumbnails = embeds.flatMap((embed) => (embed.thumbnail ? [embed.thumbnail.src] : []));
    expect(thumbnails.length).toBeGreaterThan(0);
    for (const src of thumbnails) expect(src).toMatch(/^\/media\//);
  });
});
