import type { Block } from "../api/index.ts";
import { ErrorBoundary } from "../ui/ErrorBoundary.tsx";
import { List } from "./blocks/List.tsx";
import { Paragraph } from "./blocks/Paragraph.tsx";
import { Quote } from "./blocks/Quote.tsx";
import { RichBlockView } from "./richBlocks.tsx";
import { StoryFigure } from "./StoryFigure.tsx";

function renderBlock(block: Block, dateline: string | undefined) {
  switch (block.type) {
    case "paragraph":
      return <Paragraph html={block.html} dateline={dateline} />;
    case "heading":
      return <h2>{block.text}</h2>;
    case "quote":
      return <Quote text={block.text} cite={block.cite} />;
    case "image":
      return <StoryFigure image={block.image} />;
    case "list":
      return <List ordered={block.ordered} items={block.items} />;
    case "embed":
    case "gallery":
    case "table":
    case "media":
      return <RichBlockView block={block} />;
    default:
      return unknownBlock(block);
  }
}

/** A compile error when a block type of the contract has no case above. */
function unknownBlock(block: never): null {
  return block;
}

/** The story's blocks; the dateline opens the first paragraph, as wire copy does. */
export function Body({ blocks, dateline }: { blocks: Block[]; dateline?: string }) {
  const firstParagraph = blocks.findIndex((block) => block.type === "paragraph");
  return (
    <div className="story-body">
      {dateline && firstParagraph === -1 && <p className="dateline">{dateline.toUpperCase()}</p>}
      {blocks.map((block, index) => (
        <ErrorBoundary key={index} fallback={null}>
          {renderBlock(block, index === firstParagraph ? dateline : undefined)}
        </ErrorBoundary>
      ))}
    </div>
  );
}
