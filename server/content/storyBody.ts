/**
 * One source item's body and standfirst, from its HTML and what the source attaches to it:
 * the rules that keep a story from repeating itself (a standfirst that is the body's first
 * paragraph, a body that opens with the headline or the agency's slugline) and the shape of
 * a summary-only item (the trail text as standfirst, one "Read the full story" link).
 */
import { escapeHtml } from "../../contract/html.ts";
import type { Block, Image } from "../../contract/schema.ts";
import { htmlToBlocks, isStoryImage } from "./blocks.ts";
import type { BodyContext } from "./blocks.ts";
import { addDropped, drop } from "./dropped.ts";
import type { Dropped } from "./dropped.ts";
import { mediaBlock } from "./media.ts";
import type { MediaCaptions, MediaFile, MediaKind } from "./media.ts";
import { collapse, htmlToText } from "./text.ts";

/** An image as a source describes it; a size may be missing until the server reads the file. */
export type SourceImage = Omit<Image, "width" | "height"> & { width?: number; height?: number };

/** Video, audio or a post of another platform that a source attaches to an item (Media RSS, enclosures, ninjs). */
export type SourceMedia =
  | { kind: "picture"; image: SourceImage }
  | { kind: "embed"; provider: string; url: string; title?: string; text?: string; thumbnail?: SourceImage }
  | {
      kind: MediaKind;
      files: MediaFile[];
      title?: string;
      poster?: SourceImage;
      duration?: number;
      captions?: MediaCaptions[];
    };

export type BodySource = {
  headline: string;
  url?: string;
  standfirst?: string;
  bodyHtml?: string;
  summaryHtml?: string;
  media?: SourceMedia[];
  /** Words a body may open with that are not its text: a slugline, a byline, the agency's name. */
  labels?: string[];
};

export type StoryBody = {
  body: Block[];
  /** The story page's standfirst: absent when it would only repeat the body's opening. */
  standfirst?: string;
  /** The front page's line under the headline: the standfirst, even one the story page leaves out. */
  teaser?: string;
  dropped: Dropped;
};

export function sizedImage(image: SourceImage | undefined, context: BodyContext): Image | undefined {
  if (!image) return undefined;
  const size = image.width && image.height ? { width: image.width, height: image.height } : context.sizeOf(image.src);
  if (!isStoryImage(image.src, size)) return undefined;
  if (!size) {
    context.unsized(image.src);
    return undefined;
  }
  return { ...image, width: size.width, height: size.height };
}

function mediaBlocks(media: readonly SourceMedia[], context: BodyContext, dropped: Dropped): Block[] {
  return media.flatMap((entry): Block[] => {
    if (entry.kind === "picture") {
      const image = sizedImage(entry.image, context);
      return image ? [{ type: "image", image }] : [];
    }
    if (entry.kind === "embed") {
      const thumbnail = sizedImage(entry.thumbnail, context);
      const { kind: _kind, thumbnail: _thumbnail, ...embed } = entry;
      return [{ type: "embed", ...embed, ...(thumbnail && { thumbnail }) }];
    }
    const poster = sizedImage(entry.poster, context);
    const block = mediaBlock({
      kind: entry.kind,
      files: entry.files,
      ...(entry.title && { title: entry.title }),
      ...(poster && { poster }),
      ...(entry.duration !== undefined && { duration: entry.duration }),
      ...(entry.captions && { captions: entry.captions }),
    });
    if (!block) drop(dropped, "unplayable media");
    return block ? [block] : [];
  });
}

/** The address a block stands for, to leave out attached media the body already shows. */
function addressOf(block: Block): string | undefined {
  if (block.type === "embed") return block.url;
  if (block.type === "media") return block.sources[0]?.src;
  if (block.type === "image") return block.image.src;
  return undefined;
}

/** Text for comparing: entities decoded, case, spaces and curly or straight quotes ignored, as a reader would see it. */
function key(text: string): string {
  return text
    .normalize("NFC")
    .replace(/[\s\u00a0]+/g, "")
    .replace(/[\u2018\u2019\u02bc\u2032]/g, "'")
    .replace(/[\u201c\u201d\u201e\u2033]/g, '"')
    .toLowerCase();
}

function blockText(block: Block): string {
  if (block.type === "paragraph") return htmlToText(block.html);
  if (block.type === "heading" || block.type === "quote") return block.text;
  if (block.type === "list") return block.items.map(htmlToText).join(" ");
  return "";
}

const ELLIPSIS = /\s*(?:\[\s*(?:…|\.\.\.|&hellip;)\s*\]|…|\.\.\.|&hellip;)$/;

/** Whether a line is made only of labels (`FörsvarTT` = a vignette glued to the agency, `Militärövning`). */
export function isLabelLine(text: string, labels: readonly string[]): boolean {
  const line = key(text);
  if (!line || line.length > 200) return false;
  const keys = [...new Set(labels.map(key).filter(Boolean))].sort((a, b) => b.length - a.length);
  if (keys.includes(line)) return true;
  // Concatenations of up to three labels, in any order.
  const spans = (rest: string, depth: number): boolean =>
    rest === "" ||
    (depth < 3 && keys.some((label) => rest.startsWith(label) && spans(rest.slice(label.length), depth + 1)));
  if (spans(line, 0)) return true;
  // A short section word before or after the agency's name: `Försvar TT`, `TT Försvar`.
  const words = collapse(text).split(" ");
  return (
    collapse(text).length <= 40 &&
    !/[.!?:]$/.test(collapse(text)) &&
    keys.some((label) => {
      if (label.length > 12 || line === label) return false;
      const rest = line.startsWith(label)
        ? line.slice(label.length)
        : line.endsWith(label)
          ? line.slice(0, -label.length)
          : undefined;
      return rest !== undefined && /^[\p{L}-]+$/u.test(rest) && words.length <= 3;
    })
  );
}

/** Leading headings and paragraphs that only repeat the headline or a label. */
function withoutLabelLines(blocks: Block[], labels: readonly string[], dropped: Dropped): Block[] {
  let start = 0;
  for (const block of blocks) {
    if ((block.type !== "heading" && block.type !== "paragraph") || !isLabelLine(blockText(block), labels)) break;
    start += 1;
  }
  drop(dropped, "repeated label", start);
  return blocks.slice(start);
}

function readFullStory(url: string | undefined): Block[] {
  const link = url ? URL.parse(url) : null;
  if (!link || (link.protocol !== "http:" && link.protocol !== "https:")) return [];
  const host = link.hostname.replace(/^www\./, "");
  return [
    { type: "paragraph", html: `Read the full story at <a href="${escapeHtml(link.href)}">${escapeHtml(host)}</a>` },
  ];
}

/** A standfirst from a feed's trail text: its first paragraph, with `[…]` written as an ellipsis. */
function trailText(blocks: readonly Block[]): string | undefined {
  const first = blocks.find((block) => block.type === "paragraph");
  const text = first ? htmlToText(first.html).replace(ELLIPSIS, "…") : "";
  return text || undefined;
}

/**
 * The standfirst against the body's opening: when it is the first paragraph word for word,
 * that paragraph goes (unless it carries a link, which the standfirst could not); when it is
 * the body's opening words, cut short or not (WordPress's generated excerpt, a wire's
 * description), the story page leaves it out and the front page keeps it as the teaser.
 */
function settleStandfirst(
  body: Block[],
  standfirst: string | undefined,
  dropped: Dropped,
): Pick<StoryBody, "body" | "standfirst" | "teaser"> {
  if (!standfirst) return { body };
  const wanted = key(standfirst);
  const first = body[0];
  if (
    first &&
    body.length > 1 &&
    first.type === "paragraph" &&
    key(blockText(first)) === wanted &&
    !/<a\s/.test(first.html)
  ) {
    drop(dropped, "repeated standfirst");
    return { body: body.slice(1), standfirst, teaser: standfirst };
  }
  const stem = key(standfirst.replace(ELLIPSIS, ""));
  const opening = key(body.slice(0, 8).map(blockText).join(" "));
  if (stem.length > 0 && opening.startsWith(stem)) return { body, teaser: standfirst };
  return { body, standfirst, teaser: standfirst };
}

/** A story's body, standfirst and teaser, and what was left out, from a source item. Pure. */
export function storyBody(item: BodySource, context: BodyContext): StoryBody {
  const dropped: Dropped = {};
  const labels = [item.headline, ...(item.labels ?? [])];
  const full = item.bodyHtml ? htmlToBlocks(item.bodyHtml, context) : { blocks: [], dropped: {} };
  let blocks = withoutLabelLines(full.blocks, labels, full.dropped);
  let standfirst = item.standfirst;
  if (blocks.length > 0) {
    addDropped(dropped, full.dropped);
    // Only the trail text's words are used: its pictures are not the story's, so their sizes are not asked for.
    if (!standfirst && item.summaryHtml) {
      standfirst = trailText(htmlToBlocks(item.summaryHtml, { ...context, unsized: () => {} }).blocks);
    }
  } else if (item.summaryHtml) {
    // A summary-only item: its trail text is the standfirst, then what else it says, then one link to the original.
    const summary = htmlToBlocks(item.summaryHtml, context);
    addDropped(dropped, summary.dropped);
    const summaryBlocks = withoutLabelLines(summary.blocks, labels, dropped);
    const link = summaryBlocks.length > 0 ? readFullStory(item.url) : [];
    const [first, ...rest] = summaryBlocks;
    if (!standfirst && first?.type === "paragraph" && !/<a\s/.test(first.html) && rest.length + link.length > 0) {
      standfirst = htmlToText(first.html);
      blocks = [...rest, ...link];
    } else blocks = [...summaryBlocks, ...link];
  }
  const settled = settleStandfirst(blocks, standfirst && collapse(standfirst), dropped);
  // Media the source attaches leads the story, unless the body already shows it.
  const shown = new Set(blocks.map(addressOf).filter(Boolean));
  const attached = mediaBlocks(item.media ?? [], context, dropped).filter((block) => !shown.has(addressOf(block)));
  return { ...settled, body: [...attached, ...settled.body], dropped };
}
