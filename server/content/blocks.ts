/**
 * A source's article HTML into contract blocks, through a real HTML parser (htmlparser2):
 * paragraphs, headings, quotes, lists and sized images survive; wrappers give their
 * children; scripts, frames, embeds, forms, shortcode leftovers and empty paragraphs go.
 * Paragraph HTML is written back with only the contract's inline tags, so what leaves here
 * is already allow-listed (the app sanitises it again at render).
 */
import type { Block, Image, ImageSource } from "../../contract/schema.ts";
import { escapeHtml } from "../../contract/html.ts";
import { storyPath } from "../../contract/paths.ts";
import { parseHtmlFragment } from "./nodeHtmlTree.ts";
import type { NodeHtml } from "./nodeHtmlTree.ts";
import { collapse } from "./text.ts";

type Element = Extract<NodeHtml, { attribs: Record<string, string> }>;

export type ImageSize = { width: number; height: number };

export type BodyContext = {
  /** The address the HTML came from: relative links and images resolve against it. */
  base: string;
  /** The Dispatch slug of a source story at this address, to link to it here. */
  slugForUrl: (url: URL) => string | undefined;
  /** The size of an image the HTML gives none for, when the server has read it. */
  sizeOf: (src: string) => ImageSize | undefined;
  /** Called for an image with no known size, so the server reads its header once. */
  unsized: (src: string) => void;
};

const DROPPED = new Set([
  "script",
  "style",
  "template",
  "noscript",
  "iframe",
  "object",
  "embed",
  "form",
  "input",
  "button",
  "select",
  "textarea",
  "svg",
  "math",
  "video",
  "audio",
  "canvas",
  "map",
  "head",
  "title",
  "meta",
  "link",
  "table",
  "hr",
]);
const INLINE_KEPT = new Set(["em", "strong", "i", "b"]);
const HEADINGS = new Set(["h1", "h2", "h3", "h4", "h5", "h6"]);
// Leftovers of WordPress shortcodes whose plugin is gone: `[caption id="…"]`, `[gallery]`, `[/embed]`.
const SHORTCODE = /\[\/?(?:caption|gallery|embed|video|audio|playlist|wp_caption|contact-form[\w-]*)\b[^\]]*\]/gi;
const MAX_DEPTH = 32;

function isElement(node: NodeHtml): node is Element {
  return "attribs" in node && "name" in node;
}

function childrenOf(node: NodeHtml): NodeHtml[] {
  return "children" in node ? node.children : [];
}

export function textOf(node: NodeHtml): string {
  if (node.type === "text") return node.data.replace(SHORTCODE, "");
  if (isElement(node) && DROPPED.has(node.name)) return "";
  if (isElement(node) && node.name === "br") return " ";
  return childrenOf(node).map(textOf).join("");
}

/** Tracking pixels (1 × 1, 2 × 2) and site icons are never a story's pictures. */
export function isStoryImage(src: string, size: ImageSize | undefined): boolean {
  if (size && (size.width <= 2 || size.height <= 2)) return false;
  return !/(?:favicon|site-?icon|apple-touch-icon|\/cropped-[^/]*-(?:32x32|180x180|192x192|270x270|512x512)\.)/i.test(
    src,
  );
}

function absoluteUrl(raw: string | undefined, base: string): URL | undefined {
  if (!raw?.trim()) return undefined;
  const url = URL.parse(raw.trim(), base);
  return url && (url.protocol === "http:" || url.protocol === "https:") ? url : undefined;
}

function dimension(raw: string | undefined): number | undefined {
  const value = Number(raw);
  return Number.isInteger(value) && value > 0 && value <= 20_000 ? value : undefined;
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

/** A contract image from an `<img>`, or undefined when it has no size yet or is not a story's picture. */
export function imageFrom(img: Element, context: BodyContext, caption?: string): Image | undefined {
  const url = absoluteUrl(img.attribs.src ?? img.attribs["data-src"], context.base);
  if (!url) return undefined;
  const width = dimension(img.attribs.width);
  const height = dimension(img.attribs.height);
  const size = width && height ? { width, height } : context.sizeOf(url.href);
  if (!isStoryImage(url.href, size)) return undefined;
  if (!size) {
    context.unsized(url.href);
    return undefined;
  }
  const sources = srcsetSources(img.attribs.srcset, context.base);
  return {
    src: url.href,
    width: size.width,
    height: size.height,
    alt: collapse(img.attribs.alt ?? ""),
    ...(caption && { caption }),
    ...(sources.length > 0 && { sources }),
  };
}

function findFirst(node: NodeHtml, name: string, depth = 0): Element | undefined {
  if (depth > MAX_DEPTH) return undefined;
  for (const child of childrenOf(node)) {
    if (isElement(child) && child.name === name) return child;
    const found = findFirst(child, name, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** Inline HTML with only the contract's tags, links resolved and, to stories Dispatch has, rewritten. */
export function inlineHtml(nodes: readonly NodeHtml[], context: BodyContext, depth = 0): string {
  let html = "";
  for (const node of nodes) {
    if (node.type === "text") {
      html += escapeHtml(node.data.replace(SHORTCODE, ""));
      continue;
    }
    if (!isElement(node) || DROPPED.has(node.name)) continue;
    const inner = depth >= MAX_DEPTH ? escapeHtml(textOf(node)) : inlineHtml(node.children, context, depth + 1);
    if (node.name === "br") html += "<br>";
    else if (INLINE_KEPT.has(node.name)) html += inner.trim() ? `<${node.name}>${inner}</${node.name}>` : inner;
    else if (node.name === "a") html += link(node, inner, context);
    else html += inner;
  }
  return html;
}

function link(anchor: Element, inner: string, context: BodyContext): string {
  const raw = anchor.attribs.href?.trim() ?? "";
  if (/^mailto:/i.test(raw)) return `<a href="${escapeHtml(raw)}">${inner}</a>`;
  const url = absoluteUrl(raw, context.base);
  if (!url) return inner;
  const slug = context.slugForUrl(url);
  const href = slug ? storyPath(slug) : url.href;
  return `<a href="${escapeHtml(href)}">${inner}</a>`;
}

function hasText(html: string): boolean {
  return html.replace(/<[^>]*>/g, "").replace(/&nbsp;|[\s\u00a0]/g, "") !== "";
}

/** The blocks of an article's HTML. */
export function htmlToBlocks(html: string, context: BodyContext): Block[] {
  const blocks: Block[] = [];
  let run: NodeHtml[] = [];

  function paragraph(nodes: readonly NodeHtml[]) {
    const html = inlineHtml(nodes, context).trim();
    if (hasText(html)) blocks.push({ type: "paragraph", html });
  }

  function flush() {
    if (run.length > 0) paragraph(run);
    run = [];
  }

  function image(img: Element, caption?: string) {
    const picture = imageFrom(img, context, caption);
    if (picture) blocks.push({ type: "image", image: picture });
  }

  function visit(node: NodeHtml, depth: number) {
    if (!isElement(node)) {
      if (node.type === "text") run.push(node);
      return;
    }
    const { name } = node;
    if (DROPPED.has(name)) return;
    if (name === "br") {
      flush();
      return;
    }
    if (
      INLINE_KEPT.has(name) ||
      name === "a" ||
      name === "span" ||
      name === "small" ||
      name === "sup" ||
      name === "sub"
    ) {
      // A lone picture wrapped in a link is still a picture.
      const img = name === "a" ? findFirst(node, "img") : undefined;
      if (img && !collapse(textOf(node))) {
        flush();
        image(img);
      } else run.push(node);
      return;
    }
    flush();
    if (name === "p") {
      const img = findFirst(node, "img");
      if (img && !collapse(textOf(node))) image(img);
      else paragraph(node.children);
    } else if (HEADINGS.has(name)) {
      const text = collapse(textOf(node));
      if (text) blocks.push({ type: "heading", text });
    } else if (name === "blockquote") {
      quote(node);
    } else if (name === "ul" || name === "ol") {
      const items = node.children
        .filter((child): child is Element => isElement(child) && child.name === "li")
        .map((item) => inlineHtml(item.children, context).trim())
        .filter(hasText);
      if (items.length > 0) blocks.push({ type: "list", ordered: name === "ol", items });
    } else if (name === "figure") {
      const img = findFirst(node, "img");
      const figcaption = findFirst(node, "figcaption");
      const caption = figcaption ? collapse(textOf(figcaption)) : undefined;
      if (img) image(img, caption || undefined);
      else if (depth < MAX_DEPTH) for (const child of node.children) visit(child, depth + 1);
    } else if (name === "img") {
      image(node);
    } else if (name === "pre") {
      paragraph(node.children);
    } else if (depth < MAX_DEPTH) {
      // div, section, Gutenberg's wp-block-* wrappers, article, body, html: their children count.
      for (const child of node.children) visit(child, depth + 1);
      flush();
    }
  }

  function quote(node: Element) {
    const cite = findFirst(node, "cite") ?? findFirst(node, "footer");
    const citeText = cite ? collapse(textOf(cite)) : "";
    const parts = node.children.filter((child) => child !== cite).map((child) => collapse(textOf(child)));
    const text = parts
      .filter(Boolean)
      .join(" ")
      .replace(new RegExp(`\\s*${escapeRegExp(citeText)}$`), "");
    if (text) blocks.push({ type: "quote", text, ...(citeText && { cite: citeText.replace(/^[—–-]\s*/, "") }) });
  }

  for (const node of parseHtmlFragment(html)) visit(node, 0);
  flush();
  return blocks;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
