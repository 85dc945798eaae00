/**
 * RSS 2.0, Atom 1.0 and JSON Feed 1.x into source items, the format detected from the
 * content. XML is parsed without expanding any entity a document declares (a document type
 * declaration with an internal subset, where entities are declared, is refused before
 * parsing; the same characters as text inside an item are text); the predefined and numeric
 * entities are decoded once.
 */
import { decodeXML } from "entities";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { canonicalLanguage } from "../../contract/language.ts";
import { atomTextToHtml } from "./atomText.ts";
import { isOnSite } from "./boilerplate.ts";
import type { SourceDocument, SourceImage, SourceItem, SourceMedia } from "./snapshot.ts";
import { videoPage } from "./embeds.ts";
import { mediaKind, mediaType } from "./media.ts";
import { list, number, record, string } from "./read.ts";
import type { Json } from "./read.ts";
import { collapse, dateReader, decodeText, htmlToText, paragraphsHtml } from "./text.ts";

export type FeedFormat = "rss" | "atom" | "json-feed";

const REPEATED = new Set([
  "item",
  "entry",
  "category",
  "link",
  "author",
  "media:content",
  "media:thumbnail",
  "enclosure",
  "dc:creator",
  "media:group",
  "media:player",
  "media:subTitle",
]);

const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  textNodeName: "#text",
  cdataPropName: "#cdata",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  // Entities are decoded here, once; the parser expands none, so no declaration can multiply.
  processEntities: false,
  htmlEntities: false,
  isArray: (name) => REPEATED.has(name),
  // Atom's text constructs stay unparsed so that `xhtml` markup keeps its order (see atomText.ts).
  stopNodes: ["feed.entry.title", "feed.entry.summary", "feed.entry.content"],
});

/** The text of an XML element as the parser gave it: text decoded once, CDATA as written. */
function xmlText(value: unknown): string | undefined {
  if (typeof value === "string") return decodeXML(value);
  if (Array.isArray(value)) return xmlText(value[0]);
  const node = record(value);
  if (!node) return undefined;
  const text = typeof node["#text"] === "string" ? decodeXML(node["#text"]) : "";
  const cdata = list(Array.isArray(node["#cdata"]) ? node["#cdata"] : [node["#cdata"]])
    .map((part) => (typeof part === "string" ? part : ""))
    .join("");
  return text + cdata || undefined;
}

function attribute(value: unknown, name: string): string | undefined {
  const raw = record(value)?.[`@_${name}`];
  return typeof raw === "string" ? decodeXML(raw) : undefined;
}

export function detectFeed(text: string): FeedFormat | undefined {
  const start = text.replace(/^\uFEFF/, "").trimStart();
  if (start.startsWith("{")) return "json-feed";
  if (!start.startsWith("<")) return undefined;
  if (/<rss[\s>]/.test(start.slice(0, 4096)) || /<rdf:RDF[\s>]/.test(start.slice(0, 4096))) return "rss";
  if (/<feed[\s>]/.test(start.slice(0, 4096))) return "atom";
  return undefined;
}

/** A feed document (the text as fetched or read) into source items; throws a readable Error for garbage. */
export function mapFeed(text: string, options: { location: string }): SourceDocument {
  const format = detectFeed(text);
  if (format === "json-feed") return mapJsonFeed(parseJson(text), options.location);
  if (!format) throw new Error("the document is neither RSS, Atom nor JSON Feed");
  if (declaresEntities(text)) {
    throw new Error("the feed declares XML entities, which are refused (entity expansion)");
  }
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new Error(`the feed is not well-formed XML (line ${valid.err.line}: ${valid.err.msg})`);
  const tree = record(xml.parse(text));
  return format === "rss" ? mapRss(tree, options.location) : mapAtom(tree, options.location);
}

/**
 * Whether the document's own markup declares entities: a `<!DOCTYPE … [ … ]>` internal
 * subset or an `<!ENTITY` outside one. CDATA sections, comments and processing instructions
 * are skipped, so an item quoting an XXE example (in CDATA or escaped) is text, not a bomb. A
 * DOCTYPE that only names an external DTD (RSS 0.91's) declares nothing here and is allowed:
 * the parser never fetches it.
 */
export function declaresEntities(text: string): boolean {
  let at = 0;
  while (at < text.length) {
    const open = text.indexOf("<", at);
    if (open === -1) return false;
    if (text.startsWith("<![CDATA[", open)) at = skipPast(text, open, "]]>");
    else if (text.startsWith("<!--", open)) at = skipPast(text, open, "-->");
    else if (text.startsWith("<?", open)) at = skipPast(text, open, "?>");
    else if (/^<!ENTITY/i.test(text.slice(open, open + 8))) return true;
    else if (/^<!DOCTYPE/i.test(text.slice(open, open + 9))) {
      if (hasInternalSubset(text, open + 9)) return true;
      at = open + 9;
    } else at = open + 1;
  }
  return false;
}

function skipPast(text: string, from: number, end: string): number {
  const found = text.indexOf(end, from);
  return found === -1 ? text.length : found + end.length;
}

/** Whether a DOCTYPE's declaration, read from after its name, opens `[` before it closes, quotes respected. */
function hasInternalSubset(text: string, from: number): boolean {
  let quote: string | undefined;
  for (let index = from; index < text.length; index += 1) {
    const char = text[index];
    if (quote) {
      if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") quote = char;
    else if (char === "[") return true;
    else if (char === ">") return false;
  }
  return false;
}

/** The item's own page: its link when that is on the source's site, else another on-site address it gives. */
function ownPage(candidates: (string | undefined)[], site: string): string | undefined {
  for (const candidate of candidates) {
    const url = candidate ? URL.parse(candidate.trim(), site) : null;
    if (url && (url.protocol === "http:" || url.protocol === "https:") && isOnSite(url, site)) return url.href;
  }
  return undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`the feed is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}

function collect(document: SourceDocument, entries: unknown[], read: (entry: Json) => SourceItem | undefined): void {
  for (const [index, entry] of entries.entries()) {
    const node = record(entry);
    const item = node && read(node);
    if (item) document.items.push(item);
    else document.rejected.push({ id: `item ${index + 1}`, reason: "it has no title" });
  }
}

// RSS ---------------------------------------------------------------------------------------

function mediaImage(item: Json): SourceImage | undefined {
  const candidates = [
    ...list(item["media:content"]),
    ...list(record(item["media:group"])?.["media:content"]),
    ...list(item["media:thumbnail"]),
  ];
  const enclosures = list(item.enclosure).filter((entry) => attribute(entry, "type")?.startsWith("image/"));
  const images = [...candidates, ...enclosures].filter((entry) => {
    const medium = attribute(entry, "medium");
    const type = attribute(entry, "type");
    return medium === "image" || type?.startsWith("image/") || (!medium && !type);
  });
  // The widest picture the feed offers, preferring one with both dimensions.
  const best = images
    .map((entry) => ({
      entry,
      width: number(attribute(entry, "width")) ?? 0,
      height: number(attribute(entry, "height")),
    }))
    .sort((a, b) => Number(Boolean(b.height)) - Number(Boolean(a.height)) || b.width - a.width)[0];
  const src = best && attribute(best.entry, "url");
  if (!best || !src) return undefined;
  const node = record(best.entry);
  const caption = htmlToText(xmlText(node?.["media:description"] ?? item["media:description"]) ?? "");
  const credit = decodeText(xmlText(node?.["media:credit"] ?? item["media:credit"]) ?? "");
  return {
    src,
    width: best.width || undefined,
    height: best.height,
    alt: caption,
    ...(caption && { caption }),
    ...(credit && { credit }),
  };
}

/** `1:02:03`, `62:03` or `3723` seconds, as iTunes and Media RSS write durations. */
function seconds(raw: string | undefined): number | undefined {
  if (!raw?.trim()) return undefined;
  const parts = raw.trim().split(":").map(Number);
  if (parts.some((part) => !Number.isFinite(part) || part < 0) || parts.length > 3) return undefined;
  return parts.reduce((total, part) => total * 60 + part, 0) || undefined;
}

function thumbnail(node: Json | undefined): SourceImage | undefined {
  const entry = list(node?.["media:thumbnail"])[0];
  const src = attribute(entry, "url");
  if (!src) return undefined;
  const width = number(attribute(entry, "width"));
  const height = number(attribute(entry, "height"));
  return { src, alt: "", ...(width && height && { width, height }) };
}

/**
 * Video, audio and platform posts a feed item carries: Media RSS `media:content` (inside a
 * `media:group` the files are one video in several encodings), `media:player`, and RSS or
 * Atom enclosures of video or audio (podcasts).
 */
function feedMedia(
  item: Json,
  enclosures: { url?: string; type?: string; length?: string }[],
  base: string,
): SourceMedia[] {
  const found: SourceMedia[] = [];
  const groups = [
    item,
    ...list(item["media:group"]).flatMap((group) => (record(group) ? [record(group) as Json] : [])),
  ];
  for (const group of groups) {
    const title = decodeText(xmlText(group["media:title"]) ?? "") || undefined;
    const poster = thumbnail(group) ?? thumbnail(item);
    const files: { src: string; type: string }[] = [];
    let duration: number | undefined;
    for (const entry of list(group["media:content"])) {
      const url = attribute(entry, "url");
      const page = url ? URL.parse(url, base) : null;
      const video = page && videoPage(page);
      if (video) {
        found.push({ kind: "embed", ...video, ...(title && { title }), ...(poster && { thumbnail: poster }) });
        continue;
      }
      const medium = attribute(entry, "medium");
      const type = url && mediaType(url, attribute(entry, "type"), medium === "audio" ? "audio" : "video");
      if (!page || !type || (medium && medium !== "video" && medium !== "audio")) continue;
      duration ??= seconds(attribute(entry, "duration"));
      if (group === item) found.push(fileMedia([{ src: page.href, type }], title, poster, duration));
      else files.push({ src: page.href, type });
    }
    if (files.length > 0) found.push(fileMedia(files, title, poster, duration, subtitles(group)));
    for (const player of list(group["media:player"])) {
      const url = attribute(player, "url");
      const page = url ? URL.parse(url, base) : null;
      const video = page && videoPage(page);
      if (video) found.push({ kind: "embed", ...video, ...(title && { title }), ...(poster && { thumbnail: poster }) });
    }
  }
  const poster = thumbnail(item) ?? itunesImage(item);
  const duration = seconds(xmlText(item["itunes:duration"]));
  for (const enclosure of enclosures) {
    const page = enclosure.url ? URL.parse(enclosure.url, base) : null;
    const type = page && mediaType(page.href, enclosure.type);
    if (page && type) found.push(fileMedia([{ src: page.href, type }], undefined, poster, duration));
  }
  // The same video named twice (a group and its player) is one.
  return found.filter(
    (entry, index) =>
      entry.kind !== "embed" || found.findIndex((other) => other.kind === "embed" && other.url === entry.url) === index,
  );
}

function fileMedia(
  files: { src: string; type: string }[],
  title: string | undefined,
  poster: SourceImage | undefined,
  duration: number | undefined,
  captions: { src: string; language?: string }[] = [],
): SourceMedia {
  return {
    kind: mediaKind(files[0]?.type ?? "video/mp4"),
    files,
    ...(title && { title }),
    ...(poster && { poster }),
    ...(duration !== undefined && { duration }),
    captions,
  };
}

function subtitles(group: Json): { src: string; language?: string }[] {
  return list(group["media:subTitle"]).flatMap((entry) => {
    const src = attribute(entry, "href");
    const language = attribute(entry, "lang");
    return src && /^https?:\/\//.test(src) ? [{ src, ...(language && { language }) }] : [];
  });
}

function itunesImage(item: Json): SourceImage | undefined {
  const src = attribute(item["itunes:image"], "href");
  return src ? { src, alt: "" } : undefined;
}

type XmlEntry = {
  id: string;
  headline: string;
  link: string | undefined;
  /** Other addresses the entry gives, to find its own page when its link is the article a link post comments on. */
  pages: (string | undefined)[];
  location: string;
  full: string | undefined;
  summary: string | undefined;
  categories: string[];
};

/**
 * What an RSS item and an Atom entry give alike: their link and own page resolved against the
 * feed, the full text, and the summary, which is the trail text beside the full text and the
 * body alone (storyBody.ts reads it either way).
 */
function xmlEntry({ id, headline, link, pages, location, full, summary, categories }: XmlEntry) {
  return {
    id,
    slugHint: headline,
    url: link ? URL.parse(link, location)?.href : undefined,
    page: ownPage([link, ...pages], location),
    headline,
    categories,
    tags: [],
    bodyHtml: full,
    summaryHtml: summary,
  };
}

function rssItem(item: Json, location: string, dates: ReturnType<typeof dateReader>): SourceItem | undefined {
  const headline = htmlToText(xmlText(item.title) ?? "");
  if (!headline) return undefined;
  const link = xmlText(item.link)?.trim();
  const guid = xmlText(item.guid)?.trim();
  const description = xmlText(item.description);
  const full = xmlText(item["content:encoded"]);
  const categories = list(item.category).flatMap((category) => {
    const name = decodeText(xmlText(category) ?? "");
    return name ? [name] : [];
  });
  const creators = list(item["dc:creator"])
    .map((creator) => decodeText(xmlText(creator) ?? ""))
    .filter(Boolean);
  const author = creators.join(", ") || decodeText(xmlText(item.author) ?? "").replace(/^\S+@\S+\s*\((.*)\)$/, "$1");
  const date = xmlText(item.pubDate) ?? xmlText(item["dc:date"]);
  const guidIsPage = attribute(item.guid, "isPermaLink") !== "false";
  const enclosures = list(item.enclosure).map((entry) => ({
    url: attribute(entry, "url"),
    type: attribute(entry, "type"),
  }));
  const mediaDescription =
    xmlText(item["media:description"]) ?? xmlText(list(item["media:group"]).map(record)[0]?.["media:description"]);
  return {
    ...xmlEntry({
      id: guid || link || headline,
      headline,
      link,
      pages: [guidIsPage ? guid : undefined],
      location,
      full,
      summary: description ?? (mediaDescription ? textToHtml(mediaDescription) : undefined),
      categories,
    }),
    datePublished: dates.read(date),
    byline: author || undefined,
    image: mediaImage(item),
    media: feedMedia(item, enclosures, location),
  };
}

function mapRss(tree: Json | undefined, location: string): SourceDocument {
  const channel = record(record(tree?.rss)?.channel) ?? record(tree?.["rdf:RDF"]);
  if (!channel) throw new Error("the RSS document has no channel");
  const site = xmlText(channel.link)?.trim();
  const document: SourceDocument = {
    items: [],
    siteUrl: URL.parse(site ?? "", location)?.href ?? location,
    rejected: [],
    related: "neighbours",
  };
  const language = canonicalLanguage(xmlText(channel.language) ?? xmlText(channel["dc:language"]) ?? "");
  if (language) document.language = language;
  const items = list(channel.item).length > 0 ? list(channel.item) : list(record(tree?.["rdf:RDF"])?.item);
  const dates = dateReader();
  collect(document, items, (item) => rssItem(item, document.siteUrl, dates));
  document.notes = dates.note();
  return document;
}

// Atom --------------------------------------------------------------------------------------

/** An Atom text construct or content as HTML (text escaped, html as is, xhtml's div children). */
function atomHtml(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const raw = typeof value === "string" ? value : record(value)?.["#text"];
  const type = attribute(value, "type");
  // Out-of-line content (`src`) is a link, not text of the entry.
  if (attribute(value, "src") !== undefined) return undefined;
  return atomTextToHtml(typeof raw === "string" ? raw : "", type);
}

function atomLink(entry: Json, rel: string): string | undefined {
  const link = list(entry.link).find((candidate) => (attribute(candidate, "rel") ?? "alternate") === rel);
  return attribute(link, "href");
}

function atomAuthors(value: unknown): string | undefined {
  const names = list(value)
    .map((author) => decodeText(xmlText(record(author)?.name) ?? ""))
    .filter(Boolean);
  return names.join(", ") || undefined;
}

function atomEntry(
  entry: Json,
  feed: { author: string | undefined; language: string | undefined; location: string },
  dates: ReturnType<typeof dateReader>,
): SourceItem | undefined {
  const { location } = feed;
  const title = atomHtml(entry.title);
  const headline = title ? htmlToText(title) : "";
  if (!headline) return undefined;
  const link = atomLink(entry, "alternate");
  const published = xmlText(entry.published) ?? xmlText(entry.updated);
  const updated = xmlText(entry.updated);
  const content = atomHtml(entry.content);
  const summary = atomHtml(entry.summary);
  const enclosure = list(entry.link).find(
    (candidate) => attribute(candidate, "rel") === "enclosure" && attribute(candidate, "type")?.startsWith("image/"),
  );
  const enclosureSrc = attribute(enclosure, "href");
  const enclosures = list(entry.link)
    .filter((candidate) => attribute(candidate, "rel") === "enclosure")
    .map((candidate) => ({ url: attribute(candidate, "href"), type: attribute(candidate, "type") }));
  // A link blog's entry links to the article it comments on; its own page is then another of its links.
  const pages = list(entry.link)
    .filter((candidate) => ["alternate", "related", "shorturl", undefined].includes(attribute(candidate, "rel")))
    .map((candidate) => attribute(candidate, "href"));
  const groupDescription = xmlText(list(entry["media:group"]).map(record)[0]?.["media:description"]);
  const categories = list(entry.category).flatMap((category) => {
    const name = decodeText(attribute(category, "label") ?? attribute(category, "term") ?? "");
    return name ? [name] : [];
  });
  return {
    ...xmlEntry({
      id: xmlText(entry.id)?.trim() || link || headline,
      headline,
      link,
      pages,
      location,
      full: content,
      summary: summary ?? (groupDescription ? textToHtml(groupDescription) : undefined),
      categories,
    }),
    datePublished: dates.read(published),
    dateModified: dates.read(updated),
    byline: atomAuthors(entry.author) ?? feed.author,
    language: attribute(entry, "xml:lang") ?? feed.language,
    image: enclosureSrc ? { src: enclosureSrc, alt: "" } : undefined,
    media: feedMedia(entry, enclosures, location),
  };
}

function mapAtom(tree: Json | undefined, location: string): SourceDocument {
  const feed = record(tree?.feed);
  if (!feed) throw new Error("the Atom document has no feed element");
  const language = canonicalLanguage(attribute(feed, "xml:lang") ?? "");
  const site = atomLink(feed, "alternate");
  const document: SourceDocument = {
    items: [],
    siteUrl: URL.parse(site ?? "", location)?.href ?? location,
    rejected: [],
    related: "neighbours",
  };
  if (language) document.language = language;
  const author = atomAuthors(feed.author);
  const dates = dateReader();
  collect(document, list(feed.entry), (entry) =>
    atomEntry(entry, { author, language, location: document.siteUrl }, dates),
  );
  document.notes = dates.note();
  return document;
}

// JSON Feed ---------------------------------------------------------------------------------

function jsonAuthors(item: Json, feed: Json): string | undefined {
  const authors = [...list(item.authors), record(item.author)].filter(Boolean);
  const fromFeed = [...list(feed.authors), record(feed.author)].filter(Boolean);
  const names = (authors.length > 0 ? authors : fromFeed)
    .map((author) => decodeText(string(record(author)?.name) ?? ""))
    .filter(Boolean);
  return names.join(", ") || undefined;
}

function textToHtml(text: string): string {
  return paragraphsHtml(text.split(/\n\s*\n/).map((part) => collapse(part)));
}

/** JSON Feed attachments of video or audio; attachments sharing a title are one thing in several formats. */
function attachments(item: Json, base: string): SourceMedia[] {
  const byTitle = new Map<string, { src: string; type: string; duration?: number }[]>();
  for (const entry of list(item.attachments).map(record)) {
    const url = URL.parse(string(entry?.url) ?? "", base);
    const type = url && mediaType(url.href, string(entry?.mime_type));
    if (!url || !type) continue;
    const title = decodeText(string(entry?.title) ?? "");
    const duration = number(entry?.duration_in_seconds);
    byTitle.set(title, [...(byTitle.get(title) ?? []), { src: url.href, type, ...(duration && { duration }) }]);
  }
  return [...byTitle].map(([title, files]) =>
    fileMedia(
      files.map(({ src, type }) => ({ src, type })),
      title || undefined,
      undefined,
      files.find((file) => file.duration)?.duration,
    ),
  );
}

function jsonItem(item: Json, feed: Json, base: string, dates: ReturnType<typeof dateReader>): SourceItem | undefined {
  const id = string(item.id) ?? (typeof item.id === "number" ? String(item.id) : undefined);
  const textBody = string(item.content_text);
  const headline = decodeText(string(item.title) ?? "") || htmlToText(string(item.summary) ?? "").slice(0, 120);
  if (!headline || !id) return undefined;
  const url = string(item.url);
  const summary = string(item.summary);
  const image = string(item.image) ?? string(item.banner_image);
  return {
    id,
    slugHint: headline,
    url: url ? URL.parse(url, base)?.href : undefined,
    page: ownPage([url], base),
    headline,
    standfirst: summary ? decodeText(summary) : undefined,
    categories: list(item.tags).flatMap((tag) => (string(tag) ? [decodeText(String(tag))] : [])),
    tags: [],
    datePublished: dates.read(string(item.date_published) ?? string(item.date_modified)),
    dateModified: dates.read(string(item.date_modified)),
    byline: jsonAuthors(item, feed),
    language: string(item.language) ?? string(feed.language),
    image:
      image && image !== string(feed.icon) && image !== string(feed.favicon)
        ? { src: new URL(image, base).href, alt: "" }
        : undefined,
    media: attachments(item, base),
    bodyHtml: string(item.content_html) ?? (textBody ? textToHtml(textBody) : undefined),
    summaryHtml: summary ? textToHtml(summary) : undefined,
  };
}

function mapJsonFeed(value: unknown, location: string): SourceDocument {
  const feed = record(value);
  if (!feed || !string(feed.version)?.startsWith("https://jsonfeed.org/version/")) {
    throw new Error("the JSON document is not a JSON Feed (no jsonfeed.org version)");
  }
  const home = string(feed.home_page_url);
  const siteUrl = URL.parse(home ?? "", location)?.href ?? URL.parse(location)?.href ?? "http://localhost/";
  const document: SourceDocument = { items: [], siteUrl, rejected: [], related: "neighbours" };
  const language = canonicalLanguage(string(feed.language) ?? "");
  if (language) document.language = language;
  const dates = dateReader();
  collect(document, list(feed.items), (item) => jsonItem(item, feed, siteUrl, dates));
  document.notes = dates.note();
  return document;
}
