/**
 * Posts and videos of other platforms, as the markup that carries them reaches a source:
 * Gutenberg's `wp-block-embed` figure, the oEmbed blockquotes of X, Instagram and TikTok
 * (their scripts are dropped elsewhere), and player frames of video sites. Each becomes a
 * contract `embed`: the provider, the address of the post or video a reader would visit,
 * and the author and words when the markup carries them. Nothing here fetches anything.
 */
import type { Embed } from "../../contract/schema.ts";
import type { NodeHtml } from "./nodeHtmlTree.ts";
import type { Element } from "./markup.ts";
import {
  absoluteUrl,
  childrenOf,
  classMatch,
  findAll,
  findFirst,
  hasClass,
  isElement,
  named,
  textOf,
} from "./markup.ts";
import { collapse } from "./text.ts";

const PROVIDER = /^[a-z0-9][a-z0-9.-]{0,39}$/;
// WordPress and hosts name some providers differently from the contract's names.
const PROVIDER_NAMES: Record<string, string> = { twitter: "x", "youtu.be": "youtube", "youtube-nocookie": "youtube" };

function providerName(raw: string): string | undefined {
  const name = raw.toLowerCase();
  const renamed = PROVIDER_NAMES[name] ?? name;
  return PROVIDER.test(renamed) ? renamed : undefined;
}

/** A provider named for a host: `www.instagram.com` → instagram, `news.bbc.co.uk` → bbc. */
export function providerOf(url: URL): string | undefined {
  const labels = url.hostname.toLowerCase().split(".");
  const secondLevel = labels.length > 2 && /^(?:co|com|org|net|ac|gov|edu|ne|or)$/.test(labels.at(-2) ?? "");
  const name = labels.at(secondLevel ? -3 : -2) ?? labels[0] ?? "";
  if (url.hostname === "youtu.be") return "youtube";
  return providerName(name);
}

function youtubeId(url: URL): string | undefined {
  const host = url.hostname.toLowerCase().replace(/^(?:www|m)\./, "");
  if (host === "youtu.be") return /^\/([\w-]{6,})/.exec(url.pathname)?.[1];
  if (host !== "youtube.com" && host !== "youtube-nocookie.com") return undefined;
  if (url.pathname === "/watch") return url.searchParams.get("v") ?? undefined;
  return /^\/(?:embed|shorts|v|live)\/([\w-]{6,})/.exec(url.pathname)?.[1];
}

/** A video player's address as the page a reader would open: YouTube's watch page, Vimeo's video page. */
export function videoPage(url: URL): { provider: string; url: string } | undefined {
  const host = url.hostname.toLowerCase().replace(/^www\./, "");
  const id = youtubeId(url);
  if (id && id !== "videoseries") {
    const start = /^\d+/.exec(url.searchParams.get("start") ?? url.searchParams.get("t") ?? "")?.[0];
    return { provider: "youtube", url: `https://www.youtube.com/watch?v=${id}${start ? `&t=${start}s` : ""}` };
  }
  const list = url.searchParams.get("list");
  if (/(?:^|\.)youtube(?:-nocookie)?\.com$/.test(host) && list && /^[\w-]+$/.test(list)) {
    return { provider: "youtube", url: `https://www.youtube.com/playlist?list=${list}` };
  }
  const vimeo = /^(?:player\.)?vimeo\.com$/.test(host) && /^\/(?:video\/)?(\d+)(?:\/(\w+))?/.exec(url.pathname);
  if (vimeo) {
    // An unlisted video is reached only with its hash, given as `h` in its player's address.
    const hash = vimeo[2] ?? url.searchParams.get("h");
    return { provider: "vimeo", url: `https://vimeo.com/${vimeo[1]}${hash && /^\w+$/.test(hash) ? `/${hash}` : ""}` };
  }
  const dailymotion =
    host === "dailymotion.com"
      ? /^\/(?:embed\/)?video\/([a-z0-9]+)/i.exec(url.pathname)?.[1]
      : host === "geo.dailymotion.com"
        ? url.searchParams.get("video")
        : undefined;
  if (dailymotion && /^[a-z0-9]+$/i.test(dailymotion)) {
    return { provider: "dailymotion", url: `https://www.dailymotion.com/video/${dailymotion}` };
  }
  const spotify =
    host === "open.spotify.com" && /^\/embed\/(track|album|playlist|episode|show|artist)\/(\w+)/.exec(url.pathname);
  if (spotify) return { provider: "spotify", url: `https://open.spotify.com/${spotify[1]}/${spotify[2]}` };
  return undefined;
}

function words(text: string): string | undefined {
  return collapse(text) || undefined;
}

/** An `iframe` of a known video player; undefined for any other frame. */
export function embedFromFrame(frame: Element, base: string): Embed | undefined {
  const src = absoluteUrl(frame.attribs.src ?? frame.attribs["data-src"], base);
  const page = src && videoPage(src);
  if (!page) return undefined;
  const title = words(frame.attribs.title ?? "");
  return { type: "embed", ...page, ...(title && !/^https?:\/\//.test(title) && { title }) };
}

const QUOTE_CLASSES = ["twitter-tweet", "twitter-video", "instagram-media", "tiktok-embed"];

/** The blockquote an X, Instagram or TikTok embed code pastes, with or without its script. */
export function isEmbedQuote(element: Element): boolean {
  return element.name === "blockquote" && hasClass(element, ...QUOTE_CLASSES);
}

function hrefs(node: NodeHtml, base: string): { url: URL; text: string; element: Element }[] {
  return findAll(node, named("a")).flatMap((anchor) => {
    const url = absoluteUrl(anchor.attribs.href, base);
    return url ? [{ url, text: collapse(textOf(anchor)), element: anchor }] : [];
  });
}

/** Text of a node, leaving out the elements `skip` names (a picture link, the author's link). */
function textWithout(node: NodeHtml, skip: (element: Element) => boolean): string {
  if (node.type === "text") return node.data;
  if (isElement(node) && skip(node)) return "";
  if (isElement(node) && node.name === "br") return " ";
  return isElement(node) && ["script", "style"].includes(node.name)
    ? ""
    : childrenOf(node)
        .map((child) => textWithout(child, skip))
        .join("");
}

function withoutQuery(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

function tweet(quote: Element, base: string): Embed | undefined {
  const status = hrefs(quote, base)
    .filter(({ url }) => /(?:^|\.)(?:twitter|x)\.com$/.test(url.hostname) && /\/status(?:es)?\/\d+/.test(url.pathname))
    .at(-1);
  if (!status) return undefined;
  const post = findFirst(quote, named("p"));
  const text = words(
    textWithout(post ?? quote, (element) => element.name === "a" && /^pic\.(?:twitter|x)\.com\//.test(textOf(element))),
  );
  // After the post's words: "— Name (@handle) <a>date</a>".
  const signature = collapse(textWithout(quote, (element) => element === post || element === status.element));
  const author = /^[\s—–-]*(.+?\(@\w+\))/.exec(signature)?.[1] ?? words(signature.replace(/^[\s—–-]+/, ""));
  return {
    type: "embed",
    provider: "x",
    url: withoutQuery(status.url),
    ...(author && { author }),
    ...(text && { text }),
  };
}

const INSTAGRAM_POST = /^\/(?:[\w.]+\/)?(p|reel|tv)\/([\w-]+)/;

function instagram(quote: Element, base: string): Embed | undefined {
  const links = hrefs(quote, base);
  const candidates = [absoluteUrl(quote.attribs["data-instgrm-permalink"], base), ...links.map(({ url }) => url)];
  const post = candidates.find(
    (url) => url && /instagram\.com$/.test(url.hostname) && INSTAGRAM_POST.test(url.pathname),
  );
  const match = post && INSTAGRAM_POST.exec(post.pathname);
  if (!match) return undefined;
  const shared = collapse(textOf(quote));
  const author =
    /A post shared by\s*(.+?\(@[\w.]+\))/i.exec(shared)?.[1] ??
    /A post shared by\s*(.+?)(?:\s+on\s+|$)/i.exec(shared)?.[1];
  // The caption is the longest link text that is not the embed's own furniture.
  const caption = links
    .map(({ text }) => text)
    .filter((text) => !/^(?:View this post on Instagram|A post shared by)/i.test(text))
    .sort((a, b) => b.length - a.length)[0];
  return {
    type: "embed",
    provider: "instagram",
    url: `https://www.instagram.com/${match[1]}/${match[2]}/`,
    ...(author && { author: collapse(author) }),
    ...(caption && { text: caption }),
  };
}

function tiktok(quote: Element, base: string): Embed | undefined {
  const links = hrefs(quote, base);
  const cite = absoluteUrl(quote.attribs.cite, base);
  const video = [cite, ...links.map(({ url }) => url)].find(
    (url) => url && /tiktok\.com$/.test(url.hostname) && /^\/@[\w.-]+\/video\/\d+/.test(url.pathname),
  );
  if (!video) return undefined;
  const authorLink = links.find(({ text, url }) => text.startsWith("@") && /^\/@[\w.-]+\/?$/.test(url.pathname));
  const text = words(
    textWithout(
      findFirst(quote, named("section")) ?? quote,
      (element) => element === authorLink?.element || (element.name === "a" && textOf(element).trim().startsWith("♬")),
    ),
  );
  return {
    type: "embed",
    provider: "tiktok",
    url: withoutQuery(video),
    ...(authorLink && { author: authorLink.text }),
    ...(text && { text }),
  };
}

/** The embed an oEmbed blockquote stands for; undefined when it carries no address of its post. */
export function embedFromQuote(quote: Element, base: string): Embed | undefined {
  if (hasClass(quote, "twitter-tweet", "twitter-video")) return tweet(quote, base);
  if (hasClass(quote, "instagram-media")) return instagram(quote, base);
  if (hasClass(quote, "tiktok-embed")) return tiktok(quote, base);
  return undefined;
}

export function isGutenbergEmbed(element: Element): boolean {
  return element.name === "figure" && hasClass(element, "wp-block-embed");
}

/**
 * Gutenberg's embed block: the provider in its class (`is-provider-instagram`,
 * `wp-block-embed-youtube`), the address as the wrapper's text, or whatever the rendered
 * oEmbed markup inside says; the figure's caption as the title when there is none.
 */
export function embedFromGutenberg(figure: Element, base: string): Embed | undefined {
  const classProvider =
    classMatch(figure, /^is-provider-([a-z0-9-]+)$/) ?? classMatch(figure, /^wp-block-embed-([a-z0-9-]+)$/);
  const wrapper = findFirst(figure, (element) => hasClass(element, "wp-block-embed__wrapper")) ?? figure;
  const inner =
    findAll(wrapper, isEmbedQuote)
      .map((quote) => embedFromQuote(quote, base))
      .find(Boolean) ??
    findAll(wrapper, (element) => element.name === "iframe")
      .map((frame) => embedFromFrame(frame, base))
      .find(Boolean);
  const written = absoluteUrl(/^\s*(https?:\/\/\S+)\s*$/.exec(textOf(wrapper))?.[1], base);
  const url = inner?.url ?? (written && (videoPage(written)?.url ?? written.href)) ?? hrefs(wrapper, base)[0]?.url.href;
  const address = url ? URL.parse(url) : null;
  const provider =
    (classProvider && providerName(classProvider)) ?? inner?.provider ?? (address ? providerOf(address) : undefined);
  if (!address || !provider) return undefined;
  const figcaption = findFirst(figure, named("figcaption"));
  const caption = figcaption ? words(textOf(figcaption)) : undefined;
  const title = inner?.title ?? caption;
  return { ...inner, type: "embed", provider, url: address.href, ...(title && { title }) };
}
