import { use } from "react";
import type { Story } from "../api/index.ts";
import { loadOnce } from "../api/loadOnce.ts";
// Types only: the views themselves stay in their own chunk, imported below on demand.
import type { RichBlockData } from "./blocks/RichBlock.tsx";

type Views = typeof import("./blocks/RichBlock.tsx");

const views = loadOnce(() => import("./blocks/RichBlock.tsx"));

/**
 * Loads the views once. A story page's critical JavaScript holds only the five blocks every
 * story uses; a story with one of these fetches them as the app starts (src/app/main.tsx), or as
 * soon as a reader shows intent to open it (prepareStory). The server's render loads them
 * before it renders anything (src/app/render.tsx), so its HTML holds every block whole.
 */
export function loadRichBlocks(): Promise<Views> {
  return views.load();
}

function hasRichBlocks(story: Pick<Story, "body">): boolean {
  return story.body.some(
    (block) => block.type === "embed" || block.type === "gallery" || block.type === "table" || block.type === "media",
  );
}

/**
 * Settles once the story's blocks can all be drawn: at once for a story without contract 1.2's
 * blocks, else when their views have loaded or failed to (the failure is logged; each such
 * block then tries again as it renders, and is left out if it still cannot).
 */
export function richBlocksReady(story: Pick<Story, "body">): Promise<void> {
  if (views.loaded() || !hasRichBlocks(story)) return Promise.resolve();
  return loadRichBlocks().then(
    () => undefined,
    (error: unknown) =>
      console.warn("The views of the story's embeds, galleries, tables or media did not load:", error),
  );
}

/**
 * One of those blocks. Until its views have arrived it suspends: while hydrating, React keeps
 * the server's HTML of the enclosing boundary in place (no fallback, nothing moves) and
 * hydrates it once they are in.
 */
export function RichBlockView({ block }: { block: RichBlockData }) {
  const { RichBlock } = views.loaded() ?? use(loadRichBlocks());
  return <RichBlock block={block} />;
}
