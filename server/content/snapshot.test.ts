import { describe, expect, it } from "vitest";
import { buildSnapshot } from "./snapshot.ts";
import type { SourceDocument, SourceItem } from "./snapshot.ts";

function item(overrides: Partial<SourceItem>): SourceItem {
  return {
    id: "1",
    slugHint: "Harbour news",
    headline: "Harbour news",
    categories: [],
    tags: [],
    datePublished: "2026-11-20T09:00:00Z",
    bodyHtml: "<p>Text.</p>",
    ...overrides,
  };
}

function document(items: SourceItem[]): SourceDocument {
  return { items, siteUrl: "https://news.example/", rejected: [], related: "neighbours" };
}

describe("buildSnapshot", () => {
  it("gives clashing titles unique slugs, the oldest keeping the plain one whatever arrives later", () => {
    const older = item({ id: "999", datePublished: "2026-11-19T09:00:00Z" });
    const first = buildSnapshot(document([older]));
    expect([...first.stories.keys()]).toEqual(["harbour-news"]);
    const later = buildSnapshot(document([item({ id: "1000" }), older]));
    expect(later.origins.get("harbour-news")).toBe("999");
    expect([...later.stories.keys()].find((slug) => slug !== "harbour-news")).toMatch(/^harbour-news-[0-9a-f]{8}$/);
  });

  it("gives each item the same slug whatever the order it arrives in, as after a restart", () => {
    const items = [item({ id: "a" }), item({ id: "b" }), item({ id: "c", slugHint: "Other" })];
    const slugs = (list: SourceItem[]) => Object.fromEntries(buildSnapshot(document(list)).origins);
    expect(slugs([...items].reverse())).toEqual(slugs(items));
    expect(Object.keys(slugs(items))).toHaveLength(3);
  });

  it("does not repeat the headline when the body opens with it, nor the hero as the first block", () => {
    const snapshot = buildSnapshot(
      document([
        item({
          bodyHtml:
            '<h2>Harbour news</h2><p><img src="https://cdn.example/a.jpg" width="800" height="600" alt="A"></p><p>Text.</p>',
        }),
      ]),
    );
    const story = snapshot.stories.get("harbour-news");
    expect(story?.image?.src).toBe("https://cdn.example/a.jpg");
    expect(story?.body).toEqual([{ type: "paragraph", html: "Text." }]);
  });

  it("fails with a clear message when no item can be shown", () => {
    expect(() => buildSnapshot(document([item({ bodyHtml: "<p> </p><script>x()</script>" })]))).toThrow(
      /no story that can be shown/,
    );
  });
});
