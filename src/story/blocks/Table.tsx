import { useId } from "react";
import type { Table as TableBlock } from "../../api/index.ts";
import { InlineHtml } from "../InlineHtml.tsx";

/**
 * A table of text. A table wider than the screen scrolls inside its own region, never the
 * page; the region is named by the caption and takes focus, so a keyboard can scroll it too.
 */
export function Table({ table }: { table: TableBlock }) {
  const captionId = useId();
  const name = table.caption ? { "aria-labelledby": captionId } : { "aria-label": "Table" };
  return (
    // A named section is a region.
    // biome-ignore lint/a11y/noNoninteractiveTabindex: it takes focus so that a keyboard can scroll it (WCAG 2.1.1).
    <section className="table-scroll" tabIndex={0} {...name}>
      <table>
        {table.caption && <caption id={captionId}>{table.caption}</caption>}
        {table.head.length > 0 && (
          <thead>
            {table.head.map((row, rowIndex) => (
              <tr key={rowIndex}>
                {row.map((cell, cellIndex) => (
                  <th key={cellIndex} scope="col">
                    <InlineHtml html={cell} />
                  </th>
                ))}
              </tr>
            ))}
          </thead>
        )}
        <tbody>
          {table.rows.map((row, rowIndex) => (
            <tr key={rowIndex}>
              {row.map((cell, cellIndex) => (
                <td key={cellIndex}>
                  <InlineHtml html={cell} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
