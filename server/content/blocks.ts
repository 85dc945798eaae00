/**
 * A source's article HTML into contract blocks, through a real HTML parser (htmlparser2):
 * paragraphs, headings, quotes, lists, tables and sized images survive; galleries, posts of
 * other platforms and video or audio files become blocks of their own; wrappers give their
 * children. Scripts, forms, share buttons, tracking pixels, "read more" links back to the
 * story and feed footers go, and each is counted in the `dropped` tally returned beside the
 * blocks. Paragraph HTML is written back with only the contract's inline tags, so what
 * leaves here is already allow-listed (the app sanitises it again at render).
 */
import type { Block, Image, ImageSource } from "../../contract/schema.ts";
import { escapeHtml } from "../../contract/html.ts";
import { storyPath } from "../../contract/paths.ts";
import { parseHtmlFragment } from "./nodeHtmlTree.ts";
import type { NodeHtml } from "./nodeHtmlTree.ts";
import {
  isFeedFooter,
  isReadMoreText,
  isShareAddress,
  isShareContainer,
  isShareMailto,
  isTrackingImage,
} from "./boilerplate.ts";
import { drop } from "./dropped.ts";
import type { DropReason, Dropped } from "./dropped.ts";
import { embedFromFrame, embedFromGutenberg, embedFromQuote, isEmbedQuote, isGutenbergEmbed } from "./embeds.ts";
import { galleryBlock, galleryCaption, galleryItems, groupFigureRuns, isGallery } from "./galleries.ts";
import type { Element } from "./markup.ts";
import {
  absoluteUrl,
  dimension,
  findAll,
  findFirst,
  hasClass,
  isElement,
  MAX_DEPTH,
  NOT_TEXT,
  named,
  SHORTCODE,
  textOf,
} from "./markup.ts";
import { mediaFromElement } from "./media.ts";
import { tableFrom } from "./tables.ts";
import { collapse, htmlToText } from "./text.ts";

export type ImageSize = { width: number; height: number };

export type BodyContext = {
  /** The address the HTML came from: relative links and images resolve against it. */
  base: string;
  /** The Dispatch slug of another source story whose own page is at this address, to link to it here. */
  slugForUrl: (url: URL) => string | undefined;
  /** Whether an address is this story's own page at its source: a link there is no link. */
  isOwnPage?: (url: URL) => boolean;
  /** The size of an image the HTML gives none for, when the server has read it. */
  sizeOf: (src: string) => ImageSize | undefined;
  /** Called for an image with no known size, so the server reads its header once. */
  unsized: (src: string) => void;
};

export type Body = { blocks: Block[]; dropped: Dropped };

/** A body context and the tally the rules count into while they walk. */
type Walk = BodyContext & { dropped: Dropped };

const INLINE = new Set([
  "em",
  "strong",
  "i",
  "b",
  "a",
  "span",
  "small",
  "sup",
  "sub",
  "code",
  "kbd",
  "samp",
  "var",
  "abbr",
  "acronym",
  "mark",
  "time",
  "cite",
  "q",
  "u",
  "s",
  "del",
  "ins",
  "dfn",
  "font",
  "bdi",
  "bdo",
  "data",
  "label",
  "wbr",
]);
const INLINE_KEPT = new Set(["em", "strong", "i", "b"]);
const HEADINGS = new Set(["h1", "h2", "h3", "h4", "h5", "h6"]);
// What a removed element was, for the tally; elements not named here (styles, a page's head) are not content.
const REMOVED: Partial<Record<string, DropReason>> = {
  script: "script",
  iframe: "frame",
  form: "form",
  object: "plugin",
  embed: "plugin",
  applet: "plugin",
  svg: "drawing",
  canvas: "drawing",
  math: "drawing",
};
const CREDIT_CLASSES = [
  "byline",
  "credit",
  "credits",
  "photo-credit",
  "image-credit",
  "wp-caption-credit",
  "media-credit",
];
// Elements inside a paragraph that are blocks of their own: the paragraph is then read as a wrapper.
const BLOCK_MAKERS = new Set(["iframe", "video", "audio", "table", "blockquote", "figure", "img", "ul", "ol"]);

/** Tracking pixels (1 × 1, 2 × 2) and site icons are never a story's pictures. */
export function isStoryImage(src: string, size: ImageSize | undefined): boolean {
  return notPictureReason(src, size) === undefined;
}

function notPictureReason(src: string, size: ImageSize | undefined): DropReason | undefined {
  const url = URL.parse(src);
  if ((url && isTrackingImage(url)) || (size && (size.width <= 2 || size.height <= 2))) return "tracking pixel";
  if (
    /(?:favicon|site-?icon|apple-touch-icon|\/cropped-[^/]*-(?:32x32|180x180|192x192|270x270|512x512)\.)/i.test(src)
  ) {
    return "site icon";
  }
  return undefined;
}

/** An emoji WordPress or a theme swapped for a picture: its `alt` is the character. */
function isEmojiImage(img: Element): boolean {
  return (
    hasClass(img, "wp-smiley", "emoji") ||
    (/\/(?:images\/core\/emoji|emoji)\//.test(img.attribs.src ?? "") && (img.attribs.alt ?? "").length <= 8)
  );
}

/** `a.jpg 300w, b.jpg 1024w` as contract image sources; descriptors other than widths are skipped. */
function srcsetSources(srcset: string | undefined, base: string): ImageSource[] {
  if (!srcset) return [];
  return srcset.split(",").flatMap((candidate) => {
    const [raw, descriptor = ""] = candidate.trim().split(/\s+/);
    const url = absoluteUrl(raw, base);
    const width = /^(\d+)w$/.exec(descriptor)?.[1];
    return url && width && dimension(width) ? [{ src: url.href, width: Number(width) }] : [];
  });
}

type Picture = { kind: "image"; image: Image } | { kind: "unsized" } | { kind: "not a picture" };

/** What an `<img>` is: a sized picture, a picture whose size is still to be read, or not a story's picture. */
function pictureOf(img: Element, walk: Walk, caption?: string, credit?: string): Picture {
  const url = absoluteUrl(img.attribs.src ?? img.attribs["data-src"] ?? img.attribs["data-lazy-src"], walk.base);
  if (!url) return { kind: "not a picture" };
  const width = dimension(img.attribs.width);
  const height = dimension(img.attribs.height);
  const size = width && height ? { width, height } : walk.sizeOf(url.href);
  const reason = notPictureReason(url.href, size);
  if (reason) {
    drop(walk.dropped, reason);
    return { kind: "not a picture" };
  }
  if (!size) {
    walk.unsized(url.href);
    drop(walk.dropped, "unsized image");
    return { kind: "unsized" };
  }
  const sources = srcsetSources(img.attribs.srcset, walk.base);
  return {
    kind: "image",
    image: {
      src: url.href,
      width: size.width,
      height: size.height,
      alt: collapse(img.attribs.alt ?? ""),
      ...(caption && { caption }),
      ...(credit && { credit }),
      ...(sources.length > 0 && { sources }),
    },
  };
}

/** A sized image for a poster or thumbnail the HTML names only by address. */
function posterImage(src: string, walk: Walk): Image | undefined {
  const size = walk.sizeOf(src);
  if (!size) {
    walk.unsized(src);
    return undefined;
  }
  return isStoryImage(src, size) ? { src, width: size.width, height: size.height, alt: "" } : undefined;
}

function noteRemoved(element: Element, walk: Walk): void {
  const reason = REMOVED[element.name];
  if (reason) drop(walk.dropped, reason);
}

/** Inline HTML with only the contract's tags, links resolved and, to stories Dispatch has, rewritten. */
function inlineHtml(nodes: readonly NodeHtml[], walk: Walk, depth = 0): string {
  let html = "";
  for (const node of nodes) {
    if (node.type === "text") {
      const text = node.data.replace(SHORTCODE, "");
      if (text !== node.data) drop(walk.dropped, "shortcode");
      html += escapeHtml(text);
      continue;
    }
    if (!isElement(node)) continue;
    if (NOT_TEXT.has(node.name)) {
      noteRemoved(node, walk);
      continue;
    }
    if (node.name === "img") {
      if (isEmojiImage(node)) html += escapeHtml(node.attribs.alt ?? "");
      else pictureOf(node, walk);
      continue;
    }
    if (isShareContainer(node)) {
      drop(walk.dropped, "share link", Math.max(1, findAll(node, named("a")).length));
      continue;
    }
    const inner = depth >= MAX_DEPTH ? escapeHtml(textOf(node)) : inlineHtml(node.children, walk, depth + 1);
    if (node.name === "br") html += "<br>";
    else if (node.name === "a" && isTweetPictureLink(node)) drop(walk.dropped, "tweet picture link");
    else if (INLINE_KEPT.has(node.name)) html += inner.trim() ? `<${node.name}>${inner}</${node.name}>` : inner;
    else if (node.name === "a") html += link(node, inner, walk);
    else html += inner;
  }
  return html;
}

/** `pic.twitter.com/…`: where an X embed's script would show the post's picture; without it, a bare address. */
function isTweetPictureLink(anchor: Element): boolean {
  return /^\s*pic\.(?:twitter|x)\.com\//i.test(textOf(anchor));
}

/**
 * A post's words left when a feed strips an X embed's blockquote but keeps its `<p lang dir>`
 * (as the Guardian's feeds do): shown as a quotation, not as the story's own paragraph.
 */
function isTweetText(paragraph: Element): boolean {
  return (
    paragraph.attribs.lang !== undefined &&
    paragraph.attribs.dir !== undefined &&
    findFirst(
      paragraph,
      (element) =>
        element.name === "a" && (isTweetPictureLink(element) || /^https?:\/\/t\.co\//.test(element.attribs.href ?? "")),
    ) !== undefined
  );
}

function isShareLink(anchor: Element, walk: Walk): boolean {
  const raw = anchor.attribs.href?.trim() ?? "";
  const url = absoluteUrl(raw, walk.base);
  return isShareMailto(raw) || (url !== undefined && isShareAddress(url));
}

function link(anchor: Element, inner: string, walk: Walk): string {
  const raw = anchor.attribs.href?.trim() ?? "";
  if (isShareLink(anchor, walk)) {
    drop(walk.dropped, "share link");
    return "";
  }
  if (/^mailto:/i.test(raw)) return `<a href="${escapeHtml(raw)}">${inner}</a>`;
  const url = absoluteUrl(raw, walk.base);
  if (!url) return inner;
  if (walk.isOwnPage?.(url)) {
    // "Continue reading…" back to the story itself goes; any other words stay, as text.
    if (isReadMoreText(textOf(anchor))) {
      drop(walk.dropped, "read-more link");
      return "";
    }
    drop(walk.dropped, "link to itself");
    return inner;
  }
  const slug = walk.slugForUrl(url);
  const href = slug ? storyPath(slug) : url.href;
  return `<a href="${escapeHtml(href)}">${inner}</a>`;
}

/** Whether written inline HTML has words: letters, digits or emoji, not only punctuation left by a removed link. */
function hasWords(html: string): boolean {
  return /[\p{L}\p{N}\p{Extended_Pictographic}]/u.test(html.replace(/<[^>]*>/g, "").replace(/&[a-z]+;|&#\d+;/gi, ""));
}

/** The blocks of an article's HTML, and what was left out of them. */
export function htmlToBlocks(html: string, context: BodyContext): Body {
  const walk: Walk = { ...context, dropped: {} };
  const blocks: Block[] = [];
  const fromFigures = new Set<Block>();
  let run: NodeHtml[] = [];

  function paragraph(nodes: readonly NodeHtml[]) {
    if (isFeedFooter(collapse(nodes.map((node) => textOf(node)).join("")))) {
      drop(walk.dropped, "feed footer");
      return;
    }
    const sharesBefore = walk.dropped["share link"] ?? 0;
    const written = inlineHtml(nodes, walk).trim();
    if (!hasWords(written)) return;
    // "Share:" or "Teilen" left alone once its buttons are gone is no paragraph.
    const sharing = (walk.dropped["share link"] ?? 0) > sharesBefore;
    if (sharing && /^[\p{L}\s]{0,30}:?$/u.test(htmlToText(written))) return;
    blocks.push({ type: "paragraph", html: written });
  }

  function flush() {
    if (run.length > 0) paragraph(run);
    run = [];
  }

  function push(block: Block | undefined) {
    if (!block) return;
    flush();
    blocks.push(block);
  }

  function image(img: Element, caption?: string, credit?: string): Block | undefined {
    const picture = pictureOf(img, walk, caption, credit);
    if (picture.kind !== "image") return undefined;
    const block: Block = { type: "image", image: picture.image };
    push(block);
    return block;
  }

  function media(element: Element, title?: string) {
    const block = mediaFromElement(element, walk.base, {
      ...(title && { title }),
      poster: (src) => posterImage(src, walk),
    });
    if (block) push(block);
    else drop(walk.dropped, "unplayable media");
  }

  function gallery(element: Element) {
    const images = galleryItems(element).flatMap(({ img, caption }) => {
      const picture = pictureOf(img, walk, caption);
      return picture.kind === "image" ? [picture.image] : [];
    });
    push(galleryBlock(images, galleryCaption(element)));
  }

  function table(element: Element, caption?: string) {
    const block = tableFrom(element, (nodes) => inlineHtml(nodes, walk), caption);
    if (block) push(block);
    else drop(walk.dropped, "empty table");
  }

  function captionText(node: Element): string | undefined {
    const caption = findFirst(node, (element) => element.name === "figcaption" || hasClass(element, "wp-caption-text"));
    return caption ? collapse(textOf(caption)) || undefined : undefined;
  }

  function figure(node: Element, depth: number) {
    if (isGutenbergEmbed(node)) {
      const embed = embedFromGutenberg(node, walk.base);
      if (embed) {
        dropScripts(node);
        return push(embed);
      }
    }
    const caption = captionText(node);
    const tableElement = findFirst(node, named("table"));
    if (tableElement) return table(tableElement, caption);
    const player = findFirst(node, named("video", "audio"));
    if (player) return media(player, caption);
    const quote = findFirst(node, named("blockquote"));
    if (quote && !isEmbedQuote(quote)) return blockquote(quote, caption);
    const img = findFirst(node, named("img"));
    if (img) {
      const creditElement = findFirst(node, (element) => hasClass(element, ...CREDIT_CLASSES));
      const credit = creditElement ? collapse(textOf(creditElement)) || undefined : undefined;
      const block = image(img, caption, credit);
      // Only a figure of nothing but its picture, caption and credit joins a run of figures as a gallery.
      const rest = [caption, credit].reduce<string>(
        (text, part) => (part ? text.replace(part, "") : text),
        collapse(textOf(node)),
      );
      if (block && !rest.trim()) fromFigures.add(block);
      return;
    }
    if (depth < MAX_DEPTH) for (const child of node.children) visit(child, depth + 1);
    flush();
  }

  /** A Gutenberg or oEmbed embed's script is dropped with it, and counted. */
  function dropScripts(node: Element) {
    drop(walk.dropped, "script", findAll(node, named("script")).length);
  }

  function blockquote(node: Element, figureCite?: string) {
    if (isEmbedQuote(node)) {
      const embed = embedFromQuote(node, walk.base);
      if (embed) push(embed);
      else drop(walk.dropped, "embed without address");
      return;
    }
    const cite = findFirst(node, named("cite", "footer"));
    const citeText = figureCite ?? (cite ? collapse(textOf(cite)) : "");
    const parts = node.children.filter((child) => child !== cite).map((child) => collapse(textOf(child)));
    const text = parts
      .filter(Boolean)
      .join(" ")
      .replace(new RegExp(`\\s*${escapeRegExp(citeText)}$`), "");
    if (text) push({ type: "quote", text, ...(citeText && { cite: citeText.replace(/^[—–-]\s*/, "") }) });
  }

  function visit(node: NodeHtml, depth: number) {
    if (!isElement(node)) {
      if (node.type === "text") run.push(node);
      return;
    }
    const { name } = node;
    if (isShareContainer(node)) {
      drop(walk.dropped, "share link", Math.max(1, findAll(node, named("a")).length));
      return;
    }
    if (name === "iframe") {
      const embed = embedFromFrame(node, walk.base);
      if (embed) push(embed);
      else drop(walk.dropped, "frame");
      return;
    }
    if (name === "video" || name === "audio") return media(node);
    if (NOT_TEXT.has(name)) return noteRemoved(node, walk);
    if (name === "br") return flush();
    if (name === "img") {
      if (isEmojiImage(node)) return void run.push(node);
      const picture = pictureOf(node, walk);
      // A pixel inside a sentence leaves the sentence whole; a picture, even one still to be sized, ends it.
      if (picture.kind === "not a picture") return;
      flush();
      if (picture.kind === "image") blocks.push({ type: "image", image: picture.image });
      return;
    }
    if (name === "a" && isShareLink(node, walk)) {
      drop(walk.dropped, "share link");
      return;
    }
    if (INLINE.has(name)) {
      // A lone picture wrapped in a link is still a picture.
      const img = name === "a" ? findFirst(node, named("img")) : undefined;
      if (img && !collapse(textOf(node)) && !isEmojiImage(img)) {
        flush();
        image(img);
      } else run.push(node);
      return;
    }
    flush();
    if (name === "p" && isTweetText(node)) {
      const text = collapse(htmlToText(inlineHtml(node.children, walk)));
      if (text) push({ type: "quote", text });
    } else if (name === "p") {
      const blockInside = findFirst(node, (element) => BLOCK_MAKERS.has(element.name) && !isEmojiImage(element));
      if (!blockInside) paragraph(node.children);
      else if (depth < MAX_DEPTH) for (const child of node.children) visit(child, depth + 1);
    } else if (HEADINGS.has(name)) {
      const text = collapse(textOf(node));
      if (text) push({ type: "heading", text });
    } else if (name === "blockquote") {
      blockquote(node);
    } else if (name === "ul" || name === "ol") {
      if (isGallery(node)) return gallery(node);
      const items = node.children
        .filter((child): child is Element => isElement(child) && child.name === "li")
        .map((item) => inlineHtml(item.children, walk).trim())
        .filter(hasWords);
      if (items.length > 0) push({ type: "list", ordered: name === "ol", items });
    } else if (name === "table") {
      table(node);
    } else if (isGallery(node)) {
      gallery(node);
    } else if (name === "figure" || (name === "div" && hasClass(node, "wp-caption"))) {
      figure(node, depth);
    } else if (name === "pre") {
      paragraph(node.children);
    } else if (depth < MAX_DEPTH) {
      // div, section, Gutenberg's wp-block-* wrappers, article, body, html: their children count.
      for (const child of node.children) visit(child, depth + 1);
    }
    flush();
  }

  for (const node of parseHtmlFragment(html)) visit(node, 0);
  flush();
  return { blocks: groupFigureRuns(blocks, fromFigures), dropped: walk.dropped };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
