import { describe, expect, it } from "vitest";
import type { Block } from "../api/index.ts";
import { countWords, readingMinutes } from "./readingTime.ts";

const words = (count: number) => Array.from({ length: count }, (_, index) => `word${index}`).join(" ");

describe("readingMinutes", () => {
  it("is at least one minute", () => {
    expect(readingMinutes([{ type: "heading", text: "Short" }])).toBe(1);
  });

  it("counts words across every kind of block, ignoring markup", () => {
    expect(
      readingMinutes([
        { type: "paragraph", html: `<em>${words(500)}</em>` },
        { type: "list", ordered: false, items: [words(300), `<a href="https://x.org">${words(200)}</a>`] },
        { type: "quote", text: words(190), cite: "A" },
        { type: "image", image: { src: "/a.jpg", width: 1, height: 1, alt: "", caption: words(2) } },
      ]),
    ).toBe(5);
  });

  // 357 words read in 1.5 minutes, which rounds to 2: any part left uncounted makes it 1.
  it.each<[string, Block]>([
    [
      "a post's title and text",
      { type: "embed", provider: "x", url: "https://x.com/a/1", title: words(7), text: words(350) },
    ],
    [
      "a gallery's caption and its images'",
      {
        type: "gallery",
        caption: words(7),
        images: [
          { src: "/a.jpg", width: 1, height: 1, alt: "", caption: words(300) },
          { src: "/b.jpg", width: 1, height: 1, alt: "", caption: words(50) },
        ],
      },
    ],
    [
      "a table's header and cells",
      { type: "table", head: [[words(7)]], rows: [[`<em>${words(300)}</em>`, words(50)]] },
    ],
    [
      "a media file's title",
      {
        type: "media",
        kind: "audio",
        sources: [{ src: "/a.mp3", type: "audio/mpeg" }],
        title: words(357),
        captions: [],
      },
    ],
  ])("counts %s", (_, block) => {
    expect(readingMinutes([block])).toBe(2);
  });

  it("does not count punctuation as words", () => {
    expect(countWords("One — two, three … !")).toBe(3);
  });
});
