import { escapeHtml } from "../../contract/html.ts";
import { apiDirectory, storyDocument } from "../../contract/paths.ts";

type HintOptions = {
  apiBase: string;
  apiOrigin: string | undefined;
  /** A story the client will fetch as soon as it runs: start the request with the HTML. */
  storySlug?: string;
};

/** The part of the rewrite that changes the bytes, for ETags and caching compressed variants. */
export function pageVariant({ storySlug }: Pick<HintOptions, "storySlug">): string {
  return storySlug ? `story.${storySlug}` : "page";
}

/**
 * Tells the browser early about the API it will talk to. The page stays the same for every
 * reader (a shared cache can keep it): the reader's theme and text size are put on <html> by
 * the head script the build inlines (src/display/headScript.ts), before the first paint.
 */
export function addResourceHints(html: string, options: HintOptions): string {
  const hints: string[] = [];
  if (options.apiOrigin) hints.push(`<link rel="preconnect" href="${escapeHtml(options.apiOrigin)}" crossorigin />`);
  if (options.storySlug) {
    const href = `${apiDirectory(options.apiBase)}${storyDocument(options.storySlug)}`;
    hints.push(`<link rel="preload" href="${escapeHtml(href)}" as="fetch" crossorigin="anonymous" />`);
  }
  return hints.length > 0 ? html.replace("</head>", `${hints.join("")}</head>`) : html;
}
