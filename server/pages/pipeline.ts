/**
 * The one page pipeline: a story or the front page, already checked against the contract at
 * the door, rendered with the app's server bundle, given the head a search engine or a social
 * network reads, and composed from the shell. The server renders every page with it at request
 * time (storyPages.ts); the build's prerender (scripts/prerender.ts) writes the same pages for
 * a static host, which has no server and so keeps the build's site settings.
 */
import type { AppRender } from "../../contract/appRender.ts";
import { apiDirectory, storyPath } from "../../contract/paths.ts";
import type { FrontPage, Story } from "../../contract/schema.ts";
import { composePage, frontHead, storyHead } from "./pageHead.ts";

/** The site's own settings, read once where the process starts and passed down: only these name the site. */
export type Site = {
  /** SITE_URL: the only origin in a page's canonical, Open Graph and JSON-LD addresses. */
  url: string;
};

/** What every page is made with: the app's server bundle, the built shell and the site. */
export type Pipeline = {
  app: AppRender;
  /** The built dist/index.html, with the dispatch-head and dispatch-app marks (checkShell). */
  shell: string;
  site: Site;
  /** The origin a story's relative image addresses are on: the API's. */
  mediaOrigin: string;
};

/** Where relative image addresses point: the API the app was built for, on the site's origin when it is a path. */
export function mediaOriginOf(apiBase: string, site: Site): string {
  return new URL(apiDirectory(apiBase), site.url).origin;
}

export function storyPage({ app, shell, site, mediaOrigin }: Pipeline, story: Story): string {
  const { html, state } = app.renderAppHtml(storyPath(story.slug), { kind: "story", story });
  const head = storyHead(story, { url: site.url, mediaOrigin });
  return composePage(shell, { head, app: html, state, language: story.language });
}

export function frontPage({ app, shell, site, mediaOrigin }: Pipeline, front: FrontPage): string {
  const { html, state } = app.renderAppHtml("/", { kind: "front", frontPage: front });
  const head = frontHead(front, { url: site.url, mediaOrigin });
  return composePage(shell, { head, app: html, state, language: front.language });
}
