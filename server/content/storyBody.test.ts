import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildSnapshot } from "./snapshot.ts";
import { isLabelLine } from "./storyBody.ts";
import { mapWordPress } from "./wordpress.ts";

const posts: unknown = JSON.parse(readFileSync(new URL("./fixtures/wordpress-excerpts.json", import.meta.url), "utf8"));
const { stories, frontPage, dropped } = buildSnapshot(mapWordPress(posts, { siteUrl: "https://news.example/" }));

function story(slug: string) {
  const found = stories.get(slug);
  if (!found) throw new Error(`no story ${slug}`);
  return found;
}

function teaser(slug: string) {
  return frontPage.headlines.find((headline) => headline.slug === slug)?.standfirst;
}

describe("the standfirst never repeats the body", () => {
  it("leaves WordPress's generated excerpt off the story page, keeps it on the front page, and keeps the body whole", () => {
    const generated = story("generated-excerpt");
    expect(generated.standfirst).toBeUndefined();
    expect(generated.body).toHaveLength(3);
    expect(teaser("generated-excerpt")).toBe(
      "The council met on Tuesday night to decide the future of the harbour’s oldest warehouse. Nobody expected the vote to be close. In the end the warehouse was saved by a single vote, cast by a councillor who had once worked there as a porter for twelve years before the docks…",
    );
    // What the excerpt loses (its "Continue reading" link) is not the story's: only the body's losses are counted.
    expect(dropped.get("generated-excerpt")).toEqual({});
  });

  it("drops a first paragraph that is the standfirst, entities, spaces and emphasis aside", () => {
    const equal = story("hand-written-equal");
    expect(equal.standfirst).toBe("The ferry’s new timetable starts on Monday.");
    expect(equal.body).toEqual([{ type: "paragraph", html: "Crossings leave every forty minutes." }]);
    expect(dropped.get("hand-written-equal")).toEqual({ "repeated standfirst": 1 });
  });

  it("keeps a first paragraph with a link, which the standfirst could not carry, and leaves the standfirst to the front page", () => {
    const linked = story("equal-with-a-link");
    expect(linked.standfirst).toBeUndefined();
    expect(linked.body[0]).toEqual({
      type: "paragraph",
      html: 'The lighthouse reopens, as <a href="https://trust.example/news">the trust announced</a>.',
    });
    expect(teaser("equal-with-a-link")).toBe("The lighthouse reopens, as the trust announced.");
  });

  it("keeps an excerpt in its own words as the standfirst", () => {
    expect(story("own-words").standfirst).toBe("Why the fish market is moving, and what it means for the quay.");
    expect(story("own-words").body).toHaveLength(2);
  });

  it("keeps a one-paragraph body that is its excerpt, shown once", () => {
    const short = story("short-post");
    expect(short.standfirst).toBeUndefined();
    expect(short.body).toEqual([{ type: "paragraph", html: "The quay is closed today." }]);
  });

  it("leaves no story with a first paragraph equal to its standfirst", () => {
    for (const each of stories.values()) {
      const first = each.body[0];
      if (first?.type === "paragraph" && each.standfirst) expect(first.html).not.toBe(each.standfirst);
    }
  });
});

describe("label lines", () => {
  const labels = ["Militärövning i jätteformat hålls 2023", "militärövning", "TT", "Karl Melander"];

  it.each([
    "FörsvarTT",
    "Försvar TT",
    "TT Försvar",
    "militärövning",
    "MILITÄRÖVNING TT",
    "Militärövning i jätteformat hålls 2023",
  ])("takes %s for a label, not a paragraph", (line) => {
    expect(isLabelLine(line, labels)).toBe(true);
  });

  it.each([
    "TT rapporterar att övningen hålls 2023.",
    "Pandemin satte stopp för övningen.",
    "Försvarsministern besökte Gotland i går TT",
    "",
  ])("takes %s for text", (line) => {
    expect(isLabelLine(line, labels)).toBe(false);
  });
});
