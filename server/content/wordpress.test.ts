import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildSnapshot } from "./snapshot.ts";
import { mapWordPress } from "./wordpress.ts";

const posts: unknown = JSON.parse(readFileSync(new URL("./fixtures/wordpress-posts.json", import.meta.url), "utf8"));
const NOW = Date.parse("2026-11-21T00:00:00Z");

function snapshot(index?: unknown) {
  return buildSnapshot(mapWordPress(posts, { siteUrl: "https://news.example/", index }), { now: () => NOW });
}

function story(slug: string) {
  const found = snapshot().stories.get(slug);
  if (!found) throw new Error(`no story ${slug}`);
  return found;
}

describe("WordPress posts", () => {
  it("transliterates a percent-encoded slug and decodes the title once", () => {
    const lead = story("gangnoqiao");
    expect(lead.headline).toBe("Harbour bridge reopens – and it’s early");
    expect(lead.standfirst).toBe("Commuters get their crossing back & more…");
  });

  it("reads date_gmt as UTC, never the offset-less local date", () => {
    const lead = story("gangnoqiao");
    expect(lead.datePublished).toBe("2026-11-20T14:30:00Z");
    expect(lead.dateModified).toBe("2026-11-20T16:00:00Z");
  });

  it("takes the featured image with its size, caption and sizes as sources", () => {
    expect(story("gangnoqiao").image).toEqual({
      src: "https://news.example/wp-content/uploads/bridge.jpg",
      width: 2400,
      height: 1600,
      alt: "The bridge at dawn",
      caption: "The bridge at dawn & its lights",
      sources: [
        { src: "https://news.example/wp-content/uploads/bridge-300x200.jpg", width: 300, type: "image/jpeg" },
        { src: "https://news.example/wp-content/uploads/bridge-1024x683.jpg", width: 1024, type: "image/jpeg" },
      ],
    });
  });

  it("takes the byline from the embedded author, and none when the user is hidden", () => {
    expect(story("gangnoqiao").byline).toBe("Ana Field");
    expect(story("ferry-goes-electric").byline).toBeUndefined();
  });

  it("takes the section from the primary category, decoded, and ignores Uncategorized", () => {
    expect(story("gangnoqiao").section).toBe("Local & Regional");
    expect(story("market-day").section).toBeUndefined();
  });

  it("maps the body, rewriting a link to a story Dispatch has and dropping scripts and shortcodes", () => {
    expect(story("gangnoqiao").body).toEqual([
      {
        type: "paragraph",
        html: 'The bridge reopened on <strong>Thursday</strong>. The <a href="/articles/ferry-goes-electric">ferry</a> kept running.',
      },
      {
        type: "image",
        image: {
          src: "https://news.example/wp-content/uploads/deck-1024x683.jpg",
          width: 1024,
          height: 683,
          alt: "The new deck",
          caption: "The new deck & rails",
        },
      },
    ]);
  });

  it("relates the same category first, then the same tag, then the latest", () => {
    expect(story("gangnoqiao").related.map((headline) => headline.slug)).toEqual([
      "ferry-goes-electric",
      "market-day",
      "no-date",
      "lantern-walk",
    ]);
  });

  it("dates a post whose date cannot be read when first seen, and leaves out one with an empty body and one that is not a post", () => {
    const { stories, rejected, notes } = snapshot();
    expect([...stories.keys()]).toEqual(["no-date", "gangnoqiao", "ferry-goes-electric", "market-day", "lantern-walk"]);
    expect(story("no-date").datePublished).toBe("2026-11-21T00:00:00Z");
    expect(notes.map((note) => note.key)).toEqual(["undated 104"]);
    expect(rejected.map((entry) => entry.id)).toEqual(["#6", "106"]);
    expect(rejected.find((entry) => entry.id === "106")?.reason).toMatch(/body/);
  });

  it("gives a front page newest first, in the language of the REST index", () => {
    const { frontPage } = snapshot({ name: "News", url: "https://news.example", lang: "de-DE" });
    expect(frontPage.language).toBe("de-DE");
    expect(frontPage.updated).toBe("2026-11-21T00:00:00.000Z");
    expect(frontPage.headlines.map((headline) => headline.slug).slice(0, 2)).toEqual(["no-date", "gangnoqiao"]);
    expect(snapshot().frontPage.language).toBeUndefined();
  });

  it("keeps the way back to the source's post", () => {
    expect(snapshot().origins.get("ferry-goes-electric")).toBe("102");
  });

  it("refuses an answer that is not a list of posts", () => {
    expect(() => mapWordPress({ code: "rest_no_route" }, { siteUrl: "https://news.example/" })).toThrow(/not a list/);
  });
});
