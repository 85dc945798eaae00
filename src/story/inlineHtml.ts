/**
 * The contract's allow-list for inline HTML in paragraphs and list items.
 * Raw HTML is parsed into an inert document (no scripts run, nothing loads), then walked
 * into a small tree that keeps only these tags; React renders the tree, so no API HTML
 * is ever injected as markup.
 */
import type { HtmlTree } from "../../contract/htmlTree.ts";

export type InlineNode =
  | string
  | { tag: "br" }
  | { tag: "em" | "strong" | "i" | "b"; children: InlineNode[] }
  | { tag: "a"; href?: string; external: boolean; children: InlineNode[] };

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

/** Turns inline HTML into the allow-listed tree, reading it through `tree`. */
export function createSanitiser<TNode>(tree: HtmlTree<TNode>): (html: string) => InlineNode[] {
  function walk(node: TNode, depth: number): InlineNode[] {
    const text = tree.text(node);
    if (text !== undefined) return text ? [text] : [];
    const tag = tree.tag(node);
    if (tag === undefined || DROPPED_TAGS.has(tag)) return [];
    if (tag === "br") return [{ tag: "br" }];

    const children = depth >= MAX_DEPTH ? textOf(node) : walkChildren(tree.children(node), depth + 1);
    if (tag === "em" || tag === "strong" || tag === "i" || tag === "b") return [{ tag, children }];
    if (tag === "a") {
      const link = safeHref(tree.attribute(node, "href") ?? "");
      return [{ tag: "a", href: link?.href, external: link?.external ?? false, children }];
    }
    // Any other element is reduced to its content.
    return children;
  }

  function walkChildren(nodes: readonly TNode[], depth: number): InlineNode[] {
    const out: InlineNode[] = [];
    for (const child of nodes) out.push(...walk(child, depth));
    return mergeText(out);
  }

  // Past the depth limit only text is kept, gathered without recursion so no input can overflow the stack.
  function textOf(node: TNode): InlineNode[] {
    let text = "";
    const pending = [...tree.children(node)].reverse();
    for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
      const value = tree.text(next);
      if (value !== undefined) text += value;
      else if (!DROPPED_TAGS.has(tree.tag(next) ?? "script")) pending.push(...[...tree.children(next)].reverse());
    }
    return text ? [text] : [];
  }

  return (html) => walkChildren(tree.parse(html), 0);
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

/** The browser's own parser, read through the sanitiser's interface. */
export const domTree: HtmlTree<Node> = {
  parse(html) {
    inert ??= new DOMParser().parseFromString("", "text/html");
    const template = inert.createElement("template");
    template.innerHTML = html;
    return Array.from(template.content.childNodes);
  },
  children: (node) => Array.from(node.childNodes),
  text: (node) => (node.nodeType === 3 ? (node.textContent ?? "") : undefined),
  tag: (node) => (node.nodeType === 1 ? (node as Element).localName : undefined),
  attribute: (element, name) => (element as Element).getAttribute(name) ?? undefined,
};

let sanitise = createSanitiser(domTree);

/** Where there is no DOMParser (the server's render), the sanitiser reads another parser's tree. */
export function setInlineHtmlTree<TNode>(tree: HtmlTree<TNode>): void {
  sanitise = createSanitiser(tree);
  sanitised.clear();
}

// Strings already sanitised: a story prepared while the reader hovers its link renders
// without parsing again. Cleared when full, which only a very long session reaches.
const sanitised = new Map<string, InlineNode[]>();
const MAX_REMEMBERED = 5000;

/** The allow-listed tree of an inline-HTML string. The result is shared: do not change it. */
export function sanitizeInlineHtml(html: string): InlineNode[] {
  const known = sanitised.get(html);
  if (known) return known;
  const nodes = sanitise(html);
  if (sanitised.size >= MAX_REMEMBERED) sanitised.clear();
  sanitised.set(html, nodes);
  return nodes;
}
