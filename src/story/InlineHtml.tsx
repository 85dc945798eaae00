import { Fragment, type ReactNode, useMemo } from "react";
import { type InlineNode, sanitizeInlineHtml } from "./inlineHtml.ts";

function render(nodes: InlineNode[]): ReactNode[] {
  return nodes.map((node, index) => {
    const key = index;
    if (typeof node === "string") return <Fragment key={key}>{node}</Fragment>;
    switch (node.tag) {
      case "br":
        return <br key={key} />;
      case "a":
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
      case "em":
        return <em key={key}>{render(node.children)}</em>;
      case "strong":
        return <strong key={key}>{render(node.children)}</strong>;
      case "i":
        return <i key={key}>{render(node.children)}</i>;
      case "b":
        return <b key={key}>{render(node.children)}</b>;
    }
  });
}

/** Renders a contract inline-HTML string through the allow-list. */
export function InlineHtml({ html }: { html: string }) {
  const nodes = useMemo(() => sanitizeInlineHtml(html), [html]);
  return <>{render(nodes)}</>;
}
