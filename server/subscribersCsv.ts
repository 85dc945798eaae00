import type { SubscriptionRow } from "./signups.ts";

/** RFC 4180 CSV of the subscriptions, safe to open in a spreadsheet. */
export function subscribersCsv(rows: readonly SubscriptionRow[]): string {
  const lines = [["email", "list", "subscribed_at"], ...rows.map((row) => [row.email, row.list, row.created_at])];
  return lines.map((cells) => `${cells.map(csvCell).join(",")}\r\n`).join("");
}

function csvCell(value: string): string {
  // Spreadsheets run a cell starting with these as a formula; the quote makes it text.
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
