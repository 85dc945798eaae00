import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { Table } from "./Table.tsx";

describe("Table", () => {
  it("puts the table in a focusable region named by its caption, with column headers", async () => {
    const user = userEvent.setup();
    render(
      <Table
        table={{
          type: "table",
          caption: "Men's eights, final",
          head: [["Place", "Crew", "Time"]],
          rows: [
            ["1", "<strong>Port Ellis RC</strong>", "5:48.2"],
            ["2", "Saltmere", "5:51.0"],
          ],
        }}
      />,
    );
    const region = screen.getByRole("region", { name: "Men's eights, final" });
    const table = within(region).getByRole("table", { name: "Men's eights, final" });
    expect(
      within(table)
        .getAllByRole("columnheader")
        .map((cell) => [cell.textContent, cell.getAttribute("scope")]),
    ).toEqual([
      ["Place", "col"],
      ["Crew", "col"],
      ["Time", "col"],
    ]);
    expect(within(table).getByText("Port Ellis RC").tagName).toBe("STRONG");
    expect(within(table).getAllByRole("row")).toHaveLength(3);
    await user.tab();
    expect(region).toHaveFocus();
  });

  it("renders cells through the paragraphs' allow-list", () => {
    const { container } = render(
      <Table
        table={{
          type: "table",
          head: [],
          rows: [
            [
              '<img src=x onerror="alert(1)">Odds',
              '<a href="javascript:alert(1)">x</a> <a href="https://example.org/r">results</a>',
            ],
          ],
        }}
      />,
    );
    expect(container.querySelector("img, [onerror], thead, caption")).toBeNull();
    expect(screen.getByRole("link", { name: "results" })).toHaveAttribute("href", "https://example.org/r");
    expect(screen.getAllByRole("link")).toHaveLength(1);
    expect(screen.getByRole("region", { name: "Table" })).toHaveAttribute("tabindex", "0");
  });
});
