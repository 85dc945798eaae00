import type { Block } from "../api/index.ts";

/** Adult silent reading of non-fiction runs at about 238 words a minute (Brysbaert, 2019). */
const WORDS_PER_MINUTE = 238;

function blockText(block: Block): string {
  switch (block.type) {
    case "paragraph":
      return block.html.replace(/<[^>]*>/g, " ");
    case "heading":
      return block.text;
    case "quote":
      return `${block.text} ${block.cite ?? ""}`;
    case "image":
      return block.image.caption ?? "";
    case "list":
      return block.items.join(" ").replace(/<[^>]*>/g, " ");
    case "embed":
      return `${block.title ?? ""} ${block.text ?? ""}`;
    case "gallery":
      return [block.caption, ...block.images.map((image) => image.caption)].join(" ");
    case "table":
      return [...block.head, ...block.rows]
        .flat()
        .join(" ")
        .replace(/<[^>]*>/g, " ");
    case "media":
      return block.title ?? "";
  }
}

export function countWords(text: string): number {
  return text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
}

/** Whole minutes to read the body, never less than one. */
export function readingMinutes(blocks: Block[]): number {
  const words = blocks.reduce((total, block) => total + countWords(blockText(block)), 0);
  return Math.max(1, Math.round(words / WORDS_PER_MINUTE));
}
