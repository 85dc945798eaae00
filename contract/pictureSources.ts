/**
 * Which files a contract Image offers the browser, as `<picture>` does: one `<source>` per
 * type, in the order the types first appear, then the `<img>` with the untyped variants. The
 * app's Picture draws them; the boot script preloads the hero from them before the app runs.
 */

/** One file of an image: the contract's ImageSource. */
export type Variant = { src: string; width: number; type?: string };
/** What pictureSources needs of a contract Image. */
export type Offered = { src: string; sources?: readonly Variant[] };

/**
 * The contract's rule for an image address: a path on the API's origin or an absolute http(s)
 * URL; anything else (javascript:, data:, protocol-relative tricks) is refused. Browsers read a
 * backslash as a slash and drop tabs and line breaks, so `/\host` or `/<tab>/host` is `//host`,
 * another host: an address with any of them is refused too.
 */
export function isImageAddress(src: string): boolean {
  if (/[\\\t\n\r]/.test(src)) return false;
  return /^\/(?!\/)/.test(src) || /^https?:\/\//i.test(src);
}

export type PictureSources = {
  typed: { type: string; srcset: string }[];
  img: { src: string; srcset: string | undefined };
};

/** How wide a story's figure is drawn at each viewport width. */
export const STORY_FIGURE_SIZES = "(min-width: 48rem) 45rem, 100vw";

export function pictureSources(image: Offered, resolve: (src: string) => string): PictureSources {
  const variants = image.sources ?? [];
  const srcset = (chosen: readonly Variant[]) =>
    chosen.map((variant) => `${resolve(variant.src)} ${variant.width}w`).join(", ");
  const types = [...new Set(variants.flatMap((variant) => (variant.type ? [variant.type] : [])))];
  const untyped = variants.filter((variant) => !variant.type);
  return {
    typed: types.map((type) => ({ type, srcset: srcset(variants.filter((variant) => variant.type === type)) })),
    img: { src: resolve(image.src), srcset: untyped.length > 0 ? srcset(untyped) : undefined },
  };
}
