import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as v from "valibot";
import { afterEach, describe, expect, it } from "vitest";
import { StorySchema } from "../../contract/schema.ts";
import { renderAppHtml, renderShell } from "../app/render.tsx";
import { drawStoryStart } from "./storyStart.ts";

const ARTICLES = join(import.meta.dirname, "..", "..", "content", "api", "articles");
const bundled: Record<string, unknown>[] = readdirSync(ARTICLES)
  .filter((name) => name.endsWith(".json"))
  .map((name) => JSON.parse(readFileSync(join(ARTICLES, name), "utf8")));
const [first] = bundled;
if (!first) throw new Error("content/api/articles has no story");
const image = first.image as Record<string, unknown>;

// Every optional part of the story's top, present and absent.
const variants: [string, Record<string, unknown>][] = [
  ...bundled.map((story): [string, Record<string, unknown>] => [String(story.slug), story]),
  ["no section, standfirst or image", { ...first, section: undefined, standfirst: undefined, image: undefined }],
  [
    "an image with no sources, caption or credit",
    { ...first, image: { ...image, sources: undefined, caption: undefined, credit: undefined } },
  ],
  ["a credit without a caption", { ...first, image: { ...image, caption: undefined } }],
  ["untyped sources only", { ...first, image: { ...image, sources: [{ src: "/media/a-480.jpg", width: 480 }] } }],
  ["padded text", { ...first, headline: "  Spaced out  ", section: " News ", image: { ...image, caption: " Seen. " } }],
  ["a right-to-left language", { ...first, language: "ar" }],
];

/** The story's top as the app renders it: its article's attributes, header and hero figure. */
function appTop(story: Record<string, unknown>): string {
  const parsed = v.parse(StorySchema, story);
  const page = document.createElement("div");
  page.innerHTML = renderAppHtml(`/articles/${parsed.slug}`, { kind: "story", story: parsed }).html;
  const article = page.querySelector("article.story");
  if (!article) throw new Error("The app rendered no story");
  const top = article.cloneNode(false) as Element;
  top.append(...article.querySelectorAll(":scope > header, :scope > figure"));
  return top.outerHTML;
}

function shellPage(): HTMLElement {
  document.body.innerHTML = renderShell();
  const main = document.querySelector("main");
  if (!main) throw new Error("The shell has no <main>");
  return main;
}

afterEach(() => {
  document.body.innerHTML = "";
});

describe("the story's top drawn before the app", () => {
  it.each(variants)("is the app's own markup: %s", (_, story) => {
    const main = shellPage();
    expect(drawStoryStart(story, (src) => src)).toBe(true);
    const drawn = main.querySelector("article.story");
    expect(drawn?.outerHTML).toBe(appTop(story));
  });

  it("takes the skeleton's place, keeping a skeleton for the body below it", () => {
    const main = shellPage();
    drawStoryStart(first, (src) => src);
    expect([...main.children].map((child) => child.className)).toEqual(["story", "story skeleton"]);
    const rest = main.querySelector(".skeleton");
    expect(rest?.getAttribute("aria-busy")).toBe("true");
    expect(rest?.querySelector(".skeleton-headline, .skeleton-figure, .section-label")).toBeNull();
    expect(rest?.querySelectorAll(".skeleton-line")).toHaveLength(3);
  });

  it("resolves image addresses against the API", () => {
    const main = shellPage();
    drawStoryStart(first, (src) => new URL(src, "https://api.example").href);
    expect(main.querySelector("img")?.getAttribute("src")).toBe(`https://api.example${image.src}`);
    expect(main.querySelector("source")?.getAttribute("srcset")).toMatch(/^https:\/\/api\.example\/media\//);
  });

  it.each([
    ["nothing", undefined],
    ["an error", { error: "not found" }],
    ["an empty headline", { ...first, headline: "  " }],
    ["a script address", { ...first, image: { ...image, src: "javascript:alert(1)" } }],
    [
      "a protocol-relative source",
      { ...first, image: { ...image, sources: [{ src: "//evil.example/a.jpg", width: 4 }] } },
    ],
    ["a size that is not one", { ...first, image: { ...image, width: "wide" } }],
    ["a section that is not text", { ...first, section: 7 }],
  ])("draws nothing for %s, and leaves the skeleton", (_, story) => {
    const main = shellPage();
    const before = main.innerHTML;
    expect(drawStoryStart(story, (src) => src)).toBe(false);
    expect(main.innerHTML).toBe(before);
  });

  it("draws whatever the template holds: the markup is the build's, not the boot script's", () => {
    const main = shellPage();
    const template = document.querySelector("template");
    if (!template) throw new Error("The shell has no story top template");
    template.innerHTML =
      '<article class="story" lang="__slot_language__" dir="ltr"><p class="kicker">__slot_section__</p>' +
      '<h1>__slot_headline__</h1><p class="standfirst">__slot_standfirst__</p></article>';
    expect(drawStoryStart({ ...first, standfirst: undefined, language: "he" }, (src) => src)).toBe(true);
    expect(main.querySelector("article")?.outerHTML).toBe(
      `<article class="story" lang="he" dir="rtl"><p class="kicker">${first.section}</p><h1>${first.headline}</h1></article>`,
    );
  });

  it("draws nothing without the template", () => {
    const main = shellPage();
    document.querySelector("template")?.remove();
    const before = main.innerHTML;
    expect(drawStoryStart(first, (src) => src)).toBe(false);
    expect(main.innerHTML).toBe(before);
  });

  it("writes text as text", () => {
    const main = shellPage();
    drawStoryStart({ ...first, headline: "<img src=x onerror=alert(1)>" }, (src) => src);
    expect(main.querySelector("h1")?.textContent).toBe("<img src=x onerror=alert(1)>");
    expect(main.querySelectorAll("img")).toHaveLength(1);
  });
});
