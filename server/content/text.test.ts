import { describe, expect, it } from "vitest";
import { isValidSlug } from "../../contract/slug.ts";
import { dateReader, decodeText, htmlToText, parseRfc3339, parseRfc822, readDate, slugify } from "./text.ts";

describe("slugify", () => {
  it("keeps a Latin slug and hyphenates a title", () => {
    expect(slugify("harbour-bridge-reopens")).toBe("harbour-bridge-reopens");
    expect(slugify("Harbour Bridge: Reopens (at last!)")).toBe("harbour-bridge-reopens-at-last");
  });

  it("percent-decodes and transliterates WordPress's encoded non-Latin slugs", () => {
    expect(slugify("%e6%97%a5%e6%9c%ac%e8%aa%9e")).toBe("ribenyu");
    expect(slugify("%d0%bc%d0%be%d1%81%d0%ba%d0%b2%d0%b0-%d0%bd%d0%be%d0%b2%d0%be%d1%81%d1%82%d0%b8")).toBe(
      "moskva-novosti",
    );
    expect(slugify("Militärövning i jätteformat")).toBe("militarovning-i-jatteformat");
  });

  it("drops apostrophes rather than splitting words, and survives a stray percent sign", () => {
    expect(slugify("Don’t panic")).toBe("dont-panic");
    expect(slugify("100% rise")).toBe("100-rise");
  });

  it("cuts a long title at a word, within the contract's length", () => {
    const slug = slugify("word ".repeat(60));
    expect(isValidSlug(slug)).toBe(true);
    expect(slug.endsWith("word")).toBe(true);
  });

  it("is empty when nothing can be spelled in ASCII", () => {
    expect(slugify("!!!")).toBe("");
  });
});

describe("entities", () => {
  it("decodes a rendered title exactly once", () => {
    expect(htmlToText("Bar &amp; Baz")).toBe("Bar & Baz");
    expect(htmlToText("Don&#8217;t stop")).toBe("Don’t stop");
    expect(htmlToText("Bar &amp;amp; Baz")).toBe("Bar &amp; Baz");
    expect(htmlToText("<em>Big</em> news<script>x()</script>")).toBe("Big news");
  });

  it("decodes a plain-text field once", () => {
    expect(decodeText("Fish &amp; chips")).toBe("Fish & chips");
    expect(decodeText("  spaced\n out  ")).toBe("spaced out");
  });
});

describe("parseRfc822", () => {
  it.each([
    ["Tue, 10 Jun 2025 04:00:00 GMT", "2025-06-10T04:00:00Z"],
    ["Tue, 10 Jun 2025 05:00:00 +0100", "2025-06-10T04:00:00Z"],
    ["Tuesday, 10 June 2025 04:00:00 GMT", "2025-06-10T04:00:00Z"],
    ["  Tue,  10   Jun 2025  04:00 GMT ", "2025-06-10T04:00:00Z"],
    ["10 Jun 25 00:00:00 EDT", "2025-06-10T04:00:00Z"],
    ["Tue, 10 Jun 2025 04:00:00", "2025-06-10T04:00:00Z"],
    ["2025-06-10T06:00:00+02:00", "2025-06-10T04:00:00Z"],
    ["Tue, 10 Jun 2025 00:00:00 EST", "2025-06-10T05:00:00Z"],
    ["Tue, 10 Jun 2025 04:00:00 PDT", "2025-06-10T11:00:00Z"],
    ["Tue, 10 Jun 2025 04:00:00 UT", "2025-06-10T04:00:00Z"],
    ["Tue, 10 Jun 2025 04:00:00 +0000", "2025-06-10T04:00:00Z"],
    ["Tue, 10 Jun 2025 04:00:00 +0000 (UTC)", "2025-06-10T04:00:00Z"],
    ["Tue, 10 Jun 2025 04:00:00 Z", "2025-06-10T04:00:00Z"],
    // Military letters are read as UTC (RFC 2822 §4.3: RFC 822 wrote their signs backwards).
    ["Tue, 10 Jun 2025 04:00:00 Q", "2025-06-10T04:00:00Z"],
    ["Tue, 10-Jun-2025 04:00:00 GMT", "2025-06-10T04:00:00Z"],
  ])("reads %s", (raw, iso) => {
    expect(parseRfc822(raw)).toBe(iso);
  });

  it.each([
    "yesterday",
    "Tue, 10 Smarch 2025 04:00:00 GMT",
    "Tue, 40 Jun 2025 04:00:00 GMT",
    "Tue, 31 Feb 2025 04:00:00 GMT",
  ])("refuses %s", (raw) => {
    expect(parseRfc822(raw)).toBeUndefined();
  });
});

describe("readDate", () => {
  it.each([
    ["2022-07-26 13:01:01", "2022-07-26T13:01:01Z"],
    ["2022-07-26T13:01:01", "2022-07-26T13:01:01Z"],
    ["2022-07-26T13:01", "2022-07-26T13:01:00Z"],
    ["2022-07-26", "2022-07-26T00:00:00Z"],
    ["Tue, 10 Jun 2025 04:00:00", "2025-06-10T04:00:00Z"],
    ["Tue, 10 Jun 2025 04:00:00 XYZ", "2025-06-10T04:00:00Z"],
  ])("reads %s, which has no zone it can know, as UTC and says so", (raw, iso) => {
    expect(readDate(raw)).toEqual({ iso, zoneless: true });
  });

  it.each([
    ["2022-07-26 13:01:01+02:00", "2022-07-26T11:01:01Z"],
    ["2022-07-26 13:01:01 +0200", "2022-07-26T11:01:01Z"],
    ["2022-07-26T13:01:01Z", "2022-07-26T13:01:01Z"],
    ["2022-07-26 13:01:01 UTC", "2022-07-26T13:01:01Z"],
  ])("reads %s with its zone", (raw, iso) => {
    expect(readDate(raw)).toEqual({ iso, zoneless: false });
  });

  it("reports the first date without a zone once for a whole source", () => {
    const dates = dateReader();
    expect(["2022-07-26 13:01:01", "2022-07-27 09:00:00", "2022-07-28T10:00:00Z", "never"].map(dates.read)).toEqual([
      "2022-07-26T13:01:01Z",
      "2022-07-27T09:00:00Z",
      "2022-07-28T10:00:00Z",
      undefined,
    ]);
    expect(dates.note()).toEqual([
      {
        key: "dates without a zone",
        message: 'dates without a time zone (such as "2022-07-26 13:01:01") are read as UTC',
      },
    ]);
    expect(dateReader().note()).toEqual([]);
  });
});

describe("parseRfc3339", () => {
  it("reads offsets and fractions as UTC", () => {
    expect(parseRfc3339("2021-05-26T13:40:18+02:00")).toBe("2021-05-26T11:40:18Z");
    expect(parseRfc3339("2021-05-26T11:40:18.250Z")).toBe("2021-05-26T11:40:18.250Z");
  });

  it("refuses a date without an offset or a date that does not exist", () => {
    expect(parseRfc3339("2021-05-26T13:40:18")).toBeUndefined();
    expect(parseRfc3339("2021-13-45T13:40:18Z")).toBeUndefined();
  });
});
