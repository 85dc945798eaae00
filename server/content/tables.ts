/**
 * HTML tables as contract `table` blocks: the caption, header rows (in `thead`, or leading
 * rows of only `th` cells) and the other rows, each cell's inline HTML written by the same
 * allow-list as a paragraph's. Block content inside a cell is kept, one line per block.
 */
import type { Table } from "../../contract/schema.ts";
import type { NodeHtml } from "./nodeHtmlTree.ts";
import type { Element } from "./markup.ts";
import { elementChildren, isElement, textOf } from "./markup.ts";
import { collapse } from "./text.ts";

const BLOCK_IN_CELL = new Set(["p", "div", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre"]);

type InlineWriter = (nodes: readonly NodeHtml[]) => string;

function cellHtml(cell: Element, inline: InlineWriter): string {
  const parts: string[] = [];
  let run: NodeHtml[] = [];
  const flush = () => {
    if (run.length > 0) parts.push(inline(run).trim());
    run = [];
  };
  const visit = (nodes: readonly NodeHtml[]) => {
    for (const node of nodes) {
      if (isElement(node) && BLOCK_IN_CELL.has(node.name)) {
        flush();
        if (node.children.some((child) => isElement(child) && BLOCK_IN_CELL.has(child.name))) visit(node.children);
        else parts.push(inline(node.children).trim());
      } else run.push(node);
    }
  };
  visit(cell.children);
  flush();
  return parts.filter(Boolean).join("<br>");
}

function rowsOf(table: Element): { row: Element; section: string }[] {
  return table.children.flatMap((child) => {
    if (!isElement(child)) return [];
    if (child.name === "tr") return [{ row: child, section: "tbody" }];
    if (["thead", "tbody", "tfoot"].includes(child.name)) {
      return elementChildren(child, "tr").map((row) => ({ row, section: child.name }));
    }
    return [];
  });
}

/** A table block, or undefined when the table has no cell with text. */
export function tableFrom(table: Element, inline: InlineWriter, figureCaption?: string): Table | undefined {
  const head: string[][] = [];
  const rows: string[][] = [];
  const footer: string[][] = [];
  for (const { row, section } of rowsOf(table)) {
    const cells = elementChildren(row, "td", "th");
    const written = cells.map((cell) => cellHtml(cell, inline));
    if (!written.some((cell) => collapse(cell.replace(/<[^>]*>/g, "")) !== "")) continue;
    const allHeader = cells.every((cell) => cell.name === "th");
    if (section === "thead" || (section !== "tfoot" && allHeader && rows.length === 0)) head.push(written);
    else if (section === "tfoot") footer.push(written);
    else rows.push(written);
  }
  rows.push(...footer);
  const captionElement = elementChildren(table, "caption")[0];
  const caption = (captionElement && collapse(textOf(captionElement))) || figureCaption;
  // A table of header cells only is still a table: its rows are its content.
  if (rows.length === 0) rows.push(...head.splice(0));
  if (rows.length === 0) return undefined;
  return { type: "table", ...(caption && { caption }), head, rows };
}
