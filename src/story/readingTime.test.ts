import { describe, expect, it } from "vitest";
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

  it("does not count punctuation as words", () => {
    expect(countWords("One — two, three … !")).toBe(3);
  });
});
