import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Story } from "../../contract/schema.ts";
import { buildSnapshot } from "./snapshot.ts";
import { mapFeed } from "./feed.ts";

function snapshot(name: string, location: string) {
  const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");
  return buildSnapshot(mapFeed(text, { location }), { now: () => 0 });
}

function html(story: Story | undefined): string {
  return (story?.body ?? []).map((block) => (block.type === "paragraph" ? block.html : "")).join("\n");
}

describe("links in a link blog's Atom feed", () => {
  const { stories, dropped } = snapshot("linkblog.xml", "https://notes.linkblog.example/feeds/main");
  const report = stories.get("the-harbour-report");
  const ferries = stories.get("on-ferries");

  it("keeps a link post's link to the article it comments on, and reads more at that article", () => {
    expect(html(report)).toContain('<a href="https://www.portnews.example/2026/harbour-report">Port News</a>');
  });

  it("rewrites a link to another story's own page, the link post's own page included", () => {
    expect(html(report)).toContain('<a href="/articles/on-ferries">wrote last week</a>');
    expect(html(ferries)).toContain('<a href="/articles/the-harbour-report">note on their report</a>');
    expect(html(ferries)).toContain('<a href="https://www.portnews.example/2026/harbour-report">Port News</a>');
  });

  it("never links a story to itself: its permalink star goes, its own address becomes text", () => {
    expect(report?.body).toHaveLength(1);
    expect(html(ferries)).toContain("harbour&#39;s quiet workhorses.");
    expect(dropped.get("the-harbour-report")).toEqual({ "link to itself": 1 });
    expect(dropped.get("on-ferries")).toEqual({ "link to itself": 1 });
    for (const story of stories.values()) expect(html(story)).not.toContain(`/articles/${story.slug}"`);
  });
});

describe("links in a link blog's RSS feed", () => {
  const { stories } = snapshot("linkblog-rss.xml", "https://tidelinks.example/rss");
  const lighthouses = stories.get("a-long-read-on-lighthouses");

  it("takes an on-site permalink guid for the item's own page when its link is the article it comments on", () => {
    expect(html(lighthouses)).toContain('<a href="https://longreads.example/lighthouses">This long read</a>');
    expect(html(lighthouses)).toContain("(permalink)");
    expect(html(lighthouses)).toContain('<a href="https://longreads.example/keepers">the one about keepers</a>');
    expect(html(lighthouses)).toContain('<a href="/articles/the-keepers">I linked yesterday</a>');
  });

  it("sends a summary-only link post's reader on to the article it comments on", () => {
    expect(stories.get("the-keepers")?.body).toEqual([
      { type: "paragraph", html: 'On <a href="https://longreads.example/keepers">the last keepers</a> of the coast.' },
      {
        type: "paragraph",
        html: 'Read the full story at <a href="https://longreads.example/keepers">longreads.example</a>',
      },
    ]);
    for (const story of stories.values()) expect(html(story)).not.toContain(`/articles/${story.slug}"`);
  });
});
