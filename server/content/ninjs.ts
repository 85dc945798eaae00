/**
 * IPTC ninjs items (2.x lower-case fields or 3.x camelCase, read either way) into source
 * items: the agency's own fields give the wire story's dateline (`located`), source
 * (`infosource`), copyright (`copyrightnotice`) and distribution (`usageterms`).
 */
import type { SourceDocument, SourceImage, SourceItem } from "./snapshot.ts";
import { field, list, number, record, string } from "./read.ts";
import type { Json } from "./read.ts";
import { decodeText, paragraphsHtml, parseRfc3339 } from "./text.ts";

export type NinjsVersion = "2" | "3";

/** 3.x renamed fields to camelCase; an item with any of them is read as 3.x. */
export function ninjsVersion(item: Json): NinjsVersion {
  const standard = string(record(item.standard)?.version) ?? string(item.$schema) ?? "";
  if (/(?:^|\/|ninjs-)3\./.test(standard)) return "3";
  if (/(?:^|\/|ninjs-)[12]\./.test(standard)) return "2";
  return ["versionCreated", "firstCreated", "contentCreated", "copyrightNotice", "usageTerms", "altIds"].some(
    (name) => name in item,
  )
    ? "3"
    : "2";
}

// Fields 3.x renamed; 2.x spells them in lower case. The detected version's spelling is read first.
const RENAMED: Record<string, string> = {
  firstcreated: "firstCreated",
  versioncreated: "versionCreated",
  contentcreated: "contentCreated",
  copyrightnotice: "copyrightNotice",
  copyrightholder: "copyrightHolder",
  usageterms: "usageTerms",
  infosource: "infoSources",
  contenttype: "contentType",
};

function read(object: Json | undefined, version: NinjsVersion, ...names: string[]): unknown {
  const spellings = names.flatMap((name) => {
    const renamed = RENAMED[name] ?? name;
    return version === "3" ? [renamed, name] : [name, renamed];
  });
  return field(object, ...spellings);
}

function valued(value: unknown, role?: string): string | undefined {
  const entries = list(value).map(record);
  const chosen = (role && entries.find((entry) => entry?.role === role)) || entries[0];
  return string(chosen?.value);
}

function names(value: unknown): string[] {
  if (typeof value === "string") return value.trim() ? [value.trim()] : [];
  return list(value).flatMap((entry) => {
    const name = string(record(entry)?.name) ?? string(entry);
    return name ? [decodeText(name)] : [];
  });
}

function bodyHtml(item: Json, version: NinjsVersion): string | undefined {
  const html = string(field(item, "body_html"));
  if (html) return html;
  const bodies = list(item.bodies).map(record);
  const htmlBody = bodies.find((body) =>
    /html/.test(string(read(body, version, "contenttype")) ?? string(body?.role) ?? ""),
  );
  if (htmlBody) return string(htmlBody.value);
  const text = string(field(item, "body_text")) ?? string(bodies[0]?.value);
  return text ? plainToHtml(text) : undefined;
}

function plainToHtml(text: string): string {
  return paragraphsHtml(text.split(/\n+/).map((line) => line.trim()));
}

function picture(item: Json, version: NinjsVersion): SourceImage | undefined {
  const associations = record(item.associations)
    ? Object.values(record(item.associations) ?? {})
    : list(item.associations);
  for (const association of associations.map(record)) {
    if (association?.type !== "picture") continue;
    const rawRenditions = association.renditions;
    const renditions = (
      record(rawRenditions) ? Object.values(record(rawRenditions) ?? {}) : list(rawRenditions)
    ).flatMap((entry) => {
      const rendition = record(entry);
      const href = string(rendition?.href);
      const width = number(rendition?.width);
      const height = number(rendition?.height);
      const type = string(read(rendition, version, "mimetype", "contenttype"));
      return href && width && height ? [{ href, width, height, type }] : [];
    });
    // A story page needs a screen-sized picture, not the agency's print original.
    const fitting = renditions.filter((entry) => entry.width <= 2400).sort((a, b) => b.width - a.width)[0];
    const best = fitting ?? renditions.sort((a, b) => a.width - b.width)[0];
    if (!best) continue;
    const caption = decodeText(
      string(field(association, "description_text")) ??
        valued(association.descriptions) ??
        string(association.headline) ??
        "",
    );
    const credit = decodeText(string(field(association, "by", "byline")) ?? "");
    return {
      src: best.href,
      width: best.width,
      height: best.height,
      alt: caption,
      ...(caption && { caption }),
      ...(credit && { credit }),
    };
  }
  return undefined;
}

function ninjsItem(item: Json, index: number): SourceItem | undefined {
  const version = ninjsVersion(item);
  const headline = decodeText(string(item.headline) ?? valued(item.headlines, "main") ?? "");
  const id = string(item.uri) ?? string(item.guid) ?? `item-${index + 1}`;
  if (!headline) return undefined;
  const summary =
    string(field(item, "description_html")) ?? string(field(item, "description_text")) ?? valued(item.descriptions);
  const body = bodyHtml(item, version);
  const date = string(read(item, version, "firstcreated", "contentcreated", "versioncreated"));
  const modified = string(read(item, version, "versioncreated"));
  const located = string(item.located) ?? names(field(item, "located")).join(", ");
  const subjects = names(field(item, "subject", "subjects"));
  const genres = names(item.genres);
  return {
    id,
    slugHint: headline,
    url: string(field(item, "uri"))?.startsWith("http") ? string(item.uri) : undefined,
    headline,
    standfirst: body && summary ? decodeText(summary.replace(/<[^>]*>/g, " ")) : undefined,
    categories: [...genres, ...subjects],
    tags: names(item.places),
    datePublished: date ? parseRfc3339(date) : undefined,
    dateModified: modified ? parseRfc3339(modified) : undefined,
    byline: decodeText(string(item.by) ?? names(item.people).join(", ")) || undefined,
    dateline: located || undefined,
    source:
      names(read(item, version, "infosource", "infosources")).join(", ") ||
      string(read(item, version, "copyrightholder")),
    copyright: string(read(item, version, "copyrightnotice")),
    distribution: string(read(item, version, "usageterms")),
    language: string(item.language),
    image: picture(item, version),
    bodyHtml: body,
    summaryHtml: summary && !/<[a-z]/i.test(summary) ? plainToHtml(summary) : summary,
  };
}

/** Items from a ninjs answer: one item, an array of items or `{ "items": [...] }`. */
export function mapNinjs(value: unknown, options: { siteUrl: string }): SourceDocument {
  const items = Array.isArray(value)
    ? value
    : record(value)?.items !== undefined
      ? list(record(value)?.items)
      : [value];
  const document: SourceDocument = { items: [], siteUrl: options.siteUrl, rejected: [], related: "neighbours" };
  for (const [index, entry] of items.entries()) {
    const item = record(entry);
    const type = string(item?.type) ?? "text";
    if (!item || (type !== "text" && type !== "composite")) {
      document.rejected.push({ id: `item ${index + 1}`, reason: `it is not a text item (type ${type})` });
      continue;
    }
    const mapped = ninjsItem(item, index);
    if (mapped) document.items.push(mapped);
    else document.rejected.push({ id: string(item.uri) ?? `item ${index + 1}`, reason: "it has no headline" });
  }
  return document;
}
