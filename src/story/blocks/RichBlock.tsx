import type { Block } from "../../api/index.ts";
import { Embed } from "./Embed.tsx";
import { Gallery } from "./Gallery.tsx";
import { Media } from "./Media.tsx";
import { Table } from "./Table.tsx";

/** The blocks whose views load on demand (contract 1.2's four). */
export type RichBlockData = Extract<Block, { type: "embed" | "gallery" | "table" | "media" }>;

/** Contract 1.2's blocks. This module is a chunk of its own: only a story that has one loads it. */
export function RichBlock({ block }: { block: RichBlockData }) {
  switch (block.type) {
    case "embed":
      return <Embed embed={block} />;
    case "gallery":
      return <Gallery gallery={block} />;
    case "table":
      return <Table table={block} />;
    case "media":
      return <Media media={block} />;
    default:
      return unknownBlock(block);
  }
}

/** A compile error when a block type that loads with this chunk has no case above. */
function unknownBlock(block: never): null {
  return block;
}
