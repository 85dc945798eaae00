import { describe, expect, it } from "vitest";
import type { Subscriber } from "../store/index.ts";
import { subscribersCsv } from "./subscribersCsv.ts";

const HEADER = "email,list,status,consent_asked_at,consent_given_at,source_page\r\n";

function row(email: string, list = "daily-headlines"): Subscriber {
  return {
    id: 1,
    email,
    emailNormalized: email.toLowerCase(),
    list,
    status: "confirmed",
    consentAskedAt: "2026-11-20T09:30:00.000Z",
    consentGivenAt: "2026-11-20T09:35:00.000Z",
    sourcePage: "/articles/harbour",
    createdAt: "2026-11-20T09:30:00.000Z",
  };
}

describe("subscribersCsv", () => {
  it("writes a header and one CRLF-terminated line per subscriber, with the consent record", () => {
    expect(subscribersCsv([row("Reader@Example.com")])).toBe(
      `${HEADER}Reader@Example.com,daily-headlines,confirmed,2026-11-20T09:30:00.000Z,2026-11-20T09:35:00.000Z,/articles/harbour\r\n`,
    );
  });

  it("leaves consent given and source page empty when there are none", () => {
    const pending = { ...row("new@example.com"), status: "pending" as const, consentGivenAt: null, sourcePage: null };
    expect(subscribersCsv([pending]).split("\r\n")[1]).toBe(
      "new@example.com,daily-headlines,pending,2026-11-20T09:30:00.000Z,,",
    );
  });

  it("writes only the header when there are no rows", () => {
    expect(subscribersCsv([])).toBe(HEADER);
  });

  it("quotes cells with commas, quotes and line breaks (RFC 4180)", () => {
    const csv = subscribersCsv([row('"odd,one"@example.com', "a\nb")]);
    expect(csv.split("\r\n")[1]?.startsWith('"""odd,one""@example.com","a\nb",confirmed,')).toBe(true);
  });

  it.each(["=", "+", "-", "@", "\t", "\r"])("neutralises a cell starting with %j", (start) => {
    const line = subscribersCsv([row(`${start}cmd@example.com`)]).split("\r\n")[1] ?? "";
    const cell = start === "\r" ? `"'\rcmd@example.com"` : `'${start}cmd@example.com`;
    expect(line.startsWith(`${cell},`)).toBe(true);
  });
});
