import { DEFAULT_PREFERENCES, parsePreferences } from "../src/shared/preferences.ts";
import { escapeHtml } from "../src/shared/pageHead.ts";

type PageOptions = {
  cookie: string | undefined;
  apiBase: string;
  apiOrigin: string | undefined;
  /** A story the client will fetch as soon as it runs: start the request with the HTML. */
  storySlug?: string;
};

/** The part of the rewrite that changes the bytes, for caching compressed variants. */
export function pageVariant({ cookie, storySlug }: Pick<PageOptions, "cookie" | "storySlug">): string {
  const { theme, textSize } = parsePreferences(cookie);
  return `${theme}.${textSize}${storySlug ? `.${storySlug}` : ""}`;
}

/**
 * Sets the reader's theme and text size on <html> before the first paint (no inline script
 * needed), and tells the browser early about the API it will talk to.
 */
export function personalisePage(html: string, options: PageOptions): string {
  const preferences = parsePreferences(options.cookie);
  const hints: string[] = [];
  if (options.apiOrigin) hints.push(`<link rel="preconnect" href="${escapeHtml(options.apiOrigin)}" crossorigin />`);
  if (options.storySlug) {
    const base = options.apiBase.replace(/\/?$/, "/");
    const href = `${base}articles/${options.storySlug}.json`;
    hints.push(`<link rel="preload" href="${escapeHtml(href)}" as="fetch" crossorigin="anonymous" />`);
  }
  let page = html;
  if (preferences.theme !== DEFAULT_PREFERENCES.theme || preferences.textSize !== DEFAULT_PREFERENCES.textSize) {
    page = page.replace(/<html\b/, `<html data-theme="${preferences.theme}" data-text-size="${preferences.textSize}"`);
  }
  return hints.length > 0 ? page.replace("</head>", `${hints.join("")}</head>`) : page;
}
