import { type Image, mediaUrl } from "../api/index.ts";

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

function srcset(sources: { src: string; width: number }[]): string {
  return sources.map((source) => `${mediaUrl(source.src)} ${source.width}w`).join(", ");
}

/** A contract Image drawn at its intrinsic aspect ratio, so it never shifts the layout. */
export function Picture({ image, sizes, priority = false, className, decorative = false }: Props) {
  const variants = image.sources ?? [];
  const types = [...new Set(variants.flatMap((source) => (source.type ? [source.type] : [])))];
  const untyped = variants.filter((source) => !source.type);
  return (
    <picture>
      {types.map((type) => (
        <source
          key={type}
          type={type}
          srcSet={srcset(variants.filter((source) => source.type === type))}
          sizes={sizes}
        />
      ))}
      <img
        className={className}
        src={mediaUrl(image.src)}
        srcSet={untyped.length > 0 ? srcset(untyped) : undefined}
        sizes={untyped.length > 0 ? sizes : undefined}
        width={image.width}
        height={image.height}
        alt={decorative ? "" : image.alt}
        loading={priority ? "eager" : "lazy"}
        fetchPriority={priority ? "high" : undefined}
        decoding="async"
      />
    </picture>
  );
}
