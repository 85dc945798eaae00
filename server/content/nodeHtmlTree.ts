/**
 * The inline-HTML sanitiser's view of htmlparser2, a parser made for Node: the server's
 * render and the content sources use it, so no DOM emulation is needed at run time.
 * The browser never imports this file; it has DOMParser.
 */
import { parseDocument } from "htmlparser2";
import type { HtmlTree } from "../../contract/htmlTree.ts";

export type NodeHtml = ReturnType<typeof parseDocument>["children"][number];

export function parseHtmlFragment(html: string): NodeHtml[] {
  return parseDocument(html, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true }).children;
}

export const nodeHtmlTree: HtmlTree<NodeHtml> = {
  parse: parseHtmlFragment,
  children: (node) => ("children" in node ? node.children : []),
  text: (node) => (node.type === "text" ? node.data : undefined),
  tag: (node) => ("name" in node && "attribs" in node ? node.name : undefined),
  attribute: (element, name) => ("attribs" in element ? element.attribs[name] : undefined),
};
