import { textDirection } from "../../contract/language.ts";
import { isImageAddress, pictureSources } from "../../contract/pictureSources.ts";
import type { Offered, Variant } from "../../contract/pictureSources.ts";
import { slotIn, STORY_TOP_TEMPLATE } from "../story/storySlots.ts";

/**
 * The top of a story (section, headline, standfirst and hero figure), drawn by the boot script
 * from the story's JSON into the shell's skeleton before the app's code has arrived: on a
 * static host this is the first the reader sees of the story, and its hero is the page's
 * largest paint. The markup is not written here: the build renders the app's own StoryArticle
 * into a template in the shell (src/story/storyTemplate.tsx) with a slot in every place a story
 * fills, and this fills a copy, so when the app renders the whole story in its place nothing
 * moves. Text goes in as text; an image address that is not a path or an http(s) URL draws
 * nothing, as the app's schema refuses it.
 */

type Figure = Offered & { width: number; height: number; alt: string; caption?: string; credit?: string };
export type StoryStart = {
  headline: string;
  section?: string;
  standfirst?: string;
  language?: string;
  image?: Figure;
};

/** Draws the story's top in place of the skeleton's; false when the story is not one to draw. */
export function drawStoryStart(story: unknown, resolve: (src: string) => string): boolean {
  const skeleton = document.querySelector("main .story.skeleton");
  const template = document.getElementById(STORY_TOP_TEMPLATE);
  if (!skeleton || !(template instanceof HTMLTemplateElement) || !isStoryStart(story)) return false;
  const top = template.content.firstElementChild?.cloneNode(true);
  if (!(top instanceof Element)) return false;
  fill(top, slotValues(story, resolve));
  // The rest of the skeleton holds the body's place below. A copy, not the skeleton itself:
  // an element already drawn that moved down would be a layout shift; a new one is not.
  const rest = skeleton.cloneNode(true) as Element;
  for (const placeholder of rest.querySelectorAll(":scope > .section-label, .skeleton-headline, .skeleton-figure")) {
    placeholder.remove();
  }
  skeleton.replaceWith(top, rest);
  return true;
}

type Values = Record<string, string | undefined>;
type Slots = { values: Values; lists: Record<string, Values[]> };

/** What each slot holds for this story; undefined where the story has no such part. */
function slotValues(story: StoryStart, resolve: (src: string) => string): Slots {
  const { image } = story;
  const pictures = image && pictureSources(image, resolve);
  const text = (value: string | undefined) => value?.trim();
  return {
    values: {
      headline: text(story.headline),
      section: text(story.section),
      standfirst: text(story.standfirst),
      language: story.language,
      src: pictures?.img.src,
      srcset: pictures?.img.srcset,
      width: image && String(image.width),
      height: image && String(image.height),
      alt: image?.alt,
      caption: text(image?.caption),
      credit: text(image?.credit),
    },
    lists: { typed: pictures?.typed.map(({ type, srcset }) => ({ typed_type: type, typed_srcset: srcset })) ?? [] },
  };
}

/**
 * Attributes a story may leave out, and the attribute that goes with each: `dir` follows the
 * language, `sizes` describes a `srcset`. Any other attribute whose slot is empty takes its
 * element with it.
 */
const OPTIONAL: Record<string, { partner: string; value?: (filled: string) => string }> = {
  lang: { partner: "dir", value: textDirection },
  srcset: { partner: "sizes" },
};

/** Fills `element`'s slots; false when it should go, as the app would not draw it for this story. */
function fill(element: Element, slots: Slots): boolean {
  for (const { name, value: marked } of [...element.attributes]) {
    const named = slotIn(marked);
    if (!named) continue;
    const value = slots.values[named];
    const optional = OPTIONAL[name];
    if (value !== undefined) {
      element.setAttribute(name, value);
      if (optional?.value) element.setAttribute(optional.partner, optional.value(value));
    } else if (optional) {
      element.removeAttribute(name);
      element.removeAttribute(optional.partner);
    } else {
      return false;
    }
  }
  const hadContent = element.hasChildNodes();
  for (const child of [...element.childNodes]) {
    if (child instanceof Element) {
      const list = listOf(child);
      if (list) {
        for (const values of slots.lists[list] ?? []) {
          const copy = child.cloneNode(true) as Element;
          if (fill(copy, { ...slots, values: { ...slots.values, ...values } })) child.before(copy);
        }
        child.remove();
      } else if (!fill(child, slots)) {
        child.remove();
      }
    } else if (child instanceof Text) {
      const named = slotIn(child.data);
      if (!named) continue;
      const value = slots.values[named];
      if (value === undefined) child.remove();
      else child.data = value;
    }
  }
  return !hadContent || element.hasChildNodes();
}

/** The list an element repeats for, when one of its attributes holds a slot named `LIST_FIELD`. */
function listOf(element: Element): string | undefined {
  for (const { value } of element.attributes) {
    const [list, field] = slotIn(value)?.split("_") ?? [];
    if (field) return list;
  }
  return undefined;
}

const optionalText = (value: unknown) => value === undefined || (typeof value === "string" && value.trim() !== "");
const pixels = (value: unknown) => typeof value === "number" && Number.isInteger(value) && value > 0;

/** As much of the contract's Story as this draws, checked as the app's schema would. */
function isStoryStart(value: unknown): value is StoryStart {
  const story = value as Partial<Record<keyof StoryStart, unknown>> | undefined;
  if (typeof story?.headline !== "string" || story.headline.trim() === "") return false;
  if (![story.section, story.standfirst].every(optionalText)) return false;
  if (story.language !== undefined && typeof story.language !== "string") return false;
  return story.image === undefined || isFigure(story.image);
}

function isFigure(value: unknown): value is Figure {
  const image = value as Partial<Record<keyof Figure, unknown>>;
  return (
    isImage(value) &&
    pixels(image.width) &&
    pixels(image.height) &&
    typeof image.alt === "string" &&
    [image.caption, image.credit].every(optionalText)
  );
}

/** Enough of a contract Image to name its files; the app checks the whole story. */
export function isImage(value: unknown): value is Offered {
  const image = value as { src?: unknown; sources?: unknown } | undefined;
  if (typeof image?.src !== "string" || !isWebAddress(image.src)) return false;
  if (image.sources === undefined) return true;
  return (
    Array.isArray(image.sources) &&
    image.sources.every(
      (variant: Partial<Variant> | undefined) =>
        typeof variant?.src === "string" &&
        isWebAddress(variant.src) &&
        typeof variant.width === "number" &&
        (variant.type === undefined || typeof variant.type === "string"),
    )
  );
}

/** An address the schema allows, and one a srcset can carry (no space or comma). */
function isWebAddress(src: string): boolean {
  return isImageAddress(src) && !/[\s,]/.test(src);
}
