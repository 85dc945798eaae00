import { textDirection } from "../../contract/language.ts";
import { isImageAddress, pictureSources, STORY_FIGURE_SIZES } from "../../contract/pictureSources.ts";
import type { Offered, Variant } from "../../contract/pictureSources.ts";

/**
 * The top of a story (section, headline, standfirst and hero figure), drawn by the boot script
 * from the story's JSON into the shell's skeleton before the app's code has arrived: on a
 * static host this is the first the reader sees of the story, and its hero is the page's
 * largest paint. The markup is the app's own (src/story/Story.tsx and StoryFigure.tsx;
 * storyStart.test.ts holds the two together), so when the app renders the whole story in its
 * place nothing moves. Text goes in as text; an image address that is not a path or an http(s)
 * URL draws nothing, as the app's schema refuses it.
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
  if (!skeleton || !isStoryStart(story)) return false;
  // The rest of the skeleton holds the body's place below. A copy, not the skeleton itself:
  // an element already drawn that moved down would be a layout shift; a new one is not.
  const rest = skeleton.cloneNode(true) as Element;
  for (const placeholder of rest.querySelectorAll(":scope > .section-label, .skeleton-headline, .skeleton-figure")) {
    placeholder.remove();
  }
  skeleton.replaceWith(storyStart(story, resolve), rest);
  return true;
}

export function storyStart(story: StoryStart, resolve: (src: string) => string): HTMLElement {
  const article = element("article", { class: "story", "aria-labelledby": "story-headline" });
  if (story.language) {
    article.lang = story.language;
    article.dir = textDirection(story.language);
  }
  const header = element("header", { class: "story-header" });
  if (story.section) header.append(element("p", { class: "section-label" }, story.section.trim()));
  header.append(element("h1", { id: "story-headline", tabindex: "-1" }, story.headline.trim()));
  if (story.standfirst) header.append(element("p", { class: "standfirst" }, story.standfirst.trim()));
  article.append(header);
  if (story.image) article.append(figure(story.image, resolve));
  return article;
}

function figure(image: Figure, resolve: (src: string) => string): HTMLElement {
  const { typed, img } = pictureSources(image, resolve);
  const picture = element("picture", {});
  for (const { type, srcset } of typed) {
    picture.append(element("source", { type, srcset, sizes: STORY_FIGURE_SIZES }));
  }
  picture.append(
    element("img", {
      src: img.src,
      ...(img.srcset ? { srcset: img.srcset, sizes: STORY_FIGURE_SIZES } : {}),
      width: String(image.width),
      height: String(image.height),
      alt: image.alt,
      loading: "eager",
      fetchpriority: "high",
      decoding: "async",
      elementtiming: "hero",
    }),
  );
  const result = element("figure", { class: "story-figure" }, picture);
  if (image.caption || image.credit) {
    const caption = element("figcaption", {}, image.caption?.trim() ?? "");
    if (image.credit) caption.append(element("span", { class: "credit" }, image.credit.trim()));
    result.append(caption);
  }
  return result;
}

/** An element with these attributes and children, all set before it is put in the page. */
export function element(tag: string, attributes: Record<string, string>, ...children: (Node | string)[]): HTMLElement {
  const made = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) made.setAttribute(name, value);
  made.append(...children.filter((child) => child !== ""));
  return made;
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
