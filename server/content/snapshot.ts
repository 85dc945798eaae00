/**
 * What every adapter gives: the source's items in one shape, before they are contract
 * documents. `buildSnapshot` turns them into a front page and stories, each checked with the
 * app's own schemas; an item that fails is left out with the reason, never breaking the rest.
 */
import * as v from "valibot";
import { FrontPageSchema, StorySchema } from "../../contract/schema.ts";
import type { Block, FrontPage, Headline, Image, Story } from "../../contract/schema.ts";
import { canonicalLanguage } from "../../contract/language.ts";
import { isValidSlug } from "../../contract/slug.ts";
import type { BodyContext, ImageSize } from "./blocks.ts";
import { drop } from "./dropped.ts";
import type { Dropped } from "./dropped.ts";
import { sizedImage, storyBody } from "./storyBody.ts";
import type { BodySource, SourceImage } from "./storyBody.ts";
import { shortHash, slugify } from "./text.ts";
import type { SourceNote } from "./text.ts";

export type { SourceImage, SourceMedia } from "./storyBody.ts";

export type SourceItem = BodySource & {
  /** The source's own identifier (WordPress id, feed guid, ninjs uri): the way back to the item. */
  id: string;
  /** The source's slug, or its title when it has none. */
  slugHint: string;
  /** The item's link: its page, or for a link post the article it comments on. */
  url?: string;
  /** The item's own page on the source's site, when it has one there: links to it become links to the story. */
  page?: string;
  headline: string;
  /** Primary category, feed category or ninjs subject, in the source's order. */
  categories: string[];
  tags: string[];
  /** UTC ISO, or undefined when the source's date could not be read (the item is then dated when first seen). */
  datePublished: string | undefined;
  dateModified?: string;
  byline?: string;
  dateline?: string;
  source?: string;
  copyright?: string;
  distribution?: string;
  language?: string;
  image?: SourceImage;
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
  notes?: SourceNote[];
};

export type Rejection = { id: string; reason: string };

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
  /** Per story slug, what its source markup had that the story leaves out. */
  dropped: Map<string, Dropped>;
  notes: SourceNote[];
};

export type SnapshotOptions = {
  sizeOf?: (src: string) => ImageSize | undefined;
  now?: () => number;
  /** Only the newest items are kept: a feed of 10,000 items must not cost 10,000 stories. */
  maxItems?: number;
  /** When an item was first seen (UTC ISO): the date of an item whose own date cannot be read. */
  firstSeen?: (id: string) => string;
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

/** A story's headline for the front page and related lists: its teaser, and its picture or the body's first. */
function headlineOf(story: Story, teaser: string | undefined): Headline {
  const { slug, headline, datePublished, section } = story;
  const standfirst = teaser ?? story.standfirst;
  const image = story.image ?? firstPicture(story.body);
  return {
    slug,
    headline,
    datePublished,
    ...(standfirst && { standfirst }),
    ...(section && { section }),
    ...(image && { image }),
  };
}

type Built = { item: SourceItem; story: Story; teaser: string | undefined };

function relatedFor(story: Story, item: SourceItem, all: Built[], mode: "latest" | "neighbours") {
  const others = all.filter((entry) => entry.story.slug !== story.slug);
  const picked: Built[] = [];
  const add = (candidates: Built[]) => {
    for (const candidate of candidates) {
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
  return picked.map((entry) => headlineOf(entry.story, entry.teaser));
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
  const firstSeen = options.firstSeen ?? (() => new Date(now()).toISOString().replace(".000Z", "Z"));
  const rejected = [...document.rejected];
  const notes = [...(document.notes ?? [])];
  const unsized = new Set<string>();
  const dated = document.items
    .map((item): SourceItem & { datePublished: string } => {
      if (item.datePublished) return { ...item, datePublished: item.datePublished };
      const seen = firstSeen(item.id);
      notes.push({
        key: `undated ${item.id}`,
        message: `${item.id} has no date that can be read; it is dated ${seen}, when Dispatch first saw it`,
      });
      return { ...item, datePublished: seen };
    })
    .sort((a, b) => Date.parse(b.datePublished) - Date.parse(a.datePublished))
    .slice(0, maxItems);
  const slugs = assignSlugs(dated);
  // Only an item's own page at its source is that story's address; a link post's link is the article it comments on.
  const byUrl = new Map<string, string>();
  for (const [item, slug] of slugs) {
    const page = item.page ? URL.parse(item.page, document.siteUrl) : null;
    if (page) byUrl.set(urlKey(page), slug);
  }
  const language = canonicalLanguage(document.language ?? "");

  const built: Built[] = [];
  const dropped = new Map<string, Dropped>();
  for (const item of dated) {
    const slug = slugs.get(item) ?? "";
    const page = item.page ? URL.parse(item.page, document.siteUrl) : null;
    const context: BodyContext = {
      base: page?.href ?? document.siteUrl,
      slugForUrl: (url) => {
        const other = byUrl.get(urlKey(url));
        return other === slug ? undefined : other;
      },
      isOwnPage: (url) => (page !== null && urlKey(url) === urlKey(page)) || byUrl.get(urlKey(url)) === slug,
      sizeOf,
      unsized: (src) => unsized.add(src),
    };
    const made = storyBody(item, context);
    const featured = sizedImage(item.image, context);
    const image = featured ?? firstImage(made.body);
    // The hero is not shown again as the body's opening picture, nor where the body has the source's featured
    // picture again under another address (an agency's thumbnail of it). A body that is only its picture keeps it.
    const repeats = made.body.filter(
      (block, index) =>
        block.type === "image" &&
        image !== undefined &&
        ((index === 0 && block.image.src === image.src) ||
          (featured !== undefined && isSameDescription(block.image, featured))),
    );
    const pictureOnly = repeats.length > 0 && repeats.length === made.body.length;
    if (!pictureOnly) drop(made.dropped, "repeated hero", repeats.length);
    const itemLanguage = canonicalLanguage(item.language ?? "");
    const candidate = {
      slug,
      headline: item.headline,
      language: itemLanguage ?? language,
      standfirst: made.standfirst || undefined,
      section: item.categories[0],
      datePublished: item.datePublished,
      dateModified: item.dateModified !== item.datePublished ? item.dateModified : undefined,
      dateline: item.dateline || undefined,
      byline: item.byline || undefined,
      source: item.source || undefined,
      image: pictureOnly ? undefined : image,
      body: pictureOnly ? made.body : made.body.filter((block) => !repeats.includes(block)),
      copyright: item.copyright || undefined,
      distribution: item.distribution || undefined,
      related: [],
    };
    const parsed = v.safeParse(StorySchema, candidate);
    if (!parsed.success || !isValidSlug(slug)) {
      rejected.push({ id: item.id, reason: `it is not a valid contract story (${issues(parsed) || "slug"})` });
      continue;
    }
    built.push({ item, story: parsed.output, teaser: made.teaser || undefined });
    dropped.set(slug, made.dropped);
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
    headlines: built.slice(0, MAX_HEADLINES).map(({ story, teaser }) => headlineOf(story, teaser)),
  });
  if (!front.success) throw new Error("The source has no story that can be shown.");
  return {
    frontPage: front.output,
    stories,
    origins,
    rejected,
    unsized: [...unsized],
    imageOrigins: [...imageOrigins],
    dropped: new Map([...dropped].filter(([slug]) => stories.has(slug))),
    notes,
  };
}

/** Two files of one picture: described with the same words (an agency's thumbnail of its own hero). */
function isSameDescription(a: Image, b: Image): boolean {
  return a.alt !== "" && a.alt === b.alt && a.caption !== undefined && a.caption === b.caption;
}

function firstImage(body: Block[]): Image | undefined {
  const first = body.find((block) => block.type === "image");
  return first?.type === "image" ? first.image : undefined;
}

/** The first picture a body shows, of any block: for the front page when a story has no hero. */
function firstPicture(body: Block[]): Image | undefined {
  for (const block of body) {
    const picture = blockImages(block)[0];
    if (picture) return picture;
  }
  return undefined;
}

function blockImages(block: Block): Image[] {
  if (block.type === "image") return [block.image];
  if (block.type === "gallery") return block.images;
  if (block.type === "media") return block.poster ? [block.poster] : [];
  if (block.type === "embed") return block.thumbnail ? [block.thumbnail] : [];
  return [];
}

function imageSources(story: Story): string[] {
  const images = [...(story.image ? [story.image] : []), ...story.body.flatMap(blockImages)];
  return images.flatMap((image) => [image.src, ...(image.sources ?? []).map((source) => source.src)]);
}
