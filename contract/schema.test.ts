import { readFileSync } from "node:fs";
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { story } from "./testing/fixtures.ts";
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
