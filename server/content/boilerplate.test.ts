import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildSnapshot } from "./snapshot.ts";
import { mapFeed } from "./feed.ts";

const feed = readFileSync(new URL("./fixtures/boilerplate.xml", import.meta.url), "utf8");
const probed: string[] = [];
const snapshot = buildSnapshot(mapFeed(feed, { location: "https://blog.harbour.example/feed/" }), {
  sizeOf: () => undefined,
  now: () => 0,
});
const { stories, dropped, frontPage } = snapshot;
probed.push(...snapshot.unsized);

function story(slug: string) {
  const found = stories.get(slug);
  if (!found) throw new Error(`no story ${slug}`);
  return found;
}

describe("boilerplate", () => {
  const crane = story("a-new-crane-for-the-north-quay");

  it("takes a feed item's trail text, without its read-more link, footer or [...], as the front page's standfirst only when it repeats the body's opening", () => {
    expect(crane.standfirst).toBeUndefined();
    expect(frontPage.headlines[0]?.standfirst).toBe("The crane arrives by sea next week, in three pieces…");
  });

  it("keeps only the story: no read-more link, share buttons, pixels or feed footer, and no link to itself", () => {
    expect(crane.body).toEqual([
      {
        type: "paragraph",
        html: "The crane arrives by sea next week, in three pieces, and will be assembled on the quay.",
      },
      {
        type: "paragraph",
        html: 'As this story first said, the old one is <a href="/articles/the-old-crane-goes">already gone</a>.',
      },
    ]);
    expect(dropped.get(crane.slug)).toEqual({
      "tracking pixel": 2,
      "share link": 5,
      "read-more link": 1,
      "feed footer": 1,
      "link to itself": 1,
    });
  });

  it("never asks a statistics host for the size of its pixel, nor for the trail text's thumbnail", () => {
    expect(probed).toEqual([]);
  });

  it("gives a summary-only item its trail text as standfirst, the rest, and one link to the original", () => {
    const old = story("the-old-crane-goes");
    expect(old.standfirst).toBe("After sixty years, the quay's landmark is scrap.");
    expect(old.body).toEqual([
      { type: "paragraph", html: "The old crane was cut up on Thursday and taken away by lorry." },
      {
        type: "paragraph",
        html: 'Related: <a href="/articles/a-new-crane-for-the-north-quay">A new crane for the north quay</a>',
      },
      {
        type: "paragraph",
        html: 'Read the full story at <a href="https://blog.harbour.example/2026/11/old-crane/">blog.harbour.example</a>',
      },
    ]);
    expect(dropped.get(old.slug)).toEqual({ "read-more link": 1 });
  });

  it("keeps one read-the-full-story link when the feed wrote its own", () => {
    const closed = story("quay-closed-for-the-lift");
    expect(closed.standfirst).toBe("The north quay is closed on Monday.");
    expect(closed.body).toEqual([
      {
        type: "paragraph",
        html: 'Read the full story at <a href="https://blog.harbour.example/2026/11/quay-closed/">blog.harbour.example</a>',
      },
    ]);
  });

  it("drops a first paragraph that only repeats the standfirst, entities and spaces aside", () => {
    const tides = story("tide-tables-for-december");
    expect(tides.standfirst).toBe("December's tides, & when to sail.");
    expect(tides.body).toEqual([{ type: "paragraph", html: "High water is earliest on the 3rd." }]);
    expect(dropped.get(tides.slug)).toEqual({ "repeated standfirst": 1 });
  });

  it("gives the front page every standfirst", () => {
    expect(frontPage.headlines.map((headline) => headline.standfirst)).toEqual([
      "The crane arrives by sea next week, in three pieces…",
      "After sixty years, the quay's landmark is scrap.",
      "The north quay is closed on Monday.",
      "December's tides, & when to sail.",
    ]);
  });
});
