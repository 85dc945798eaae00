/**
 * The little of a parsed HTML tree the sanitiser reads. The browser's DOMParser and Node's
 * htmlparser2 both fit it, so the server renders without a DOM emulation and the browser's
 * bundle carries no parser of its own.
 */
export type HtmlTree<TNode> = {
  /** The top-level nodes of an inline-HTML string, parsed inertly (nothing runs or loads). */
  parse(html: string): readonly TNode[];
  children(node: TNode): readonly TNode[];
  /** The text of a text node; undefined for any other node. */
  text(node: TNode): string | undefined;
  /** The lower-case name of an element; undefined for any other node. */
  tag(node: TNode): string | undefined;
  attribute(element: TNode, name: string): string | undefined;
};
