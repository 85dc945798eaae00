import { describe, expect, it } from "vitest";
import type { SubscriptionRow } from "./signups.ts";
import { subscribersCsv } from "./subscribersCsv.ts";

function row(email: string, list = "daily-headlines"): SubscriptionRow {
  return {
    id: 1,
    email,
    email_normalized: email.toLowerCase(),
    list,
    created_at: "2026-11-20T09:30:00.000Z",
  };
}

describe("subscribersCsv", () => {
  it("writes a header and one CRLF-terminated line per row", () => {
    expect(subscribersCsv([row("Reader@Example.com")])).toBe(
      "email,list,subscribed_at\r\nReader@Example.com,daily-headlines,2026-11-20T09:30:00.000Z\r\n",
    );
  });

  it("writes only the header when there are no rows", () => {
    expect(subscribersCsv([])).toBe("email,list,subscribed_at\r\n");
  });

  it("quotes cells with commas, quotes and line breaks (RFC 4180)", () => {
    const csv = subscribersCsv([row('"odd,one"@example.com', "a\nb")]);
    expect(csv.split("\r\n")[1]).toBe('"""odd,one""@example.com","a\nb",2026-11-20T09:30:00.000Z');
  });

  it.each(["=", "+", "-", "@", "\t", "\r"])("neutralises a cell starting with %j", (start) => {
    const line = subscribersCsv([row(`${start}cmd@example.com`)]).split("\r\n")[1] ?? "";
    const cell = start === "\r" ? `"'\rcmd@example.com"` : `'${start}cmd@example.com`;
    expect(line.startsWith(`${cell},`)).toBe(true);
  });
});
