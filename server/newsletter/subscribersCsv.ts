import type { Subscriber } from "../store/index.ts";

const HEADER = ["email", "list", "status", "consent_asked_at", "consent_given_at", "source_page"];

/** RFC 4180 CSV of the subscribers with their consent record, safe to open in a spreadsheet. */
export function subscribersCsv(rows: readonly Subscriber[]): string {
  const lines = [
    HEADER,
    ...rows.map((row) => [
      row.email,
      row.list,
      row.status,
      row.consentAskedAt,
      row.consentGivenAt ?? "",
      row.sourcePage ?? "",
    ]),
  ];
  return lines.map((cells) => `${cells.map(csvCell).join(",")}\r\n`).join("");
}

function csvCell(value: string): string {
  // Spreadsheets run a cell starting with these as a formula; the quote makes it text.
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
