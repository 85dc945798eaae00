import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { htmlToBlocks } from "./blocks.ts";

const html = readFileSync(new URL("./fixtures/html/tables.html", import.meta.url), "utf8");
const { blocks, dropped } = htmlToBlocks(html, {
  base: "https://news.example/2026/11/results/",
  slugForUrl: (url) => (url.pathname === "/2026/11/old-town/" ? "old-town-votes" : undefined),
  sizeOf: () => undefined,
  unsized: () => {},
});

describe("tables", () => {
  it("keeps a table with its figure's caption, header row, rows and footer, cells through the paragraph allow-list", () => {
    expect(blocks[0]).toEqual({
      type: "table",
      caption: "Results by ward",
      head: [["Ward", "Votes", "Share"]],
      rows: [
        ["Harbour", "1,204", "<strong>52%</strong>"],
        ['Old Town <a href="/articles/old-town-votes">(map)</a>', "987", "48%"],
        ["Total", "2,191", "100%"],
      ],
    });
  });

  it("takes leading rows of header cells as the head, keeps a cell's blocks as lines and skips empty rows", () => {
    expect(blocks[1]).toEqual({
      type: "table",
      caption: "Tide times",
      head: [["Day", "High"]],
      rows: [
        ["Monday", "06:12<br>18:40"],
        ["Tuesday", "07:01<br>19:22"],
      ],
    });
  });

  it("keeps a table of header cells only as rows, and drops an empty table, saying so", () => {
    expect(blocks[2]).toEqual({ type: "table", head: [], rows: [["Only", "a header"]] });
    expect(blocks).toHaveLength(3);
    expect(dropped).toEqual({ script: 1, "tracking pixel": 1, "empty table": 1 });
  });
});
