/**
 * IPTC ninjs items (2.x lower-case fields or 3.x camelCase, read either way) into source
 * items: the agency's own fields give the wire story's dateline (`located`), source
 * (`infosource`), copyright (`copyrightnotice`) and distribution (`usageterms`). One `uri`
 * is one story: of several versions the newest `versioncreated` wins. A picture, video or
 * audio item with a headline is a story too: its description the standfirst, its media the body.
 */
import type { SourceDocument, SourceImage, SourceItem, SourceMedia } from "./snapshot.ts";
import { mediaKind, mediaType } from "./media.ts";
import { field, list, number, record, string } from "./read.ts";
import type { Json } from "./read.ts";
import { collapse, dateReader, decodeText, htmlToText, paragraphsHtml } from "./text.ts";

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

type Rendition = { href: string; width?: number; height?: number; type?: string; duration?: number };

function renditionsOf(value: unknown, version: NinjsVersion): Rendition[] {
  const entries = record(value) ? Object.values(record(value) ?? {}) : list(value);
  return entries.flatMap((entry) => {
    const rendition = record(entry);
    const href = string(rendition?.href);
    if (!href || !/^https?:\/\//i.test(href)) return [];
    const width = number(rendition?.width);
    const height = number(rendition?.height);
    const type = string(read(rendition, version, "mimetype", "contenttype"))?.toLowerCase();
    const duration = number(rendition?.duration);
    return [
      {
        href,
        ...(width && { width }),
        ...(height && { height }),
        ...(type && { type }),
        ...(duration && { duration }),
      },
    ];
  });
}

/** A screen-sized picture among renditions: the widest up to 2400 px, not the agency's print original. */
function screenPicture(renditions: Rendition[]): (Rendition & { width: number; height: number }) | undefined {
  const pictures = renditions.filter(
    (entry): entry is Rendition & { width: number; height: number } =>
      entry.width !== undefined && entry.height !== undefined && (!entry.type || entry.type.startsWith("image/")),
  );
  const fitting = pictures.filter((entry) => entry.width <= 2400).sort((a, b) => b.width - a.width)[0];
  return fitting ?? pictures.sort((a, b) => a.width - b.width)[0];
}

/** A picture from renditions, captioned from the item's description unless that is already the standfirst. */
function describedImage(item: Json, renditions: Rendition[], captioned = true): SourceImage | undefined {
  const best = screenPicture(renditions);
  if (!best) return undefined;
  const described = string(field(item, "description_text")) ?? valued(item.descriptions) ?? string(item.headline);
  const caption = captioned ? decodeText(described ?? "") : "";
  const credit = decodeText(string(field(item, "by", "byline")) ?? "");
  return {
    src: best.href,
    width: best.width,
    height: best.height,
    alt: caption,
    ...(caption && { caption }),
    ...(credit && { credit }),
  };
}

function associationsOf(item: Json): Json[] {
  const associations = record(item.associations)
    ? Object.values(record(item.associations) ?? {})
    : list(item.associations);
  return associations.flatMap((association) => (record(association) ? [record(association) as Json] : []));
}

function picture(item: Json, version: NinjsVersion): SourceImage | undefined {
  for (const association of associationsOf(item)) {
    if (association.type !== "picture") continue;
    const image = describedImage(association, renditionsOf(association.renditions, version));
    if (image) return image;
  }
  return undefined;
}

/** A video or audio item's (or association's) files, poster, duration and caption tracks. */
function playable(item: Json, version: NinjsVersion, title?: string): SourceMedia | undefined {
  const renditions = renditionsOf(item.renditions, version);
  const files = renditions.flatMap((entry) => {
    const type = mediaType(entry.href, entry.type);
    return type ? [{ src: entry.href, type }] : [];
  });
  const [first] = files;
  if (!first) return undefined;
  const still = screenPicture(renditions);
  const poster = still
    ? { src: still.href, width: still.width, height: still.height, alt: "" }
    : picture(item, version);
  const duration = number(item.duration) ?? renditions.find((entry) => entry.duration)?.duration;
  const captions = renditions.flatMap((entry) =>
    entry.type === "text/vtt"
      ? [{ src: entry.href, ...(string(item.language) && { language: string(item.language) }) }]
      : [],
  );
  return {
    kind: mediaKind(first.type),
    files,
    ...(title && { title }),
    ...(poster && { poster: { ...poster, alt: "" } }),
    ...(duration !== undefined && { duration }),
    captions,
  };
}

/**
 * A description an agency cut at a fixed length (`… kommer att genomföra`) is cut back to its
 * last full sentence, or, with no sentence in it, to its last whole word and an ellipsis. The
 * body tells whether it was cut: it goes on where the description stops.
 */
export function wholeStandfirst(description: string, bodyText: string): string {
  const text = collapse(description).replace(/\s+([.,;:!?])/g, "$1");
  if (/[.!?…"”»)]$/.test(text)) return text;
  const lastFragment =
    text
      .split(/(?<=[.!?…])\s+/)
      .at(-1)
      ?.replace(/^[–—-]\s*/, "") ?? text;
  const body = collapse(bodyText)
    .replace(/\s+([.,;:!?])/g, "$1")
    .toLowerCase();
  const at = body.indexOf(lastFragment.toLowerCase());
  const next = at === -1 ? undefined : body.charAt(at + lastFragment.length);
  if (!next) return text;
  const sentences = /^([\s\S]*[.!?…]["”»)]?)\s/.exec(text)?.[1];
  if (sentences) return sentences;
  const words = /\p{L}/u.test(next) ? text.replace(/\s*\S+$/, "") : text;
  return words ? `${words}…` : text;
}

/** What a wire body may open with that is not its text: the slugline, byline, agency and dateline. */
function labelsOf(item: Json, version: NinjsVersion): string[] {
  return [
    string(item.slugline),
    string(item.by),
    string(read(item, version, "copyrightholder")),
    ...names(read(item, version, "infosource", "infosources")),
    string(item.located),
  ].flatMap((label) => (label ? [decodeText(label)] : []));
}

function ninjsItem(item: Json, index: number, dates: ReturnType<typeof dateReader>): SourceItem | undefined {
  const version = ninjsVersion(item);
  const headline = decodeText(string(item.headline) ?? valued(item.headlines, "main") ?? "");
  const id = string(item.uri) ?? string(item.guid) ?? `item-${index + 1}`;
  if (!headline) return undefined;
  const summary =
    string(field(item, "description_html")) ?? string(field(item, "description_text")) ?? valued(item.descriptions);
  const summaryText = summary ? decodeText(summary.replace(/<[^>]*>/g, " ")) : undefined;
  const type = string(item.type) ?? "text";
  const body = type === "text" || type === "composite" ? bodyHtml(item, version) : undefined;
  const date = string(read(item, version, "firstcreated", "contentcreated", "versioncreated"));
  const modified = string(read(item, version, "versioncreated"));
  const located = string(item.located) ?? names(field(item, "located")).join(", ");
  const subjects = names(field(item, "subject", "subjects"));
  const genres = names(item.genres);
  const itemMedia: SourceMedia[] = [];
  if (type === "picture" || type === "graphic") {
    const image = describedImage(item, renditionsOf(item.renditions, version), false);
    if (image) itemMedia.push({ kind: "picture", image });
  } else if (type === "video" || type === "audio") {
    const media = playable(item, version);
    if (media) itemMedia.push(media);
  }
  for (const association of associationsOf(item)) {
    if (association.type !== "video" && association.type !== "audio") continue;
    const media = playable(association, version, decodeText(string(association.headline) ?? "") || undefined);
    if (media) itemMedia.push(media);
  }
  const bodyText = body ? htmlToText(body) : "";
  return {
    id,
    slugHint: headline,
    url: string(field(item, "uri"))?.startsWith("http") ? string(item.uri) : undefined,
    headline,
    // A wire picture or video has no body: its description is the standfirst, its media the body.
    standfirst: summaryText && (body || itemMedia.length > 0) ? wholeStandfirst(summaryText, bodyText) : undefined,
    categories: [...genres, ...subjects],
    tags: names(item.places),
    datePublished: dates.read(date),
    dateModified: dates.read(modified),
    byline: decodeText(string(item.by) ?? names(item.people).join(", ")) || undefined,
    dateline: located || undefined,
    source:
      names(read(item, version, "infosource", "infosources")).join(", ") ||
      string(read(item, version, "copyrightholder")),
    copyright: string(read(item, version, "copyrightnotice")),
    distribution: string(read(item, version, "usageterms")),
    language: string(item.language),
    image: type === "text" || type === "composite" ? picture(item, version) : undefined,
    media: itemMedia,
    labels: labelsOf(item, version),
    bodyHtml: body,
    summaryHtml:
      itemMedia.length > 0 && !body ? undefined : summary && !/<[a-z]/i.test(summary) ? plainToHtml(summary) : summary,
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
  const dates = dateReader();
  const newest = new Map<string, { item: SourceItem; version: number }>();
  const notes: SourceDocument["notes"] = [];
  for (const [index, entry] of items.entries()) {
    const item = record(entry);
    const type = string(item?.type) ?? "text";
    if (!item || !STORY_TYPES.has(type)) {
      document.rejected.push({ id: `item ${index + 1}`, reason: `it is not a story item (type ${type})` });
      continue;
    }
    const mapped = ninjsItem(item, index, dates);
    if (!mapped) {
      document.rejected.push({ id: string(item.uri) ?? `item ${index + 1}`, reason: "it has no headline" });
      continue;
    }
    if (!mapped.bodyHtml && !mapped.summaryHtml && (mapped.media ?? []).length === 0) {
      document.rejected.push({
        id: mapped.id,
        reason: `it has no text and no ${type === "text" ? "body" : "rendition"} to show`,
      });
      continue;
    }
    const version = Date.parse(mapped.dateModified ?? mapped.datePublished ?? "") || 0;
    const seen = newest.get(mapped.id);
    if (seen) {
      const [older, newer] = seen.version > version ? [mapped, seen.item] : [seen.item, mapped];
      notes.push({
        key: `older version ${mapped.id}`,
        message: `${mapped.id} comes in more than one version: the one of ${newer.dateModified ?? "no date"} is shown, not the one of ${older.dateModified ?? "no date"}`,
      });
      if (seen.version > version) continue;
    }
    newest.set(mapped.id, { item: mapped, version });
  }
  document.items = [...newest.values()].map((entry) => entry.item);
  document.notes = [...notes, ...dates.note()];
  return document;
}

const STORY_TYPES = new Set(["text", "composite", "picture", "graphic", "video", "audio"]);
