/**
 * Video and audio files as contract `media` blocks: from HTML `<video>`/`<audio>` (with
 * their `<source>` and `<track>` children), and from what feeds and wires describe (Media
 * RSS, enclosures, JSON Feed attachments, ninjs renditions) once an adapter has read it.
 */
import type { Image, Media } from "../../contract/schema.ts";
import type { Element } from "./markup.ts";
import { absoluteUrl, elementChildren } from "./markup.ts";
import { collapse } from "./text.ts";

export type MediaKind = "video" | "audio";
export type MediaFile = { src: string; type: string };
export type MediaCaptions = { src: string; language?: string; label?: string };

const TYPES_BY_EXTENSION: Record<string, string> = {
  mp4: "video/mp4",
  m4v: "video/mp4",
  mov: "video/quicktime",
  webm: "video/webm",
  ogv: "video/ogg",
  mp3: "audio/mpeg",
  m4a: "audio/mp4",
  aac: "audio/aac",
  oga: "audio/ogg",
  ogg: "audio/ogg",
  opus: "audio/ogg",
  wav: "audio/wav",
  flac: "audio/flac",
};

const MEDIA_TYPE = /^(?:video|audio)\/[a-z0-9.+-]+$/;

/** The file's media type as given (`video/mp4; codecs=…` → `video/mp4`), or from its extension. */
export function mediaType(src: string, given: string | undefined, kind?: MediaKind): string | undefined {
  const declared = given?.split(";")[0]?.trim().toLowerCase();
  if (declared && MEDIA_TYPE.test(declared)) return declared;
  const extension = /\.([a-z0-9]+)$/i.exec(URL.parse(src)?.pathname ?? "")?.[1]?.toLowerCase() ?? "";
  const guessed = TYPES_BY_EXTENSION[extension];
  if (!guessed || !MEDIA_TYPE.test(guessed)) return undefined;
  // An .ogg in a <video> is Ogg video; elsewhere it is taken for audio.
  return kind === "video" && guessed.startsWith("audio/ogg") ? "video/ogg" : guessed;
}

export function mediaKind(type: string): MediaKind {
  return type.startsWith("audio/") ? "audio" : "video";
}

/** A media block from its parts; undefined when no file has a type a browser can be told. */
export function mediaBlock(parts: {
  kind: MediaKind;
  files: { src: string; type?: string }[];
  title?: string;
  poster?: Image;
  duration?: number;
  captions?: MediaCaptions[];
}): Media | undefined {
  const seen = new Set<string>();
  const sources = parts.files.flatMap((file) => {
    const type = mediaType(file.src, file.type, parts.kind);
    if (!type || seen.has(file.src) || !/^https?:\/\//i.test(file.src)) return [];
    seen.add(file.src);
    return [{ src: file.src, type }];
  });
  if (sources.length === 0) return undefined;
  const title = collapse(parts.title ?? "");
  const duration = parts.duration !== undefined && parts.duration > 0 ? Math.round(parts.duration) : undefined;
  return {
    type: "media",
    kind: parts.kind,
    sources,
    ...(title && { title }),
    ...(parts.poster && { poster: parts.poster }),
    ...(duration !== undefined && { duration }),
    captions: parts.captions ?? [],
  };
}

/** An HTML `<video>` or `<audio>` with its files and caption tracks; the poster is sized by the caller. */
export function mediaFromElement(
  element: Element,
  base: string,
  options: { title?: string; poster?: (src: string) => Image | undefined },
): Media | undefined {
  const kind: MediaKind = element.name === "audio" ? "audio" : "video";
  const files = [element, ...elementChildren(element, "source")].flatMap((node) => {
    const url = absoluteUrl(node.attribs.src, base);
    // WordPress adds `?_=1` to tell players apart on a page; it is not part of the file's address.
    if (url && url.searchParams.size === 1 && url.searchParams.has("_")) url.search = "";
    return url ? [{ src: url.href, type: node.attribs.type }] : [];
  });
  const captions = elementChildren(element, "track").flatMap((track): MediaCaptions[] => {
    const kindOfTrack = (track.attribs.kind ?? "subtitles").toLowerCase();
    const src = absoluteUrl(track.attribs.src, base);
    if (!src || (kindOfTrack !== "captions" && kindOfTrack !== "subtitles")) return [];
    const label = collapse(track.attribs.label ?? "");
    const language = track.attribs.srclang?.trim();
    return [{ src: src.href, ...(language && { language }), ...(label && { label }) }];
  });
  const posterUrl = absoluteUrl(element.attribs.poster, base);
  const poster = posterUrl && options.poster?.(posterUrl.href);
  const title = options.title ?? element.attribs.title;
  return mediaBlock({ kind, files, captions, ...(title && { title }), ...(poster && { poster }) });
}
