import { readFileSync } from "node:fs";
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { richBlocks, story } from "./testing/fixtures.ts";
import { FrontPageSchema, HeadlineSchema, StorySchema } from "./schema.ts";
import { isValidSlug } from "./slug.ts";

const example = JSON.parse(readFileSync("docs/contract/example-article.json", "utf8"));

describe("StorySchema", () => {
  it("accepts the contract's example", () => {
    const result = v.safeParse(StorySchema, example);
    expect(result.success).toBe(true);
    expect(result.output).toMatchObject({ slug: "harbor-bridge-reopens", dateline: "PORT ELLIS" });
  });

  it("ignores unknown fields", () => {
    const result = v.parse(StorySchema, { ...example, futureField: { x: 1 } });
    expect(result).not.toHaveProperty("futureField");
  });

  it.each([
    ["a missing headline", { headline: undefined }],
    ["an empty headline", { headline: "  " }],
    ["a date without offset", { datePublished: "2026-11-20T09:30:00" }],
    ["a date that is not a date", { datePublished: "2026-13-45T99:99:00Z" }],
    ["an empty body", { body: [] }],
    ["a body that is not a list", { body: "text" }],
    ["a slug that breaks the pattern", { slug: "Bad Slug" }],
  ])("rejects %s", (_, change) => {
    expect(v.safeParse(StorySchema, { ...example, ...change }).success).toBe(false);
  });

  it("skips unknown and malformed blocks and keeps the rest", () => {
    const result = v.parse(StorySchema, {
      ...example,
      body: [
        { type: "paragraph", html: "kept" },
        { type: "video", src: "x.mp4" },
        { type: "heading" },
        { type: "list", ordered: "yes", items: [] },
        { type: "image", image: { src: "javascript:alert(1)", width: 1, height: 1, alt: "" } },
        null,
        "text",
        { type: "quote", text: "kept too" },
      ],
    });
    expect(result.body).toEqual([
      { type: "paragraph", html: "kept" },
      { type: "quote", text: "kept too" },
    ]);
  });

  it("keeps contract 1.2's blocks, with media files and captions as paths or URLs", () => {
    const body = richBlocks();
    expect(v.parse(StorySchema, { ...example, body }).body).toEqual(body);
  });

  it.each([
    ["an embed whose address is not a web address", { type: "embed", provider: "x", url: "javascript:alert(1)" }],
    [
      "an embed whose provider is not a lowercase name",
      { type: "embed", provider: "You Tube", url: "https://a.example" },
    ],
    [
      "a gallery left with one valid image",
      {
        type: "gallery",
        images: [{ src: "/a.jpg", width: 10, height: 10, alt: "" }, { src: "data:x" }],
      },
    ],
    ["a table with no rows", { type: "table", head: [["A"]], rows: [] }],
    ["a table with an empty row", { type: "table", rows: [[]] }],
    [
      "media that is neither video nor audio",
      { type: "media", kind: "image", sources: [{ src: "/a", type: "video/mp4" }] },
    ],
    ["media with no playable source", { type: "media", kind: "video", sources: [{ src: "/a", type: "text/html" }] }],
  ])("skips %s", (_, block) => {
    const result = v.parse(StorySchema, { ...example, body: [{ type: "paragraph", html: "kept" }, block] });
    expect(result.body).toEqual([{ type: "paragraph", html: "kept" }]);
  });

  it("gives a table no header rows and media no captions when the source gives none", () => {
    const result = v.parse(StorySchema, {
      ...example,
      body: [
        { type: "table", rows: [["a"]] },
        { type: "media", kind: "audio", sources: [{ src: "https://cdn.example/a.mp3", type: "audio/mpeg" }] },
      ],
    });
    expect(result.body).toEqual([
      { type: "table", head: [], rows: [["a"]] },
      {
        type: "media",
        kind: "audio",
        sources: [{ src: "https://cdn.example/a.mp3", type: "audio/mpeg" }],
        captions: [],
      },
    ]);
  });

  it("drops a malformed hero image instead of failing the story", () => {
    const result = v.parse(StorySchema, { ...example, image: { src: "/x.jpg", width: "wide" } });
    expect(result.image).toBeUndefined();
  });

  it("drops related headlines that break the contract", () => {
    const result = v.parse(StorySchema, {
      ...example,
      related: [...example.related, { slug: "../etc/passwd", headline: "x", datePublished: "2026-11-01T00:00:00Z" }],
    });
    expect(result.related.map((item) => item.slug)).toEqual(["ferry-timetable-winter", "port-budget-vote"]);
  });

  it("defaults related to an empty list", () => {
    const { related: _, ...withoutRelated } = story();
    expect(v.parse(StorySchema, withoutRelated).related).toEqual([]);
  });
});

describe("HeadlineSchema and FrontPageSchema", () => {
  it("accepts a minimal headline", () => {
    expect(
      v.safeParse(HeadlineSchema, { slug: "a-b", headline: "A", datePublished: "2026-11-01T10:00:00+01:00" }).success,
    ).toBe(true);
  });

  it("needs at least one valid headline and an updated time", () => {
    expect(v.safeParse(FrontPageSchema, { updated: "2026-11-20T14:05:00Z", headlines: [] }).success).toBe(false);
    expect(v.safeParse(FrontPageSchema, { headlines: [example.related[0]] }).success).toBe(false);
    expect(
      v.safeParse(FrontPageSchema, { updated: "2026-11-20T14:05:00Z", headlines: [example.related[0]] }).success,
    ).toBe(true);
  });
});

describe("isValidSlug", () => {
  it.each(["harbor-bridge", "a", "a1-b2"])("accepts %s", (slug) => expect(isValidSlug(slug)).toBe(true));
  it.each(["", "-a", "a-", "a--b", "A", "a_b", "a/b", "a.json", "a".repeat(121)])("rejects %s", (slug) =>
    expect(isValidSlug(slug)).toBe(false),
  );
});

describe("language (contract 1.1)", () => {
  it("keeps a BCP 47 tag on a story and a front page, and drops a malformed one", () => {
    const base = {
      slug: "a",
      headline: "A",
      datePublished: "2026-11-20T09:30:00Z",
      body: [{ type: "heading", text: "H" }],
    };
    expect(v.parse(StorySchema, { ...base, language: "de-DE" }).language).toBe("de-DE");
    expect(v.parse(StorySchema, { ...base, language: "not a tag" }).language).toBeUndefined();
    const front = {
      updated: "2026-11-20T09:30:00Z",
      headlines: [{ slug: "a", headline: "A", datePublished: "2026-11-20T09:30:00Z" }],
    };
    expect(v.parse(FrontPageSchema, { ...front, language: "ar" }).language).toBe("ar");
  });
});
