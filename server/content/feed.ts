/**
 * RSS 2.0, Atom 1.0 and JSON Feed 1.x into source items, the format detected from the
 * content. XML is parsed without expanding any entity a document declares (an entity
 * bomb is refused before parsing); the predefined and numeric entities are decoded once.
 */
import { decodeXML } from "entities";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { canonicalLanguage } from "../../contract/language.ts";
import { atomTextToHtml } from "./atomText.ts";
import type { SourceDocument, SourceImage, SourceItem } from "./snapshot.ts";
import { list, number, record, string } from "./read.ts";
import type { Json } from "./read.ts";
import { collapse, decodeText, htmlToText, paragraphsHtml, parseRfc3339, parseRfc822 } from "./text.ts";

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
  if (/<!ENTITY/i.test(text)) throw new Error("the feed declares XML entities, which are refused (entity expansion)");
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new Error(`the feed is not well-formed XML (line ${valid.err.line}: ${valid.err.msg})`);
  const tree = record(xml.parse(text));
  return format === "rss" ? mapRss(tree, options.location) : mapAtom(tree, options.location);
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

type XmlEntry = {
  id: string;
  headline: string;
  link: string | undefined;
  location: string;
  full: string | undefined;
  summary: string | undefined;
  categories: string[];
};

/**
 * What an RSS item and an Atom entry give alike: their page resolved against the feed, and a
 * summary that is the standfirst only beside the full text (alone, it is the body).
 */
function xmlEntry({ id, headline, link, location, full, summary, categories }: XmlEntry) {
  return {
    id,
    slugHint: headline,
    url: link ? URL.parse(link, location)?.href : undefined,
    headline,
    standfirst: full && summary ? htmlToText(summary) || undefined : undefined,
    categories,
    tags: [],
    bodyHtml: full,
    summaryHtml: summary,
  };
}

function rssItem(item: Json, location: string): SourceItem | undefined {
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
  return {
    ...xmlEntry({ id: guid || link || headline, headline, link, location, full, summary: description, categories }),
    datePublished: date ? parseRfc822(date) : undefined,
    byline: author || undefined,
    image: mediaImage(item),
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
  collect(document, items, (item) => rssItem(item, document.siteUrl));
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
  feedAuthor: string | undefined,
  feedLanguage: string | undefined,
  location: string,
): SourceItem | undefined {
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
  const categories = list(entry.category).flatMap((category) => {
    const name = decodeText(attribute(category, "label") ?? attribute(category, "term") ?? "");
    return name ? [name] : [];
  });
  const id = xmlText(entry.id)?.trim() || link || headline;
  return {
    ...xmlEntry({ id, headline, link, location, full: content, summary, categories }),
    datePublished: published ? parseRfc3339(published) : undefined,
    dateModified: updated ? parseRfc3339(updated) : undefined,
    byline: atomAuthors(entry.author) ?? feedAuthor,
    language: attribute(entry, "xml:lang") ?? feedLanguage,
    image: enclosureSrc ? { src: enclosureSrc, alt: "" } : undefined,
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
  collect(document, list(feed.entry), (entry) => atomEntry(entry, author, language, document.siteUrl));
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

function jsonItem(item: Json, feed: Json, base: string): SourceItem | undefined {
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
    headline,
    standfirst: summary ? decodeText(summary) : undefined,
    categories: list(item.tags).flatMap((tag) => (string(tag) ? [decodeText(String(tag))] : [])),
    tags: [],
    datePublished: parseRfc3339(string(item.date_published) ?? string(item.date_modified) ?? ""),
    dateModified: parseRfc3339(string(item.date_modified) ?? ""),
    byline: jsonAuthors(item, feed),
    language: string(item.language) ?? string(feed.language),
    image:
      image && image !== string(feed.icon) && image !== string(feed.favicon)
        ? { src: new URL(image, base).href, alt: "" }
        : undefined,
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
  collect(document, list(feed.items), (item) => jsonItem(item, feed, siteUrl));
  return document;
}
