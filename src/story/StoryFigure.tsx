import type { Image } from "../api/index.ts";
import { Picture } from "../ui/Picture.tsx";

const STORY_WIDTH_SIZES = "(min-width: 48rem) 45rem, 100vw";

/** An image with its caption and credit, as the hero or inside the body. */
export function StoryFigure({ image, priority = false }: { image: Image; priority?: boolean }) {
  const hasCaption = image.caption || image.credit;
  return (
    <figure className="story-figure">
      <Picture image={image} sizes={STORY_WIDTH_SIZES} priority={priority} />
      {hasCaption && (
        <figcaption>
          {image.caption}
          {image.credit && <span className="credit">{image.credit}</span>}
        </figcaption>
      )}
    </figure>
  );
}
