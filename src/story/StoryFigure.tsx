import type { Image } from "../api/index.ts";
import { STORY_FIGURE_SIZES } from "../../contract/pictureSources.ts";
import { Picture } from "../ui/Picture.tsx";

/** An image with its caption and credit, as the hero or inside the body. */
export function StoryFigure({ image, priority = false }: { image: Image; priority?: boolean }) {
  const hasCaption = image.caption || image.credit;
  return (
    <figure className="story-figure">
      <Picture image={image} sizes={STORY_FIGURE_SIZES} priority={priority} />
      {hasCaption && (
        <figcaption>
          {image.caption}
          {image.credit && <span className="credit">{image.credit}</span>}
        </figcaption>
      )}
    </figure>
  );
}
