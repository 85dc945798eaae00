import { Fragment, type ReactNode, useMemo } from "react";
import { type InlineNode, sanitizeInlineHtml } from "./inlineHtml.ts";

// Nodes have no identity beyond their place in a string that never reorders: the index is the key.
function render(nodes: InlineNode[]): ReactNode[] {
  return nodes.map((node, key) => {
    if (typeof node === "string") return <Fragment key={key}>{node}</Fragment>;
    if (node.tag === "br") return <br key={key} />;
    if (node.tag !== "a") {
      const Tag = node.tag;
      return <Tag key={key}>{render(node.children)}</Tag>;
    }
    if (!node.href) return <Fragment key={key}>{render(node.children)}</Fragment>;
    return node.external ? (
      <a key={key} href={node.href} target="_blank" rel="noopener noreferrer">
        {render(node.children)}
      </a>
    ) : (
      <a key={key} href={node.href}>
        {render(node.children)}
      </a>
    );
  });
}

/** Renders a contract inline-HTML string through the allow-list. */
export function InlineHtml({ html }: { html: string }) {
  const nodes = useMemo(() => sanitizeInlineHtml(html), [html]);
  return <>{render(nodes)}</>;
}
