import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Story } from "../../contract/schema.ts";
import { checkSources, checkStory, describeBlocks, describeChecks, summarise } from "./check.ts";

const fixtures = join(import.meta.dirname, "fixtures");

function story(body: Story["body"]): Story {
  return { slug: "harbour", headline: "Harbour", datePublished: "2026-11-20T09:00:00Z", body, related: [] };
}

const picture = { src: "https://cdn.example/a.jpg", width: 800, height: 600, alt: "" };

describe("describing a story", () => {
  it("names what each block became, galleries with their pictures and embeds with their providers, then what was dropped", () => {
    const check = checkStory(
      story([
        { type: "paragraph", html: "One." },
        { type: "paragraph", html: "Two." },
        { type: "paragraph", html: "Three." },
        { type: "gallery", images: [picture, picture, picture, picture, picture] },
        { type: "embed", provider: "instagram", url: "https://www.instagram.com/p/x/" },
      ]),
      { script: 1, "share link": 2 },
    );
    expect(describeBlocks(check)).toBe(
      "3 paragraphs, 1 gallery (5 images), 1 embed (instagram); dropped: 1 script, 2 share links",
    );
  });

  it("counts embeds by provider, media by kind, and says when nothing was dropped", () => {
    const check = checkStory(
      story([
        { type: "heading", text: "Watch" },
        { type: "embed", provider: "youtube", url: "https://www.youtube.com/watch?v=a" },
        { type: "embed", provider: "youtube", url: "https://www.youtube.com/watch?v=b" },
        { type: "embed", provider: "x", url: "https://x.com/a/status/1" },
        {
          type: "media",
          kind: "audio",
          sources: [{ src: "https://cdn.example/a.mp3", type: "audio/mpeg" }],
          captions: [],
        },
        { type: "table", head: [], rows: [["a"]] },
      ]),
      {},
    );
    expect(describeBlocks(check)).toBe("1 heading, 1 table, 3 embeds (2 youtube, x), 1 audio");
  });

  it("ends the report with one summary line over every source, and says which could not be read", () => {
    const one = checkStory(story([{ type: "paragraph", html: "One." }]), { "tracking pixel": 1 });
    const text = describeChecks([
      { source: "feed:./a.xml", stories: [one], leftOut: [{ id: "item 2", reason: "it has no title" }], notes: [] },
      {
        source: "feed:./b.xml",
        stories: [],
        leftOut: [],
        notes: [],
        error: "the document is neither RSS, Atom nor JSON Feed",
      },
    ]);
    expect(text.split("\n")).toEqual([
      "feed:./a.xml: 1 story, 1 item left out",
      "  harbour: 1 paragraph; dropped: 1 tracking pixel",
      "  left out item 2: it has no title",
      "feed:./b.xml: could not be read: the document is neither RSS, Atom nor JSON Feed",
      "Summary: 2 sources, 1 could not be read, 1 story: 1 paragraph; dropped: 1 tracking pixel; 1 item left out",
    ]);
  });
});

describe("checking sources", () => {
  it("reads feed files and a ninjs folder once through the server's adapters, and reports each", async () => {
    const checks = await checkSources([
      { kind: "feed", location: join(fixtures, "boilerplate.xml") },
      { kind: "ninjs", location: join(fixtures, "ninjs-media") },
      { kind: "feed", location: join(fixtures, "dates.json") },
    ]);
    const text = describeChecks(checks);
    expect(text).toContain(
      "  a-new-crane-for-the-north-quay: 2 paragraphs; dropped: 2 tracking pixels, 5 share links, 1 “read more” link to the story itself, 1 feed footer, 1 link to the story itself (its text kept)",
    );
    expect(text).toContain("  the-new-lifeboat-is-launched: 1 video");
    expect(text).toContain('  note: dates without a time zone (such as "2022-07-26 13:01:01") are read as UTC');
    expect(text.split("\n").at(-1)).toBe(
      "Summary: 3 sources, 12 stories: 13 paragraphs, 1 image, 2 videos; dropped: 2 tracking pixels, 5 share links, 3 “read more” links to the story itself, 1 feed footer, 1 link to the story itself (its text kept), 1 paragraph repeating the standfirst",
    );
    expect(summarise(checks)).toMatchObject({ sources: 3, stories: 12, failed: 0, media: { video: 2 } });
  });
});
