import * as v from "valibot";

import { canonicalLanguage } from "./language.ts";
import { isImageAddress } from "./pictureSources.ts";
import { isValidSlug } from "./slug.ts";

// ISO 8601 date-time with an explicit offset, e.g. 2026-11-20T09:30:00Z or …+01:00.
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

const text = v.pipe(v.string(), v.trim(), v.minLength(1));

const dateTime = v.pipe(
  v.string(),
  v.regex(ISO_DATE_TIME, "expected an ISO 8601 date-time with offset"),
  v.check((value) => !Number.isNaN(Date.parse(value)), "not a real date"),
);

const slug = v.pipe(v.string(), v.check(isValidSlug, "slug breaks the contract's pattern"));

// Refused at the door: an image address that is not a path or an http(s) URL.
const imageSrc = v.pipe(v.string(), v.check(isImageAddress, "image src must be a path or an http(s) URL"));

// Contract 1.1: a BCP 47 tag; a malformed one is dropped (the page keeps its default language).
const language = v.fallback(
  v.optional(
    v.pipe(
      v.string(),
      v.check((value) => canonicalLanguage(value) !== undefined, "expected a BCP 47 language tag"),
    ),
  ),
  undefined,
);

const pixels = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(20_000));

/** Drops the items of a list that break their schema instead of failing the whole list. */
function keepValid<TSchema extends v.GenericSchema>(item: TSchema) {
  return v.pipe(
    v.array(v.unknown()),
    v.transform((items) =>
      items.flatMap((candidate) => {
        const result = v.safeParse(item, candidate);
        return result.success ? [result.output as v.InferOutput<TSchema>] : [];
      }),
    ),
  );
}

export const ImageSourceSchema = v.object({
  src: imageSrc,
  width: pixels,
  type: v.optional(v.pipe(v.string(), v.regex(/^image\/[a-z0-9.+-]+$/))),
});

export const ImageSchema = v.object({
  src: imageSrc,
  width: pixels,
  height: pixels,
  alt: v.string(),
  caption: v.optional(text),
  credit: v.optional(text),
  sources: v.optional(keepValid(ImageSourceSchema)),
});

/** An optional image that is dropped, not fatal, when it breaks the contract. */
const optionalImage = v.fallback(v.optional(ImageSchema), undefined);

export const HeadlineSchema = v.object({
  slug,
  headline: text,
  datePublished: dateTime,
  standfirst: v.optional(text),
  section: v.optional(text),
  image: optionalImage,
});

const inlineHtml = v.string();

// An address a reader's browser may be sent to: an absolute http(s) URL.
const webAddress = v.pipe(v.string(), v.url(), v.regex(/^https?:\/\//i, "expected an http(s) URL"));

/** Contract 1.2: a post or video on another platform, shown as a card until the reader asks for more. */
export const EmbedSchema = v.object({
  type: v.literal("embed"),
  /** A lowercase name: youtube, vimeo, x, instagram, tiktok, facebook, or another provider's. */
  provider: v.pipe(text, v.regex(/^[a-z0-9][a-z0-9.-]{0,39}$/, "expected a lowercase provider name")),
  url: webAddress,
  title: v.optional(text),
  author: v.optional(text),
  /** The post's own words, plain text. */
  text: v.optional(text),
  thumbnail: optionalImage,
});

/** Contract 1.2: two or more images shown together. */
export const GallerySchema = v.object({
  type: v.literal("gallery"),
  images: v.pipe(v.array(v.unknown()), keepValid(ImageSchema), v.minLength(2)),
  caption: v.optional(text),
});

const tableRow = v.pipe(v.array(inlineHtml), v.minLength(1));

/** Contract 1.2: a table of text; cells are inline HTML, as paragraphs. */
export const TableSchema = v.object({
  type: v.literal("table"),
  caption: v.optional(text),
  head: v.optional(v.array(tableRow), []),
  rows: v.pipe(v.array(tableRow), v.minLength(1)),
});

const seconds = v.pipe(v.number(), v.minValue(0), v.maxValue(1_000_000));

// A media file's address, by the images' rule: a path on the API's origin or an http(s) URL.
const mediaSrc = v.pipe(v.string(), v.check(isImageAddress, "media src must be a path or an http(s) URL"));

/** Contract 1.2: a video or audio file, played only when the reader asks. */
export const MediaSchema = v.object({
  type: v.literal("media"),
  kind: v.picklist(["video", "audio"]),
  sources: v.pipe(
    v.array(v.unknown()),
    keepValid(v.object({ src: mediaSrc, type: v.pipe(v.string(), v.regex(/^(video|audio)\/[a-z0-9.+-]+$/)) })),
    v.minLength(1),
  ),
  title: v.optional(text),
  poster: optionalImage,
  duration: v.optional(seconds),
  captions: v.optional(keepValid(v.object({ src: mediaSrc, language, label: v.optional(text) })), []),
});

export const BlockSchema = v.variant("type", [
  v.object({ type: v.literal("paragraph"), html: inlineHtml }),
  v.object({ type: v.literal("heading"), text }),
  v.object({ type: v.literal("quote"), text, cite: v.optional(text) }),
  v.object({ type: v.literal("image"), image: ImageSchema }),
  v.object({ type: v.literal("list"), ordered: v.boolean(), items: v.array(inlineHtml) }),
  EmbedSchema,
  GallerySchema,
  TableSchema,
  MediaSchema,
]);

export const StorySchema = v.object({
  slug,
  headline: text,
  language,
  standfirst: v.optional(text),
  section: v.optional(text),
  datePublished: dateTime,
  dateModified: v.fallback(v.optional(dateTime), undefined),
  dateline: v.optional(text),
  byline: v.optional(text),
  source: v.optional(text),
  image: optionalImage,
  // The contract asks for at least one block; unknown or malformed blocks are skipped.
  body: v.pipe(v.array(v.unknown()), v.minLength(1), keepValid(BlockSchema)),
  copyright: v.optional(text),
  distribution: v.optional(text),
  related: v.optional(keepValid(HeadlineSchema), []),
});

export const FrontPageSchema = v.object({
  updated: dateTime,
  language,
  headlines: v.pipe(v.array(v.unknown()), v.minLength(1), keepValid(HeadlineSchema)),
});

export type Image = v.InferOutput<typeof ImageSchema>;
export type ImageSource = v.InferOutput<typeof ImageSourceSchema>;
export type Headline = v.InferOutput<typeof HeadlineSchema>;
export type Block = v.InferOutput<typeof BlockSchema>;
export type Embed = v.InferOutput<typeof EmbedSchema>;
export type Gallery = v.InferOutput<typeof GallerySchema>;
export type Table = v.InferOutput<typeof TableSchema>;
export type Media = v.InferOutput<typeof MediaSchema>;
export type Story = v.InferOutput<typeof StorySchema>;
export type FrontPage = v.InferOutput<typeof FrontPageSchema>;
