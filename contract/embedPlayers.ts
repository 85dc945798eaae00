/**
 * The video players a story may load in place when the reader asks (contract 1.2's `embed`).
 * The app builds a player's address from the post's own; the server allows exactly these
 * origins as frames in its Content-Security-Policy, and no other.
 */

/** YouTube's player without its cookies until the reader plays, and Vimeo's with Do Not Track. */
const PLAYERS = {
  youtube: "https://www.youtube-nocookie.com",
  vimeo: "https://player.vimeo.com",
} as const;

export type PlayerProvider = keyof typeof PLAYERS;

/** The origins the CSP's frame-src names: one per provider whose player can be loaded. */
export const PLAYER_ORIGINS: readonly string[] = Object.values(PLAYERS);

const YOUTUBE_HOSTS = new Set(["youtube.com", "m.youtube.com", "music.youtube.com", "youtube-nocookie.com"]);
const YOUTUBE_ID = /^[\w-]{11}$/;

function youtubeId(url: URL): string | undefined {
  const host = url.hostname.replace(/^www\./, "");
  const [first = "", second = ""] = url.pathname.split("/").filter(Boolean);
  let id: string | null | undefined;
  if (host === "youtu.be") id = first;
  else if (!YOUTUBE_HOSTS.has(host)) return undefined;
  else if (first === "watch") id = url.searchParams.get("v");
  else if (["embed", "shorts", "live", "v"].includes(first)) id = second;
  return id && YOUTUBE_ID.test(id) ? id : undefined;
}

const VIMEO_HASH = /^[\da-f]{1,40}$/i;

/** A Vimeo video's number, and the hash an unlisted video's address carries. */
function vimeoVideo(url: URL): { id: string; hash?: string } | undefined {
  const host = url.hostname.replace(/^www\./, "");
  const segments = url.pathname.split("/").filter(Boolean);
  let id: string | undefined;
  let hash: string | null | undefined;
  if (host === "player.vimeo.com") {
    if (segments[0] !== "video") return undefined;
    [, id] = segments;
    hash = url.searchParams.get("h");
  } else if (host === "vimeo.com") {
    // vimeo.com/123, vimeo.com/123/abcdef (unlisted), vimeo.com/channels/name/123
    const index = segments.findIndex((segment) => /^\d+$/.test(segment));
    id = segments[index];
    hash = segments[index + 1];
  }
  if (!id || !/^\d+$/.test(id)) return undefined;
  return { id, hash: hash && VIMEO_HASH.test(hash) ? hash : undefined };
}

/**
 * The address of the player for a video post, or undefined when the post is not a video of a
 * provider whose player may be loaded (the card then only links out). `autoplay`: the reader
 * pressed to watch, so the video starts without a second press.
 */
export function playerAddress(provider: string, address: string): string | undefined {
  if (!URL.canParse(address)) return undefined;
  const url = new URL(address);
  if (url.protocol !== "https:" && url.protocol !== "http:") return undefined;
  if (provider === "youtube") {
    const id = youtubeId(url);
    return id ? `${PLAYERS.youtube}/embed/${id}?autoplay=1` : undefined;
  }
  if (provider === "vimeo") {
    const video = vimeoVideo(url);
    if (!video) return undefined;
    const hash = video.hash ? `h=${video.hash}&` : "";
    return `${PLAYERS.vimeo}/video/${video.id}?${hash}dnt=1&autoplay=1`;
  }
  return undefined;
}
