import type { Story } from "../api/index.ts";
import { sanitizeInlineHtml } from "./inlineHtml.ts";

/**
 * Does the story's costly rendering work ahead of time (sanitising its inline HTML), so a
 * story fetched on a hover or a press renders at once when the reader clicks.
 */
export function prepareStory(story: Story): void {
  for (const block of story.body) {
    if (block.type === "paragraph") sanitizeInlineHtml(block.html);
    else if (block.type === "list") for (const item of block.items) sanitizeInlineHtml(item);
  }
}
