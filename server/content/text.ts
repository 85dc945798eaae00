/** Plain-text rules every source shares: entities, slugs and dates. */
import { createHash } from "node:crypto";
import anyAscii from "any-ascii";
import { decodeHTML } from "entities";
import { escapeHtml } from "../../contract/html.ts";
import { MAX_SLUG_LENGTH } from "../../contract/slug.ts";
import { parseHtmlFragment } from "./nodeHtmlTree.ts";
import type { NodeHtml } from "./nodeHtmlTree.ts";

/** Text of an HTML string (a WordPress title, a caption): tags dropped, entities decoded once. */
export function htmlToText(html: string): string {
  let text = "";
  const pending: NodeHtml[] = [...parseHtmlFragment(html)].reverse();
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    if (node.type === "text") text += node.data;
    else if ("name" in node && (node.name === "script" || node.name === "style")) continue;
    else if ("name" in node && node.name === "br") text += " ";
    else if ("children" in node) pending.push(...[...node.children].reverse());
  }
  return collapse(text);
}

/** A plain-text field that some sources fill with entities (`&#8217;`): decoded once. */
/** Plain-text paragraphs as a body's inline HTML: each escaped, in a <p> of its own; empty ones dropped. */
export function paragraphsHtml(paragraphs: readonly string[]): string {
  return paragraphs
    .filter(Boolean)
    .map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`)
    .join("");
}

export function decodeText(text: string): string {
  return collapse(decodeHTML(text));
}

export function collapse(text: string): string {
  return text.replace(/[\s\u00a0]+/g, " ").trim();
}

export function shortHash(value: string): string {
  return createHash("sha256").update(value).digest("hex").slice(0, 8);
}

/**
 * A contract slug from the source's own slug or title: percent-decoded (WordPress encodes
 * non-Latin slugs), transliterated to ASCII, hyphenated, cut at a word. Empty when nothing is left.
 */
export function slugify(raw: string): string {
  let decoded = raw;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    // A stray % is text, not an escape: keep the raw string.
  }
  const words = anyAscii(decoded)
    .toLowerCase()
    .replace(/['’]/g, "")
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  let slug = "";
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word;
    if (next.length > MAX_SLUG_LENGTH - 9) break;
    slug = next;
  }
  return slug || (words[0] ?? "").slice(0, MAX_SLUG_LENGTH - 9);
}

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
// Zone names feeds really write, in hours from UTC. Ambiguous ones (IST, CST of China) are left out: read as UTC.
const ZONES: Record<string, number> = {
  GMT: 0,
  UT: 0,
  UTC: 0,
  Z: 0,
  WET: 0,
  BST: 1,
  WEST: 1,
  CET: 1,
  MET: 1,
  CEST: 2,
  MEST: 2,
  EET: 2,
  EEST: 3,
  MSK: 3,
  EST: -5,
  EDT: -4,
  CST: -6,
  CDT: -5,
  MST: -7,
  MDT: -6,
  PST: -8,
  PDT: -7,
  AST: -4,
  ADT: -3,
  NST: -3.5,
  NDT: -2.5,
  AKST: -9,
  AKDT: -8,
  HST: -10,
  HKT: 8,
  SGT: 8,
  AWST: 8,
  JST: 9,
  KST: 9,
  ACST: 9.5,
  ACDT: 10.5,
  AEST: 10,
  AEDT: 11,
  NZST: 12,
  NZDT: 13,
};
const RFC_822 =
  /^(?:[a-z]+\.?\s*,?\s*)?(\d{1,2})[\s-]+([a-z]+)\.?[\s-]+(\d{2,4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([+-]\d{2}:?\d{2}|[a-z]{1,5})?$/i;
const RFC_3339 =
  /^(\d{4})-(\d{2})-(\d{2})(?:(?:T|\s+)(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?|UTC|GMT)?$/i;

/** A date as read: UTC ISO, and whether the source gave no zone (or one no one can read), so UTC was assumed. */
export type ReadDate = { iso: string; zoneless: boolean };

/**
 * A feed's date in the forms real feeds write: RFC 3339 with or without `T`, seconds or a
 * zone, and RFC 822 with full names, odd zones (`EST`, `UT`, military letters, `+0000`) and
 * stray spaces. A date with no zone, or a zone name that cannot be known, is read as UTC and
 * says so; one that is no date at all is undefined.
 */
export function readDate(raw: string): ReadDate | undefined {
  // A trailing comment, as in `+0000 (UTC)`, is not part of the date.
  const text = raw
    .trim()
    .replace(/\s*\([^)]*\)$/, "")
    .replace(/\s+/g, " ");
  const iso = RFC_3339.exec(text);
  if (iso) {
    const [, year = "", month = "", day = "", hour = "0", minute = "0", second = "0", fraction = "", zone] = iso;
    return fromParts(
      { year: Number(year), month: Number(month) - 1, day: Number(day), hour, minute, second, fraction },
      zone,
    );
  }
  const match = RFC_822.exec(text);
  if (!match) return undefined;
  const [, day = "", monthName = "", yearText = "", hour = "", minute = "", second = "0", zone] = match;
  const month = MONTHS.indexOf(monthName.slice(0, 3).toLowerCase());
  if (month < 0) return undefined;
  const year = yearText.length === 2 ? 2000 + Number(yearText) : Number(yearText);
  return fromParts({ year, month, day: Number(day), hour, minute, second, fraction: "" }, zone);
}

type DateParts = {
  year: number;
  month: number;
  day: number;
  hour: string;
  minute: string;
  second: string;
  fraction: string;
};

function zoneOffsetMinutes(zone: string | undefined): number | undefined {
  if (zone === undefined) return undefined;
  if (/^[+-]/.test(zone)) {
    const digits = zone.replace(":", "").padEnd(5, "0");
    const sign = digits.startsWith("-") ? -1 : 1;
    return sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
  }
  const name = zone.toUpperCase();
  const hours = ZONES[name];
  if (hours !== undefined) return hours * 60;
  // Military letters: RFC 2822 §4.3 says to take them as UTC, their signs having been written backwards.
  return /^[A-IK-Z]$/.test(name) ? 0 : undefined;
}

function fromParts(parts: DateParts, zone: string | undefined): ReadDate | undefined {
  const { year, month, day } = parts;
  const [hour, minute, second] = [Number(parts.hour), Number(parts.minute), Number(parts.second)];
  if (month < 0 || month > 11 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return undefined;
  const offset = zoneOffsetMinutes(zone);
  const milliseconds = parts.fraction ? Math.round(Number(`0${parts.fraction}`) * 1000) : 0;
  const time = Date.UTC(year, month, day, hour, minute, second, milliseconds) - (offset ?? 0) * 60_000;
  // Date.UTC rolls 31 February over into March: a day that does not exist is no date.
  if (Number.isNaN(time) || new Date(Date.UTC(year, month, day)).getUTCDate() !== day) return undefined;
  return { iso: new Date(time).toISOString().replace(".000Z", "Z"), zoneless: offset === undefined };
}

/** RSS dates as UTC ISO (see `readDate`); undefined when there is no date to read. */
export function parseRfc822(raw: string): string | undefined {
  return readDate(raw)?.iso;
}

const STRICT_RFC_3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

/** A strict RFC 3339 date-time with an offset (WordPress `date_gmt` + Z), as UTC ISO. */
export function parseRfc3339(raw: string): string | undefined {
  const text = raw.trim();
  return STRICT_RFC_3339.test(text) ? readDate(text)?.iso : undefined;
}

/** Something an operator should know about a source, logged once: `key` says when it is the same thing again. */
export type SourceNote = { key: string; message: string };

/**
 * Reads an adapter's dates one by one, remembering the first that had no zone, so the
 * source's log says once that its dates are read as UTC rather than once per item.
 */
export function dateReader(): { read(raw: string | undefined): string | undefined; note(): SourceNote[] } {
  let zoneless: string | undefined;
  return {
    read(raw) {
      if (!raw?.trim()) return undefined;
      const date = readDate(raw);
      if (date?.zoneless) zoneless ??= raw.trim();
      return date?.iso;
    },
    note: () =>
      zoneless
        ? [
            {
              key: "dates without a zone",
              message: `dates without a time zone (such as "${zoneless}") are read as UTC`,
            },
          ]
        : [],
  };
}
