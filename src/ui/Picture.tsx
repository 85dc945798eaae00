import { type Image, mediaUrl } from "../api/index.ts";
import { pictureSources } from "../../contract/pictureSources.ts";

type Props = {
  image: Image;
  /** The `sizes` attribute: how wide the image is drawn at each viewport width. */
  sizes: string;
  /** Only the hero is fetched eagerly, at high priority. */
  priority?: boolean;
  className?: string;
  /** Beside a headline that says the same, the picture is decoration. */
  decorative?: boolean;
};

/** A contract Image drawn at its intrinsic aspect ratio, so it never shifts the layout. */
export function Picture({ image, sizes, priority = false, className, decorative = false }: Props) {
  const { typed, img } = pictureSources(image, mediaUrl);
  return (
    <picture>
      {typed.map(({ type, srcset }) => (
        <source key={type} type={type} srcSet={srcset} sizes={sizes} />
      ))}
      <img
        className={className}
        src={img.src}
        srcSet={img.srcset}
        sizes={img.srcset ? sizes : undefined}
        width={image.width}
        height={image.height}
        alt={decorative ? "" : image.alt}
        loading={priority ? "eager" : "lazy"}
        fetchPriority={priority ? "high" : undefined}
        decoding="async"
        // The browser reports when the hero is on screen; the app's code waits for that (src/boot/boot.ts).
        {...(priority ? { elementtiming: "hero" } : {})}
      />
    </picture>
  );
}
