/**
 * Pages rendered ahead of the browser (at build time, or by the server for a story on
 * another origin's API): the <head> tags a search engine or a social network reads (title,
 * description, canonical URL, Open Graph, Twitter card and schema.org NewsArticle) and the
 * page put together from the app's shell.
 */
import type { FrontPage, Image, Story } from "../../contract/schema.ts";
import { escapeHtml } from "../../contract/html.ts";
import { textDirection } from "../../contract/language.ts";
import { storyPath } from "../../contract/paths.ts";

export const SITE_NAME = "Dispatch";
const FRONT_DESCRIPTION = "Dispatch: the day's stories, fast and readable on any screen.";

/** JSON that cannot close the script element it sits in. */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

function meta(attribute: "name" | "property", key: string, content: string | undefined): string[] {
  return content ? [`<meta ${attribute}="${key}" content="${escapeHtml(content)}" />`] : [];
}

type Site = { url: string; mediaOrigin: string };

function absolute(path: string, base: string): string {
  return new URL(path, base).href;
}

function imageTags(image: Image | undefined, site: Site): string[] {
  if (!image) return [...meta("name", "twitter:card", "summary")];
  const src = absolute(image.src, site.mediaOrigin);
  return [
    ...meta("property", "og:image", src),
    ...meta("property", "og:image:width", String(image.width)),
    ...meta("property", "og:image:height", String(image.height)),
    ...meta("property", "og:image:alt", image.alt),
    ...meta("name", "twitter:card", "summary_large_image"),
    ...meta("name", "twitter:image", src),
    ...meta("name", "twitter:image:alt", image.alt),
  ];
}

export function storyHead(story: Story, site: Site): string {
  const url = absolute(storyPath(story.slug), site.url);
  const description = story.standfirst ?? story.headline;
  const jsonLd = {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    headline: story.headline,
    description,
    mainEntityOfPage: url,
    url,
    datePublished: story.datePublished,
    dateModified: story.dateModified ?? story.datePublished,
    ...(story.image && { image: [absolute(story.image.src, site.mediaOrigin)] }),
    ...(story.byline && { author: [{ "@type": "Person", name: story.byline }] }),
    ...(story.dateline && { dateline: story.dateline }),
    ...(story.section && { articleSection: story.section }),
    ...(story.copyright && { copyrightNotice: story.copyright }),
    ...(story.source && { sourceOrganization: { "@type": "Organization", name: story.source } }),
    publisher: {
      "@type": "Organization",
      name: SITE_NAME,
      logo: { "@type": "ImageObject", url: absolute("/icons/icon-512.png", site.url) },
    },
  };
  return [
    `<title>${escapeHtml(`${story.headline} — ${SITE_NAME}`)}</title>`,
    ...meta("name", "description", description),
    `<link rel="canonical" href="${escapeHtml(url)}" />`,
    ...meta("property", "og:type", "article"),
    ...meta("property", "og:site_name", SITE_NAME),
    ...meta("property", "og:title", story.headline),
    ...meta("property", "og:description", description),
    ...meta("property", "og:url", url),
    ...meta("property", "article:published_time", story.datePublished),
    ...meta("property", "article:modified_time", story.dateModified),
    ...meta("property", "article:section", story.section),
    ...meta("name", "twitter:title", story.headline),
    ...meta("name", "twitter:description", description),
    ...imageTags(story.image, site),
    `<script type="application/ld+json">${scriptSafeJson(jsonLd)}</script>`,
  ].join("\n    ");
}

export function frontHead(frontPage: FrontPage, site: Site): string {
  const url = absolute("/", site.url);
  return [
    `<title>${SITE_NAME}</title>`,
    ...meta("name", "description", FRONT_DESCRIPTION),
    `<link rel="canonical" href="${escapeHtml(url)}" />`,
    ...meta("property", "og:type", "website"),
    ...meta("property", "og:site_name", SITE_NAME),
    ...meta("property", "og:title", SITE_NAME),
    ...meta("property", "og:description", FRONT_DESCRIPTION),
    ...meta("property", "og:url", url),
    ...imageTags(frontPage.headlines.find((headline) => headline.image)?.image, site),
  ].join("\n    ");
}

const HEAD = /<!--dispatch-head-->[\s\S]*?<!--\/dispatch-head-->/;
// The app's place, holding the shell's own first screen (a skeleton) between its two marks.
const APP = /<!--dispatch-app-->(?:[\s\S]*?<!--\/dispatch-app-->)?/;
// Preloads the shell needs to fetch its data; a rendered page has its data already.
const SHELL_ONLY = /\s*<link [^>]*data-shell-only[^>]*>/g;

/** Throws when the built shell lacks the places a rendered page fills in. */
export function checkShell(shell: string): void {
  if (!HEAD.test(shell) || !APP.test(shell)) {
    throw new Error("The shell (dist/index.html) lacks the dispatch-head or dispatch-app placeholders.");
  }
}

/**
 * The shell with `head`, the rendered `app` and the query cache it was rendered from; a page
 * in another `language` (contract 1.1) says so on <html>, with its direction.
 */
export function composePage(
  shell: string,
  page: { head: string; app: string; state: unknown; language?: string | undefined },
): string {
  const { language } = page;
  const html = language
    ? shell.replace(/<html\b[^>]*>/, () => `<html lang="${escapeHtml(language)}" dir="${textDirection(language)}">`)
    : shell;
  return html
    .replace(SHELL_ONLY, "")
    .replace(HEAD, () => page.head)
    .replace(APP, () => page.app)
    .replace(
      "</body>",
      () => `<script type="application/json" id="dispatch-data">${scriptSafeJson(page.state)}</script></body>`,
    );
}

/** The shell with its own first screen, `app`, kept between the marks a rendered page fills. */
export function fillShell(shell: string, app: string): string {
  return shell.replace(APP, () => `<!--dispatch-app-->${app}<!--/dispatch-app-->`);
}
