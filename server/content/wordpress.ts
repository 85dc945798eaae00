/**
 * WordPress REST API (`/wp/v2/posts?_embed`) into source items: rendered HTML titles and
 * captions decoded once, `date_gmt` read as UTC, the featured image's `media_details` for
 * its size and `srcset`, the embedded author (absent when a security plugin answers with an
 * error object), the primary category as the section.
 */
import { canonicalLanguage } from "../../contract/language.ts";
import type { ImageSource } from "../../contract/schema.ts";
import type { SourceDocument, SourceImage, SourceItem } from "./snapshot.ts";
import { list, number, record, string } from "./read.ts";
import type { Json } from "./read.ts";
import { htmlToText, parseRfc3339 } from "./text.ts";

function rendered(value: unknown): string | undefined {
  return string(record(value)?.rendered) ?? string(value);
}

/** WordPress gives `date_gmt` without an offset: it is UTC. `date` alone is local to the site and is not used. */
function gmt(value: unknown): string | undefined {
  const raw = string(value);
  if (!raw) return undefined;
  return parseRfc3339(/(?:Z|[+-]\d{2}:?\d{2})$/i.test(raw) ? raw : `${raw}Z`);
}

function featuredImage(post: Json): SourceImage | undefined {
  const media = record(list(record(post._embedded)?.["wp:featuredmedia"])[0]);
  const src = string(media?.source_url);
  if (!media || !src || string(media.code)) return undefined;
  const details = record(media.media_details);
  const sizes = Object.values(record(details?.sizes) ?? {}).flatMap((size): ImageSource[] => {
    const entry = record(size);
    const url = string(entry?.source_url);
    const width = number(entry?.width);
    const type = string(entry?.mime_type);
    return url && width ? [{ src: url, width, ...(type && { type }) }] : [];
  });
  const caption = htmlToText(rendered(media.caption) ?? "");
  return {
    src,
    width: number(details?.width),
    height: number(details?.height),
    alt: htmlToText(string(media.alt_text) ?? ""),
    ...(caption && { caption }),
    ...(sizes.length > 0 && { sources: sizes.sort((a, b) => a.width - b.width) }),
  };
}

function terms(post: Json, taxonomy: string): string[] {
  const groups = list(record(post._embedded)?.["wp:term"]);
  return groups.flatMap((group) =>
    list(group).flatMap((term) => {
      const entry = record(term);
      const name = htmlToText(string(entry?.name) ?? "");
      return entry?.taxonomy === taxonomy && name && name !== "Uncategorized" ? [name] : [];
    }),
  );
}

function author(post: Json): string | undefined {
  const entry = record(list(record(post._embedded)?.author)[0]);
  // A hidden user comes back as { code: "rest_user_invalid_id", … }: no byline then.
  if (!entry || string(entry.code)) return undefined;
  return htmlToText(string(entry.name) ?? "") || undefined;
}

function item(post: Json): SourceItem | undefined {
  const id = number(post.id);
  const headline = htmlToText(rendered(post.title) ?? "");
  if (id === undefined || !headline) return undefined;
  const link = string(post.link);
  return {
    id: String(id),
    slugHint: string(post.slug) ?? headline,
    url: link,
    // A permalink is always the post's own page, whichever host the REST API answers on.
    page: link,
    headline,
    categories: terms(post, "category"),
    tags: terms(post, "post_tag"),
    datePublished: gmt(post.date_gmt),
    dateModified: gmt(post.modified_gmt),
    byline: author(post),
    image: featuredImage(post),
    bodyHtml: rendered(post.content),
    // The excerpt, hand-written or generated from the first 55 words, is the trail text: see storyBody.ts.
    summaryHtml: rendered(post.excerpt),
  };
}

/** `posts` is the REST answer (an array of posts); `index` the site's `/wp-json/` answer, when read. */
export function mapWordPress(posts: unknown, options: { siteUrl: string; index?: unknown }): SourceDocument {
  if (!Array.isArray(posts)) {
    throw new Error("the WordPress answer is not a list of posts");
  }
  const document: SourceDocument = {
    items: [],
    siteUrl: options.siteUrl,
    rejected: [],
    related: "latest",
  };
  const language = canonicalLanguage(string(record(options.index)?.lang) ?? "");
  if (language) document.language = language;
  for (const [index, entry] of posts.entries()) {
    const post = record(entry);
    const mapped = post && item(post);
    if (mapped) document.items.push(mapped);
    else document.rejected.push({ id: String(record(entry)?.id ?? `#${index}`), reason: "it has no id or title" });
  }
  return document;
}
