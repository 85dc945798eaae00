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
const ZONES: Record<string, number> = {
  GMT: 0,
  UT: 0,
  UTC: 0,
  Z: 0,
  EST: -5,
  EDT: -4,
  CST: -6,
  CDT: -5,
  MST: -7,
  MDT: -6,
  PST: -8,
  PDT: -7,
};
const RFC_822 =
  /^(?:[a-z]+\s*,\s*)?(\d{1,2})\s+([a-z]+)\.?\s+(\d{2,4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([+-]\d{2}:?\d{2}|[a-z]{1,5})?$/i;

/** RSS dates in the forms feeds really use (full month names, `GMT` or `+0100`, stray spaces), as UTC ISO. */
export function parseRfc822(raw: string): string | undefined {
  const match = RFC_822.exec(raw.trim().replace(/\s+/g, " "));
  if (!match) return parseRfc3339(raw);
  const [, day = "", monthName = "", yearText = "", hour = "", minute = "", second = "0", zone = "GMT"] = match;
  const month = MONTHS.indexOf(monthName.slice(0, 3).toLowerCase());
  if (month < 0) return undefined;
  const year = yearText.length === 2 ? 2000 + Number(yearText) : Number(yearText);
  let offsetMinutes: number;
  if (/^[+-]/.test(zone)) {
    const digits = zone.replace(":", "");
    const sign = digits.startsWith("-") ? -1 : 1;
    offsetMinutes = sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
  } else {
    const hours = ZONES[zone.toUpperCase()];
    if (hours === undefined) return undefined;
    offsetMinutes = hours * 60;
  }
  const utc = Date.UTC(year, month, Number(day), Number(hour), Number(minute), Number(second)) - offsetMinutes * 60_000;
  return validIso(utc, Number(day), Number(hour), Number(minute), Number(second));
}

const RFC_3339 = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

/** An RFC 3339 date-time with an offset (Atom, JSON Feed, ninjs, WordPress `date_gmt` + Z), as UTC ISO. */
export function parseRfc3339(raw: string): string | undefined {
  const text = raw.trim();
  if (!RFC_3339.test(text)) return undefined;
  const time = Date.parse(text.replace(" ", "T").replace(/([+-]\d{2})(\d{2})$/, "$1:$2"));
  return Number.isNaN(time) ? undefined : new Date(time).toISOString().replace(".000Z", "Z");
}

function validIso(time: number, day: number, hour: number, minute: number, second: number): string | undefined {
  if (Number.isNaN(time) || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return undefined;
  return new Date(time).toISOString().replace(".000Z", "Z");
}
