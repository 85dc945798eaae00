import { simpleParser } from "mailparser";
import { describe, expect, it } from "vitest";
import { encodedPart } from "./encodedPart.ts";

const MARK = "%%LINK%%";

function body(raw: string): string {
  const [, encoded = ""] = raw.split("\r\n\r\n");
  return encoded;
}

const decoded = (raw: string) => Buffer.from(body(raw).replaceAll("\r\n", ""), "base64").toString("utf8");

describe("a part encoded once for every recipient", () => {
  // Lengths 0–4 on each side of each mark cover every way a piece can start and end
  // within a group of 3 bytes; "é" and "—" shift the byte count against the character count.
  const pieces = ["", "a", "é", "ab", "abc", "a—b", "<p>Read on</p>\n".repeat(12)];
  const values = ["", "x", "https://news.example/subscriptions/unsubscribe/42.c2lnbmVk", "ü".repeat(101)];

  it("decodes to the template with the value in each mark's place, for every alignment", () => {
    for (const before of pieces)
      for (const between of pieces)
        for (const after of pieces)
          for (const value of values) {
            const template = `${before}${MARK}${between}${MARK}${after}`;
            const part = encodedPart("text/html", template, MARK)(value);
            expect(decoded(part.raw)).toBe(template.replaceAll(MARK, value));
          }
  });

  it("is a template with no mark, or only marks, as well", () => {
    expect(decoded(encodedPart("text/plain", "No link here", MARK)("x").raw)).toBe("No link here");
    expect(decoded(encodedPart("text/plain", MARK + MARK, MARK)("ab").raw)).toBe("abab");
  });

  it("keeps every line within 76 characters of base64, with no empty line", () => {
    const part = encodedPart("text/html", `${"long ".repeat(400)}${MARK}${"tail ".repeat(77)}`, MARK)("v".repeat(500));
    const encodedLines = body(part.raw).split("\r\n");
    for (const line of encodedLines) {
      expect(line.length).toBeGreaterThan(0);
      expect(line.length).toBeLessThanOrEqual(76);
      expect(line).toMatch(/^[A-Za-z0-9+/]+=*$/);
    }
  });

  it("is a MIME part a mail reader decodes, in UTF-8", async () => {
    const part = encodedPart("text/plain", `Grüße — unsubscribe: ${MARK}`, MARK)("https://news.example/u/1");
    const parsed = await simpleParser(`Subject: t\r\nMIME-Version: 1.0\r\n${part.raw}`);
    expect(parsed.text?.trim()).toBe("Grüße — unsubscribe: https://news.example/u/1");
  });
});
