/**
 * The contract's allow-list for inline HTML in paragraphs and list items.
 * Raw HTML is parsed into an inert document (no scripts run, nothing loads), then walked
 * into a small tree that keeps only these tags; React renders the tree, so no API HTML
 * is ever injected as markup.
 */
export type InlineNode =
  | string
  | { tag: "br" }
  | { tag: "em" | "strong" | "i" | "b"; children: InlineNode[] }
  | { tag: "a"; href?: string; external: boolean; children: InlineNode[] };

const FORMATTING_TAGS = new Set(["em", "strong", "i", "b"]);
const LINK_SCHEMES = new Set(["http:", "https:", "mailto:"]);
// Elements whose text is not prose: dropped whole rather than reduced to text.
const DROPPED_TAGS = new Set(["script", "style", "template", "noscript", "iframe", "object", "svg", "math"]);
const MAX_DEPTH = 32;

/** Returns the href to keep, or undefined when its scheme is not allowed. */
export function safeHref(raw: string): { href: string; external: boolean } | undefined {
  let url: URL;
  try {
    url = new URL(raw.trim(), "https://dispatch.invalid/");
  } catch {
    return undefined;
  }
  if (!LINK_SCHEMES.has(url.protocol)) return undefined;
  if (url.hostname === "dispatch.invalid") {
    // A relative link: keep it relative, it stays on the reader's site.
    return { href: url.pathname + url.search + url.hash, external: false };
  }
  return { href: url.href, external: url.protocol !== "mailto:" };
}

function walk(node: Node, depth: number): InlineNode[] {
  if (node.nodeType === 3 /* text */) return node.textContent ? [node.textContent] : [];
  if (node.nodeType !== 1 /* element */) return [];
  const element = node as Element;
  const tag = element.localName;
  if (DROPPED_TAGS.has(tag)) return [];
  if (tag === "br") return [{ tag: "br" }];

  const children = depth >= MAX_DEPTH ? textOf(element) : walkChildren(element, depth + 1);
  if (FORMATTING_TAGS.has(tag)) {
    return [{ tag: tag as "em" | "strong" | "i" | "b", children }];
  }
  if (tag === "a") {
    const link = safeHref(element.getAttribute("href") ?? "");
    return [{ tag: "a", href: link?.href, external: link?.external ?? false, children }];
  }
  // Any other element is reduced to its content.
  return children;
}

function walkChildren(parent: Node, depth: number): InlineNode[] {
  const nodes: InlineNode[] = [];
  for (const child of Array.from(parent.childNodes)) nodes.push(...walk(child, depth));
  return mergeText(nodes);
}

function textOf(element: Element): InlineNode[] {
  return element.textContent ? [element.textContent] : [];
}

function mergeText(nodes: InlineNode[]): InlineNode[] {
  const merged: InlineNode[] = [];
  for (const node of nodes) {
    const last = merged[merged.length - 1];
    if (typeof node === "string" && typeof last === "string") merged[merged.length - 1] = last + node;
    else merged.push(node);
  }
  return merged;
}

// One inert document (made by DOMParser, so it has no browsing context: nothing in it runs
// or loads), reused for every string: a new document per paragraph costs more than the parse.
let inert: Document | undefined;

// Strings already sanitised: a story prepared while the reader hovers its link renders
// without parsing again. Cleared when full, which only a very long session reaches.
const sanitised = new Map<string, InlineNode[]>();
const MAX_REMEMBERED = 5000;

/** The allow-listed tree of an inline-HTML string. The result is shared: do not change it. */
export function sanitizeInlineHtml(html: string): InlineNode[] {
  const known = sanitised.get(html);
  if (known) return known;
  inert ??= new DOMParser().parseFromString("", "text/html");
  const template = inert.createElement("template");
  template.innerHTML = html;
  const nodes = walkChildren(template.content, 0);
  if (sanitised.size >= MAX_REMEMBERED) sanitised.clear();
  sanitised.set(html, nodes);
  return nodes;
}
