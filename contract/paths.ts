/**
 * The addresses the contract and the site agree on, each written once: a story's page, the
 * API's documents relative to its base, and how a base is read.
 */
import { DAILY_HEADLINES } from "./signup.ts";
import { isValidSlug } from "./slug.ts";

/** A story's page on the site. */
export function storyPath(slug: string): string {
  return `/articles/${slug}`;
}

/** The slug of the story at `pathname` (`/articles/<slug>`), when it is one the contract allows. */
export function storySlugAt(pathname: string): string | undefined {
  const slug = /^\/articles\/([^/]+)$/.exec(pathname)?.[1];
  return slug && isValidSlug(slug) ? slug : undefined;
}

/** The front page's document, relative to the API's base. */
export const FRONT_PAGE_DOCUMENT = "headlines.json";

/** A story's document, relative to the API's base. */
export function storyDocument(slug: string): string {
  return `articles/${slug}.json`;
}

/** When the daily email goes (contract/dailyEmail.ts), relative to the API's base. */
export const DAILY_EMAIL_DOCUMENT = `subscriptions/${DAILY_HEADLINES}`;

/**
 * The API's base as a directory (`/api` → `/api/`, `https://x.example/v1` → `…/v1/`), so the
 * documents above resolve under it and not beside it, with or without a slash in the setting.
 */
export function apiDirectory(base: string): string {
  return base.replace(/\/?$/, "/");
}
