/**
 * What every adapter gives: the source's items in one shape, before they are contract
 * documents. `buildSnapshot` turns them into a front page and stories, each checked with the
 * app's own schemas; an item that fails is left out with the reason, never breaking the rest.
 */
import * as v from "valibot";
import { FrontPageSchema, StorySchema } from "../../contract/schema.ts";
import type { Block, FrontPage, Headline, Image, Story } from "../../contract/schema.ts";
import { escapeHtml } from "../../contract/html.ts";
import { canonicalLanguage } from "../../contract/language.ts";
import { isValidSlug } from "../../contract/slug.ts";
import { htmlToBlocks, isStoryImage } from "./blocks.ts";
import type { BodyContext, ImageSize } from "./blocks.ts";
import { shortHash, slugify } from "./text.ts";

/** An image as a source describes it; a size may be missing until the server reads the file. */
export type SourceImage = Omit<Image, "width" | "height"> & { width?: number; height?: number };

export type SourceItem = {
  /** The source's own identifier (WordPress id, feed guid, ninjs uri): the way back to the item. */
  id: string;
  /** The source's slug, or its title when it has none. */
  slugHint: string;
  /** The item's page on the source's site. */
  url?: string;
  headline: string;
  standfirst?: string;
  /** Primary category, feed category or ninjs subject, in the source's order. */
  categories: string[];
  tags: string[];
  /** UTC ISO, or undefined when the source's date could not be read (the item is then skipped). */
  datePublished: string | undefined;
  dateModified?: string;
  byline?: string;
  dateline?: string;
  source?: string;
  copyright?: string;
  distribution?: string;
  language?: string;
  image?: SourceImage;
  /** Full text as HTML; without it, `summaryHtml` is the body with a link to the original. */
  bodyHtml?: string;
  summaryHtml?: string;
};

export type SourceDocument = {
  items: SourceItem[];
  language?: string;
  /** The site the items come from, for resolving relative addresses and naming it. */
  siteUrl: string;
  /** Items the adapter could not read at all, with why. */
  rejected: Rejection[];
  /** WordPress orders related stories category, tag, then latest; feeds category, then neighbours. */
  related: "latest" | "neighbours";
};

export type Rejection = { id: string; reason: string };

/** A source's documents at one moment, as contract documents: what readers are served until the next. */
export type Snapshot = {
  frontPage: FrontPage;
  stories: Map<string, Story>;
  /** Dispatch slug → the source item's id. */
  origins: Map<string, string>;
  rejected: Rejection[];
  /** Image addresses that need their size read before they can be shown. */
  unsized: string[];
  /** Origins of the story images, for the Content-Security-Policy. */
  imageOrigins: string[];
};

export type SnapshotOptions = {
  sizeOf?: (src: string) => ImageSize | undefined;
  now?: () => number;
  /** Only the newest items are kept: a feed of 10,000 items must not cost 10,000 stories. */
  maxItems?: number;
};

const MAX_HEADLINES = 200;
const MIN_RELATED = 3;
const MAX_RELATED = 6;

/**
 * Unique, stable slugs: on a clash the oldest item keeps the plain slug and the others add a
 * hash of their own id, so a new item never renames one a reader may have linked to.
 */
function assignSlugs(items: SourceItem[]): Map<SourceItem, string> {
  const byBase = new Map<string, SourceItem[]>();
  for (const item of items) {
    const base = slugify(item.slugHint) || slugify(item.headline) || `story-${shortHash(item.id)}`;
    byBase.set(base, [...(byBase.get(base) ?? []), item]);
  }
  const slugs = new Map<SourceItem, string>();
  for (const [base, group] of byBase) {
    const ordered = [...group].sort(
      (a, b) =>
        Date.parse(a.datePublished ?? "") - Date.parse(b.datePublished ?? "") ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
    ordered.forEach((item, index) => {
      slugs.set(item, index === 0 ? base : `${base}-${shortHash(item.id)}`);
    });
  }
  return slugs;
}

function urlKey(url: URL): string {
  return `${url.host}${url.pathname.replace(/\/$/, "")}${url.search}`;
}

function sizedImage(image: SourceImage | undefined, context: BodyContext): Image | undefined {
  if (!image) return undefined;
  const size = image.width && image.height ? { width: image.width, height: image.height } : context.sizeOf(image.src);
  if (!isStoryImage(image.src, size)) return undefined;
  if (!size) {
    context.unsized(image.src);
    return undefined;
  }
  return { ...image, width: size.width, height: size.height };
}

function readFullStory(url: string | undefined, siteUrl: string): Block[] {
  if (!url) return [];
  const link = URL.parse(url, siteUrl);
  if (!link || (link.protocol !== "http:" && link.protocol !== "https:")) return [];
  const host = link.hostname.replace(/^www\./, "");
  return [
    { type: "paragraph", html: `Read the full story at <a href="${escapeHtml(link.href)}">${escapeHtml(host)}</a>` },
  ];
}

/** A summary-only item: the summary, then where to read the rest. Nothing when there is no summary. */
function summaryBody(summary: Block[], url: string | undefined, siteUrl: string): Block[] {
  return summary.length > 0 ? [...summary, ...readFullStory(url, siteUrl)] : [];
}

function headlineOf(story: Story): Headline {
  const { slug, headline, datePublished, standfirst, section, image } = story;
  return {
    slug,
    headline,
    datePublished,
    ...(standfirst && { standfirst }),
    ...(section && { section }),
    ...(image && { image }),
  };
}

function relatedFor(
  story: Story,
  item: SourceItem,
  all: { item: SourceItem; story: Story }[],
  mode: "latest" | "neighbours",
) {
  const others = all.filter((entry) => entry.story.slug !== story.slug);
  const picked: Story[] = [];
  const add = (candidates: { story: Story }[]) => {
    for (const { story: candidate } of candidates) {
      if (picked.length >= MAX_RELATED) return;
      if (!picked.includes(candidate)) picked.push(candidate);
    }
  };
  const primary = item.categories[0];
  if (primary) add(others.filter((entry) => entry.item.categories.includes(primary)));
  for (const category of item.categories.slice(1))
    add(others.filter((entry) => entry.item.categories.includes(category)));
  for (const tag of item.tags) add(others.filter((entry) => entry.item.tags.includes(tag)));
  if (picked.length < MIN_RELATED) {
    if (mode === "latest") add(others);
    else {
      const index = all.findIndex((entry) => entry.story.slug === story.slug);
      add([...others].sort((a, b) => Math.abs(all.indexOf(a) - index) - Math.abs(all.indexOf(b) - index)));
    }
  }
  return picked.map(headlineOf);
}

function issues(result: v.SafeParseResult<typeof StorySchema>): string {
  if (result.success) return "";
  return result.issues
    .slice(0, 3)
    .map((issue) => `${v.getDotPath(issue) ?? "story"}: ${issue.message}`)
    .join("; ");
}

/** The contract documents of a source document. Pure: the same input gives the same snapshot. */
export function buildSnapshot(document: SourceDocument, options: SnapshotOptions = {}): Snapshot {
  const { sizeOf = () => undefined, now = Date.now, maxItems = 500 } = options;
  const rejected = [...document.rejected];
  const unsized = new Set<string>();
  const dated = document.items
    .filter((item) => {
      if (item.datePublished) return true;
      rejected.push({ id: item.id, reason: "it has no date that can be read" });
      return false;
    })
    .sort((a, b) => Date.parse(b.datePublished ?? "") - Date.parse(a.datePublished ?? ""))
    .slice(0, maxItems);
  const slugs = assignSlugs(dated);
  const byUrl = new Map<string, string>();
  for (const [item, slug] of slugs) {
    const url = URL.parse(item.url ?? "", document.siteUrl);
    if (url) byUrl.set(urlKey(url), slug);
  }
  const language = canonicalLanguage(document.language ?? "");

  const built: { item: SourceItem; story: Story }[] = [];
  for (const item of dated) {
    const slug = slugs.get(item) ?? "";
    const context: BodyContext = {
      base: URL.parse(item.url ?? "", document.siteUrl)?.href ?? document.siteUrl,
      slugForUrl: (url) => byUrl.get(urlKey(url)),
      sizeOf,
      unsized: (src) => unsized.add(src),
    };
    // Agencies often open the body with the headline again: the page shows it once.
    const fullText = (item.bodyHtml ? htmlToBlocks(item.bodyHtml, context) : []).filter(
      (block, index) => !(index === 0 && block.type === "heading" && block.text === item.headline),
    );
    const body =
      fullText.length > 0
        ? fullText
        : summaryBody(htmlToBlocks(item.summaryHtml ?? "", context), item.url, document.siteUrl);
    const image = sizedImage(item.image, context) ?? firstImage(body);
    const itemLanguage = canonicalLanguage(item.language ?? "");
    const candidate = {
      slug,
      headline: item.headline,
      language: itemLanguage ?? language,
      standfirst: item.standfirst || undefined,
      section: item.categories[0],
      datePublished: item.datePublished,
      dateModified: item.dateModified !== item.datePublished ? item.dateModified : undefined,
      dateline: item.dateline || undefined,
      byline: item.byline || undefined,
      source: item.source || undefined,
      image,
      // The hero is the first picture: it is not repeated as the body's first block.
      body: image && body[0]?.type === "image" && body[0].image.src === image.src ? body.slice(1) : body,
      copyright: item.copyright || undefined,
      distribution: item.distribution || undefined,
      related: [],
    };
    const parsed = v.safeParse(StorySchema, candidate);
    if (!parsed.success || !isValidSlug(slug)) {
      rejected.push({ id: item.id, reason: `it is not a valid contract story (${issues(parsed) || "slug"})` });
      continue;
    }
    built.push({ item, story: parsed.output });
  }

  built.sort((a, b) => Date.parse(b.story.datePublished) - Date.parse(a.story.datePublished));
  const stories = new Map<string, Story>();
  const origins = new Map<string, string>();
  const imageOrigins = new Set<string>();
  for (const { item, story } of built) {
    stories.set(story.slug, { ...story, related: relatedFor(story, item, built, document.related) });
    origins.set(story.slug, item.id);
    for (const src of imageSources(story)) {
      const origin = URL.parse(src)?.origin;
      if (origin && origin !== "null") imageOrigins.add(origin);
    }
  }
  const front = v.safeParse(FrontPageSchema, {
    updated: new Date(now()).toISOString(),
    ...(language && { language }),
    headlines: built.slice(0, MAX_HEADLINES).map(({ story }) => headlineOf(story)),
  });
  if (!front.success) throw new Error("The source has no story that can be shown.");
  return {
    frontPage: front.output,
    stories,
    origins,
    rejected,
    unsized: [...unsized],
    imageOrigins: [...imageOrigins],
  };
}

function firstImage(body: Block[]): Image | undefined {
  const first = body.find((block) => block.type === "image");
  return first?.type === "image" ? first.image : undefined;
}

function imageSources(story: Story): string[] {
  const images = [story.image, ...story.body.map((block) => (block.type === "image" ? block.image : undefined))];
  return images.flatMap((image) => (image ? [image.src, ...(image.sources ?? []).map((source) => source.src)] : []));
}
