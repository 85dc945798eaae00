/**
 * What feeds and blog themes add around a story that is not the story: tracking pixels,
 * share buttons, "Continue reading" links back to the item, "The post … appeared first on …".
 */
import type { Element } from "./markup.ts";
import { classMatch, siteHost } from "./markup.ts";

// Hosts that serve only counters and feed statistics, never a story's picture.
const TRACKING_HOSTS = new Set([
  "feeds.feedburner.com",
  "feedproxy.google.com",
  "feeds.feedblitz.com",
  "pixel.wp.com",
  "stats.wordpress.com",
  "pi.feedsportal.com",
  "da.feedsportal.com",
  "rss.feedsportal.com",
  "www.google-analytics.com",
  "google-analytics.com",
  "stats.g.doubleclick.net",
  "sb.scorecardresearch.com",
  "b.scorecardresearch.com",
  "pixel.quantserve.com",
  "pixel.tapad.com",
  "rss.buysellads.com",
  "srv.buysellads.com",
  "feeds.wordpress.com",
  "counter.theconversation.com",
  "syndication.twitter.com",
]);

/**
 * A counter rather than a picture: a known statistics host, a host named for counting
 * (`stats.`, `pixel.`, `tracking.`, `counter.`), or a Matomo/Piwik image tracker.
 */
export function isTrackingImage(url: URL): boolean {
  const host = url.hostname.toLowerCase();
  if (TRACKING_HOSTS.has(host)) return true;
  if (/^(?:stats?|pixel|tracking|tracker|counter|analytics|beacon)\d*\./.test(host)) return true;
  if (/\/(?:piwik|matomo)\.php$/i.test(url.pathname)) return true;
  if (url.searchParams.has("idsite") && (url.searchParams.has("rec") || url.searchParams.has("action_name"))) {
    return true;
  }
  // Feedburner's per-item counter and FeedFlare images.
  return /\/~(?:r|ff|4)\//.test(url.pathname) && /feed/.test(host);
}

// Addresses that ask a platform to share or save the page, not content of the story.
const SHARE_ADDRESSES: [host: RegExp, path: RegExp][] = [
  [/(?:^|\.)facebook\.com$/, /^\/(?:sharer|share\.php|dialog\/(?:share|feed))/],
  [/(?:^|\.)(?:twitter|x)\.com$/, /^\/(?:intent\/(?:tweet|post)|share|home\/?$)/],
  [/(?:^|\.)linkedin\.com$/, /^\/(?:shareArticle|sharing\/share-offsite|cws\/share)/],
  [/(?:^|\.)reddit\.com$/, /^\/submit/],
  [/(?:^|\.)pinterest\.[a-z.]+$/, /^\/pin\/create/],
  [/(?:^|\.)tumblr\.com$/, /^\/(?:share|widgets\/share)/],
  [/^(?:api\.|web\.)?whatsapp\.com$/, /^\/send/],
  [/^wa\.me$/, /^\/$/],
  [/^(?:t|telegram)\.me$/, /^\/share/],
  [/(?:^|\.)getpocket\.com$/, /^\/(?:save|edit)/],
  [/^news\.ycombinator\.com$/, /^\/submitlink/],
  [/(?:^|\.)addtoany\.com$/, /^\/(?:share|add_to)/],
  [/^bsky\.app$/, /^\/intent\/compose/],
  [/(?:^|\.)vk\.com$/, /^\/share\.php/],
  [/(?:^|\.)xing\.com$/, /^\/(?:spi\/)?shares?\//],
  [/^plus\.google\.com$/, /^\/share/],
  [/(?:^|\.)flipboard\.com$/, /^\/bookmarklet/],
  [/(?:^|\.)feedburner\.com$/, /^\/~ff\//],
];

export function isShareAddress(url: URL): boolean {
  const host = url.hostname.toLowerCase();
  return SHARE_ADDRESSES.some(([hostPattern, path]) => hostPattern.test(host) && path.test(url.pathname));
}

/** `mailto:?subject=…&body=…` with no recipient: an "email this" button. */
export function isShareMailto(raw: string): boolean {
  return /^mailto:\?/i.test(raw.trim());
}

// Wrappers that themes and plugins (Jetpack, AddToAny, ShareThis, FeedFlare) put share buttons in.
const SHARE_CONTAINER =
  /^(?:sharedaddy|sd-sharing(?:-enabled)?|sd-social.*|share-?(?:buttons?|bar|links|icons|tools)|social-?(?:share|sharing|buttons|links)|addtoany_.*|a2a_kit|a2a_dd|feedflare|sharethis.*|st_sharethis.*|post-share.*|entry-share.*|shariff.*)$/i;

export function isShareContainer(element: Element): boolean {
  return classMatch(element, SHARE_CONTAINER) !== undefined;
}

const READ_MORE =
  /^[\s[(]*(?:continue(?: reading)?|read (?:more|on|the (?:full|rest of the|whole|entire) (?:story|article|post))|keep reading|more|full (?:story|article)|weiterlesen|mehr|lire la suite|la suite|leer más|seguir leyendo|continua a leggere|leggi tutto|läs mer|les mer|læs mere|lees meer|verder lezen)\b[\s\S]{0,120}$/i;

/** The words of a link that only leads on to the rest of the story (`Continue reading…`, `Read more »`). */
export function isReadMoreText(text: string): boolean {
  const words = text.trim();
  return words.length <= 160 && READ_MORE.test(words);
}

/** WordPress's feed footer: "The post {title} appeared first on {site}." */
export function isFeedFooter(text: string): boolean {
  return /^The post .+ appeared first on .+\.?$/is.test(text.trim());
}

/** Whether an address is on the source's own site (its feed `<link>`, home page or WordPress address). */
export function isOnSite(url: URL, siteUrl: string): boolean {
  const site = URL.parse(siteUrl);
  return site !== null && siteHost(site) === siteHost(url);
}
