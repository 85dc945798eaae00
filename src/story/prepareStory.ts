import type { Story } from "../api/index.ts";
import { sanitizeInlineHtml } from "./inlineHtml.ts";
import { richBlocksReady } from "./richBlocks.tsx";

/**
 * Does the story's costly rendering work ahead of time (sanitising its inline HTML, fetching
 * the views of contract 1.2's blocks if it has any), so a story fetched on a hover or a press
 * renders at once when the reader clicks.
 */
export function prepareStory(story: Story): void {
  void richBlocksReady(story);
  for (const block of story.body) {
    if (block.type === "paragraph") sanitizeInlineHtml(block.html);
    else if (block.type === "list") for (const item of block.items) sanitizeInlineHtml(item);
    else if (block.type === "table") for (const cell of [...block.head, ...block.rows].flat()) sanitizeInlineHtml(cell);
  }
}
