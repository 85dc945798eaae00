import { describe, expect, it } from "vitest";
import { testStory } from "../testing/stores.ts";
import { canonicalLink, storyFingerprint } from "./sameStory.ts";

describe("canonicalLink", () => {
  it("is the same for a page however it was linked", () => {
    const key = "news.example/2026/12/harbour?page=2";
    for (const link of [
      "https://news.example/2026/12/harbour?page=2",
      "http://www.news.example/2026/12/harbour/?page=2",
      "https://WWW.News.Example/2026/12/harbour//?utm_source=wire&page=2&utm_medium=email#comments",
      "https://news.example/2026/12/harbour?fbclid=abc&page=2&gclid=xyz",
    ]) {
      expect(canonicalLink(link)).toBe(key);
    }
  });

  it("keeps what tells pages apart: path case, other parameters, sorted, and ports", () => {
    expect(canonicalLink("https://news.example/a/B?z=1&a=2")).toBe("news.example/a/B?a=2&z=1");
    expect(canonicalLink("https://news.example:8443/a")).toBe("news.example:8443/a");
    expect(canonicalLink("https://news.example/")).toBe("news.example");
  });

  it("is null for what is not a web address", () => {
    for (const link of [undefined, "", "not a link", "file:///wire/drop/item.json", "mailto:desk@news.example"]) {
      expect(canonicalLink(link)).toBeNull();
    }
  });
});

describe("storyFingerprint", () => {
  it("reads the headline and the first paragraph with words, ignoring case, punctuation and markup", () => {
    const a = testStory({
      slug: "a",
      headline: "Storm hits the coast",
      opening: "Winds of 90 mph hit <b>Wending</b> at dawn.",
    });
    const b = {
      ...testStory({
        slug: "b",
        headline: "STORM hits the coast!",
        opening: "Winds of 90\u00a0mph hit Wending, at dawn",
      }),
      body: [
        { type: "paragraph" as const, html: "  " },
        { type: "paragraph" as const, html: "Winds of 90\u00a0mph hit Wending, at dawn" },
      ],
    };
    expect(storyFingerprint(a)).toBe(storyFingerprint(b));
    expect(
      storyFingerprint(testStory({ slug: "c", headline: "Storm hits the coast", opening: "Other words." })),
    ).not.toBe(storyFingerprint(a));
  });

  it("is null without an opening paragraph: a headline alone is too common to tell a story by", () => {
    const story = testStory({ slug: "a" });
    expect(storyFingerprint({ ...story, body: [{ type: "heading", text: "Only a heading" }] })).toBeNull();
  });
});
