import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { BodyContext } from "./blocks.ts";
import { htmlToBlocks } from "./blocks.ts";

const html = readFileSync(new URL("./fixtures/html/galleries.html", import.meta.url), "utf8");

function blocksWith(sizes: Record<string, { width: number; height: number }> = {}) {
  const unsized: string[] = [];
  const context: BodyContext = {
    base: "https://news.example/2026/11/harbour/",
    slugForUrl: () => undefined,
    sizeOf: (src) => sizes[src],
    unsized: (src) => unsized.push(src),
  };
  return { ...htmlToBlocks(html, context), unsized };
}

describe("galleries", () => {
  const { blocks, unsized, dropped } = blocksWith({
    "https://news.example/wp-content/uploads/gulls.jpg": { width: 900, height: 600 },
  });
  const galleries = blocks.filter((block) => block.type === "gallery");

  it("makes one gallery of each gallery's markup and of a run of picture-only figures", () => {
    expect(blocks.map((block) => block.type)).toEqual([
      "paragraph",
      "gallery",
      "paragraph",
      "gallery",
      "paragraph",
      "gallery",
      "paragraph",
      "gallery",
      "paragraph",
      "gallery",
      "paragraph",
      "image",
      "paragraph",
      "image",
      "paragraph",
      "image",
    ]);
  });

  it("keeps each picture's size, sources and caption, and the gallery's own caption", () => {
    expect(galleries[0]).toEqual({
      type: "gallery",
      caption: "A morning on the quay",
      images: [
        {
          src: "https://news.example/wp-content/uploads/quay-1024x683.jpg",
          width: 1024,
          height: 683,
          alt: "The quay",
          caption: "The quay at dawn",
          sources: [
            { src: "https://news.example/wp-content/uploads/quay-300x200.jpg", width: 300 },
            { src: "https://news.example/wp-content/uploads/quay-1024x683.jpg", width: 1024 },
          ],
        },
        {
          src: "https://news.example/wp-content/uploads/nets-1024x683.jpg",
          width: 1024,
          height: 683,
          alt: "Nets drying",
        },
        { src: "https://news.example/wp-content/uploads/gulls.jpg", width: 900, height: 600, alt: "Gulls" },
      ],
    });
    expect(galleries[1]).toEqual({
      type: "gallery",
      images: [
        { src: "https://cdn.example/a.jpg", width: 800, height: 600, alt: "A", caption: "First" },
        { src: "https://cdn.example/b.jpg", width: 800, height: 600, alt: "B" },
      ],
    });
  });

  it("reads the classic shortcode's items, in both its HTML4 and HTML5 markup", () => {
    expect(galleries[2]).toEqual({
      type: "gallery",
      images: [
        {
          src: "https://news.example/wp-content/uploads/boat-150x150.jpg",
          width: 150,
          height: 150,
          alt: "Boat",
          caption: "The boat",
        },
        { src: "https://news.example/wp-content/uploads/crane-150x150.jpg", width: 150, height: 150, alt: "Crane" },
      ],
    });
    expect(galleries[3]?.type === "gallery" && galleries[3].images.map((image) => image.caption)).toEqual([
      "Rope",
      undefined,
    ]);
  });

  it("groups two or more consecutive picture-only figures, and leaves a lone figure an image", () => {
    expect(galleries[4]?.type === "gallery" && galleries[4].images.map((image) => image.alt)).toEqual([
      "One",
      "Two",
      "Three",
    ]);
    expect(
      blocks
        .slice(11)
        .filter((block) => block.type === "image")
        .map((block) => block.type === "image" && block.image.alt),
    ).toEqual(["Alone", "After", "Only"]);
  });

  it("makes a gallery left with one picture that picture, with the gallery's caption", () => {
    expect(blocks.at(-1)).toEqual({
      type: "image",
      image: { src: "https://cdn.example/only.jpg", width: 640, height: 480, alt: "Only", caption: "Just one" },
    });
    expect(dropped).toEqual({ "tracking pixel": 1 });
  });

  it("asks for the size of a gallery picture the markup gives none for, and shows it once known", () => {
    const first = blocksWith();
    expect(first.unsized).toEqual(["https://news.example/wp-content/uploads/gulls.jpg"]);
    expect(first.blocks[1]?.type === "gallery" && first.blocks[1].images).toHaveLength(2);
    expect(unsized).toEqual([]);
  });
});
