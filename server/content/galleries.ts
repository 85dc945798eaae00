/**
 * Pictures shown together: Gutenberg's gallery block (`figure.wp-block-gallery`, or the older
 * `ul.blocks-gallery-grid`), the classic `[gallery]` shortcode's output (`div.gallery` with
 * `dl.gallery-item` or `figure.gallery-item`), Jetpack's tiled gallery, and a run of two or
 * more consecutive figures that hold only a picture.
 */
import type { Block } from "../../contract/schema.ts";
import type { NodeHtml } from "./nodeHtmlTree.ts";
import type { Element } from "./markup.ts";
import { elementChildren, findFirst, hasClass, isElement, MAX_DEPTH, childrenOf, textOf } from "./markup.ts";
import { collapse } from "./text.ts";

const GALLERY_CLASSES = [
  "wp-block-gallery",
  "blocks-gallery-grid",
  "gallery",
  "tiled-gallery",
  "wp-block-jetpack-tiled-gallery",
];
const ITEM_CLASSES = ["gallery-item", "blocks-gallery-item", "tiled-gallery-item", "wp-block-image"];
const CAPTION_CLASSES = ["gallery-caption", "wp-caption-text", "blocks-gallery-item__caption", "wp-element-caption"];

export function isGallery(element: Element): boolean {
  return ["figure", "div", "ul"].includes(element.name) && hasClass(element, ...GALLERY_CLASSES);
}

type GalleryItem = { img: Element; caption?: string };

function isItem(element: Element): boolean {
  return (
    hasClass(element, ...ITEM_CLASSES) ||
    (element.name === "li" && findFirst(element, (e) => e.name === "img") !== undefined)
  );
}

function itemElements(node: NodeHtml, depth = 0): Element[] {
  if (depth > MAX_DEPTH) return [];
  return childrenOf(node).flatMap((child) => {
    if (!isElement(child)) return [];
    return isItem(child) ? [child] : itemElements(child, depth + 1);
  });
}

function captionOf(node: NodeHtml): string | undefined {
  const caption = findFirst(node, (element) => element.name === "figcaption" || hasClass(element, ...CAPTION_CLASSES));
  return caption ? collapse(textOf(caption)) || undefined : undefined;
}

/** The gallery's pictures in order, each with its own caption. */
export function galleryItems(gallery: Element): GalleryItem[] {
  const items = itemElements(gallery);
  const holders = items.length > 0 ? items : [gallery];
  return holders.flatMap((holder) => {
    if (holder === gallery) {
      return findAllImages(gallery).map((img) => ({ img }));
    }
    const img = findFirst(holder, (element) => element.name === "img");
    const caption = captionOf(holder);
    return img ? [{ img, ...(caption && { caption }) }] : [];
  });
}

function findAllImages(node: NodeHtml, depth = 0): Element[] {
  if (depth > MAX_DEPTH) return [];
  return childrenOf(node).flatMap((child) =>
    isElement(child) ? (child.name === "img" ? [child] : findAllImages(child, depth + 1)) : [],
  );
}

/** The caption of the whole gallery: a `figcaption` that is the gallery's own child. */
export function galleryCaption(gallery: Element): string | undefined {
  const caption = elementChildren(gallery, "figcaption")[0];
  return caption ? collapse(textOf(caption)) || undefined : undefined;
}

/** The contract block for a gallery's pictures: a gallery of two or more, one image, or nothing. */
export function galleryBlock(
  images: Extract<Block, { type: "image" }>["image"][],
  caption?: string,
): Block | undefined {
  const [first] = images;
  if (!first) return undefined;
  if (images.length === 1) return { type: "image", image: caption && !first.caption ? { ...first, caption } : first };
  return { type: "gallery", images, ...(caption && { caption }) };
}

/** Runs of two or more consecutive image-only figures, each made one gallery. */
export function groupFigureRuns(blocks: Block[], fromFigures: ReadonlySet<Block>): Block[] {
  const grouped: Block[] = [];
  let run: Extract<Block, { type: "image" }>[] = [];
  const close = () => {
    if (run.length === 1 && run[0]) grouped.push(run[0]);
    else if (run.length > 1) grouped.push({ type: "gallery", images: run.map((block) => block.image) });
    run = [];
  };
  for (const block of blocks) {
    if (block.type === "image" && fromFigures.has(block)) run.push(block);
    else {
      close();
      grouped.push(block);
    }
  }
  close();
  return grouped;
}
