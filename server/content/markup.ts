/** Small reads of a parsed HTML tree (htmlparser2) that the body's mapping rules share. */
import type { NodeHtml } from "./nodeHtmlTree.ts";

export type Element = Extract<NodeHtml, { attribs: Record<string, string> }>;

/** Elements whose content is never the story's text. */
export const NOT_TEXT = new Set([
  "script",
  "style",
  "template",
  "noscript",
  "iframe",
  "object",
  "embed",
  "applet",
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
  "hr",
]);

// Leftovers of WordPress shortcodes whose plugin is gone: `[caption id="…"]`, `[gallery]`, `[/embed]`.
export const SHORTCODE =
  /\[\/?(?:caption|gallery|embed|video|audio|playlist|wp_caption|contact-form[\w-]*)\b[^\]]*\]/gi;

export const MAX_DEPTH = 32;

export function isElement(node: NodeHtml): node is Element {
  return "attribs" in node && "name" in node;
}

export function childrenOf(node: NodeHtml): NodeHtml[] {
  return "children" in node ? node.children : [];
}

export function elementChildren(node: NodeHtml, ...names: string[]): Element[] {
  return childrenOf(node).filter(
    (child): child is Element => isElement(child) && (names.length === 0 || names.includes(child.name)),
  );
}

export function hasClass(element: Element, ...names: string[]): boolean {
  const classes = (element.attribs.class ?? "").split(/\s+/);
  return names.some((name) => classes.includes(name));
}

/** The first class of an element that matches, and its first group: `is-provider-(\w+)` → the provider. */
export function classMatch(element: Element, pattern: RegExp): string | undefined {
  for (const name of (element.attribs.class ?? "").split(/\s+/)) {
    const match = pattern.exec(name);
    if (match) return match[1] ?? match[0];
  }
  return undefined;
}

export function findFirst(node: NodeHtml, test: (element: Element) => boolean, depth = 0): Element | undefined {
  if (depth > MAX_DEPTH) return undefined;
  for (const child of childrenOf(node)) {
    if (isElement(child) && test(child)) return child;
    const found = findFirst(child, test, depth + 1);
    if (found) return found;
  }
  return undefined;
}

export function findAll(node: NodeHtml, test: (element: Element) => boolean, depth = 0): Element[] {
  if (depth > MAX_DEPTH) return [];
  return childrenOf(node).flatMap((child) => [
    ...(isElement(child) && test(child) ? [child] : []),
    ...findAll(child, test, depth + 1),
  ]);
}

export const named =
  (...names: string[]) =>
  (element: Element): boolean =>
    names.includes(element.name);

export function textOf(node: NodeHtml, depth = 0): string {
  if (node.type === "text") return node.data.replace(SHORTCODE, "");
  if (isElement(node) && NOT_TEXT.has(node.name)) return "";
  if (isElement(node) && node.name === "br") return " ";
  if (depth > MAX_DEPTH * 4) return "";
  return childrenOf(node)
    .map((child) => textOf(child, depth + 1))
    .join("");
}

/** An http(s) address, resolved against `base`; anything else (javascript:, data:) is undefined. */
export function absoluteUrl(raw: string | undefined, base: string): URL | undefined {
  if (!raw?.trim()) return undefined;
  const url = URL.parse(raw.trim(), base);
  return url && (url.protocol === "http:" || url.protocol === "https:") ? url : undefined;
}

export function dimension(raw: string | undefined): number | undefined {
  const value = Number(raw);
  return Number.isInteger(value) && value > 0 && value <= 20_000 ? value : undefined;
}

/** The host without `www.`, for comparing a link with a site. */
export function siteHost(url: URL): string {
  return url.hostname.toLowerCase().replace(/^www\./, "");
}
