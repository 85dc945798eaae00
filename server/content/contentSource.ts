/**
 * The content source the server reads instead of the bundled stories (`CONTENT_SOURCE`):
 * fetches it on start and every `refreshMs`, maps it with the pure adapters, reads the size
 * of images the source gives none for, and keeps the last good snapshot. When the source is
 * down or answers garbage, readers keep that snapshot and the log says how old it is.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { imageSize } from "image-size";
import type { FrontPage, Story } from "../../contract/schema.ts";
import type { ImageSize } from "./blocks.ts";
import { buildSnapshot } from "./snapshot.ts";
import type { Snapshot, SourceDocument } from "./snapshot.ts";
import { mapFeed } from "./feed.ts";
import { createFetcher, DEFAULT_MAX_BYTES, decodeBody, SourceError } from "./fetcher.ts";
import { mapNinjs } from "./ninjs.ts";
import { mapWordPress } from "./wordpress.ts";
import { log } from "../http/log.ts";

export type SourceKind = "wordpress" | "feed" | "ninjs";
export type SourceSetting = { kind: SourceKind; location: string };

/** `wordpress:https://…`, `feed:https://…` or `feed:./file.xml`, `ninjs:https://…` or `ninjs:./folder`. */
export function parseSourceSetting(raw: string | undefined): SourceSetting | undefined {
  if (!raw) return undefined;
  const match = /^(wordpress|feed|ninjs):(.+)$/.exec(raw.trim());
  const kind = match?.[1];
  const location = match?.[2]?.trim() ?? "";
  if ((kind !== "wordpress" && kind !== "feed" && kind !== "ninjs") || !location) {
    throw new Error(
      `CONTENT_SOURCE must be wordpress:URL, feed:URL or feed:PATH, or ninjs:URL or ninjs:PATH, got "${raw}".`,
    );
  }
  const isUrl = /^https?:\/\//i.test(location);
  if (kind === "wordpress" && !isUrl)
    throw new Error(`CONTENT_SOURCE wordpress: needs an http(s) URL, got "${location}".`);
  if (isUrl && !URL.canParse(location)) throw new Error(`CONTENT_SOURCE has a malformed URL: "${location}".`);
  return { kind, location };
}

export type SourceReaderOptions = {
  fetch?: typeof fetch;
  timeoutMs?: number;
  maxBytes?: number;
  log?: (message: string) => void;
  now?: () => number;
};

export type ContentSourceOptions = SourceReaderOptions & { refreshMs?: number };

/** Reads a source once per call into an snapshot, remembering image sizes and when each undated item was first seen. */
export type SourceReader = { read(): Promise<Snapshot>; label: string };

export type ContentSource = {
  /** The front page of the last good snapshot; undefined when the source never answered well. */
  frontPage(): Promise<FrontPage | undefined>;
  /** A story, `missing` when the snapshot has no such slug, undefined when there is no snapshot. */
  story(slug: string): Promise<Story | "missing" | undefined>;
  /** Whether there is an snapshot to serve (for readiness checks). */
  isReady(): boolean;
  /** Origins of the snapshot's images, for the Content-Security-Policy. */
  imageOrigins(): string[];
  /** When the snapshot being served was made (ms), to know when a rendered page is stale. */
  version(): number;
  /** Fetches now; resolves when done (used at start and by tests). */
  refresh(): Promise<void>;
  stop(): void;
  describe(): string;
};

const MAX_PROBES_PER_REFRESH = 60;
const PROBE_BYTES = 128 * 1024;
const MAX_FOLDER_FILES = 2000;
// Image sizes and first-seen dates remembered; past this the oldest are forgotten.
const MAX_REMEMBERED = 5000;

export function createSourceReader(setting: SourceSetting, options: SourceReaderOptions = {}): SourceReader {
  const {
    fetch: send = fetch,
    timeoutMs = 10_000,
    maxBytes = DEFAULT_MAX_BYTES,
    log: report = (message) => log.warn(message),
    now = Date.now,
  } = options;
  const fetcher = createFetcher({ fetch: send, timeoutMs, maxBytes });
  const label = `${setting.kind}:${setting.location}`;
  const sizes = new Map<string, ImageSize | null>();
  const firstSeen = new Map<string, string>();
  let wordpressStyle: "pretty" | "plain" | undefined;
  async function load(): Promise<SourceDocument> {
    if (setting.kind === "wordpress") return loadWordPress();
    if (setting.kind === "feed") {
      if (/^https?:/i.test(setting.location)) {
        return mapFeed((await fetcher(setting.location)).text, { location: setting.location });
      }
      const path = resolve(setting.location);
      return mapFeed(await readLocal(path, maxBytes), { location: pathToFileURL(path).href });
    }
    if (/^https?:/i.test(setting.location)) {
      return mapNinjs(parseJson((await fetcher(setting.location)).text, setting.location), {
        siteUrl: setting.location,
      });
    }
    return loadNinjsFolder(resolve(setting.location));
  }

  async function loadWordPress(): Promise<SourceDocument> {
    const site = setting.location.replace(/\/+$/, "");
    const query = "_embed=1&per_page=50&orderby=date&order=desc";
    const pretty = `${site}/wp-json/wp/v2/posts?${query}`;
    const plain = `${site}/?rest_route=/wp/v2/posts&${query}`;
    let posts: unknown;
    let style = wordpressStyle ?? "pretty";
    try {
      posts = await readWordPress(style === "pretty" ? pretty : plain);
    } catch (error) {
      // Sites without pretty permalinks answer /wp-json/ with 404 or their HTML front page.
      if (wordpressStyle || !(error instanceof SourceError)) throw error;
      style = "plain";
      posts = await readWordPress(plain);
    }
    wordpressStyle = style;
    const indexUrl = style === "pretty" ? `${site}/wp-json/` : `${site}/?rest_route=/`;
    const index = await fetcher(indexUrl).then(
      (answer) => JSON.parse(answer.text) as unknown,
      () => undefined,
    );
    return mapWordPress(posts, { siteUrl: `${site}/`, index });
  }

  async function readWordPress(url: string): Promise<unknown> {
    const answer = await fetcher(url);
    return parseJson(answer.text, url);
  }

  async function loadNinjsFolder(folder: string): Promise<SourceDocument> {
    const names = (await readdir(folder)).filter((name) => name.endsWith(".json")).sort();
    const items: unknown[] = [];
    const rejected: SourceDocument["rejected"] = [];
    for (const name of names.slice(-MAX_FOLDER_FILES)) {
      try {
        const value = parseJson(await readLocal(join(folder, name), maxBytes), name);
        items.push(...(Array.isArray(value) ? value : [value]));
      } catch (error) {
        rejected.push({ id: name, reason: error instanceof Error ? error.message : String(error) });
      }
    }
    const document = mapNinjs(items, { siteUrl: pathToFileURL(`${folder}/`).href });
    document.rejected.push(...rejected);
    return document;
  }

  async function probe(src: string): Promise<void> {
    try {
      const response = await send(src, {
        headers: { Range: `bytes=0-${PROBE_BYTES - 1}` },
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (!response.ok) throw new Error(`answered ${response.status}`);
      const reader = response.body?.getReader();
      const chunks: Uint8Array[] = [];
      let size = 0;
      while (reader && size < PROBE_BYTES) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        size += value.byteLength;
      }
      await reader?.cancel();
      const { width, height } = imageSize(Buffer.concat(chunks));
      remember(sizes, src, width && height ? { width, height } : null);
    } catch (error) {
      // Remembered as unknown: the image is left out rather than asked for on every refresh.
      remember(sizes, src, null);
      report(
        `Content source ${label}: could not read the size of ${src} (${error instanceof Error ? error.message : String(error)}); the image is left out.`,
      );
    }
  }

  async function build(document: SourceDocument): Promise<Snapshot> {
    const sizeOf = (src: string) => sizes.get(src) ?? undefined;
    const seen = (id: string) => {
      const known = firstSeen.get(id);
      if (known) return known;
      const date = new Date(now()).toISOString().replace(".000Z", "Z");
      remember(firstSeen, id, date);
      return date;
    };
    let built = buildSnapshot(document, { sizeOf, now, firstSeen: seen });
    const toProbe = built.unsized.filter((src) => !sizes.has(src)).slice(0, MAX_PROBES_PER_REFRESH);
    if (toProbe.length > 0) {
      for (let start = 0; start < toProbe.length; start += 4) {
        await Promise.all(toProbe.slice(start, start + 4).map(probe));
      }
      built = buildSnapshot(document, { sizeOf, now, firstSeen: seen });
    }
    return built;
  }

  return { read: async () => build(await load()), label };
}

export function createContentSource(setting: SourceSetting, options: ContentSourceOptions = {}): ContentSource {
  const { refreshMs = 60_000, log: report = (message) => log.warn(message), now = Date.now } = options;
  const reader = createSourceReader(setting, { ...options, log: report, now });
  const { label } = reader;
  let snapshot: { value: Snapshot; madeAt: number } | undefined;
  let running: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let logged = new Set<string>();

  async function refreshOnce(): Promise<void> {
    try {
      const value = await reader.read();
      // Each refresh meets the same bad items and the same notes again: each is logged once, not every minute.
      const lines = new Map([
        ...value.rejected.map(({ id, reason }): [string, string] => [
          `left out ${id}: ${reason}`,
          `left out ${id}: ${reason}`,
        ]),
        ...value.notes.map(({ key, message }): [string, string] => [key, message]),
      ]);
      for (const [key, line] of lines) if (!logged.has(key)) report(`Content source ${label}: ${line}.`);
      logged = new Set(lines.keys());
      snapshot = { value, madeAt: now() };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (snapshot) {
        const age = Math.round((now() - snapshot.madeAt) / 1000);
        report(`Content source ${label} failed: ${message}. Serving the last good copy, ${age} s old.`);
      } else {
        report(`Content source ${label} failed: ${message}. Nothing has been fetched yet: readers see the error page.`);
      }
    }
  }

  function refresh(): Promise<void> {
    running ??= refreshOnce().finally(() => {
      running = undefined;
    });
    return running;
  }

  async function current(): Promise<Snapshot | undefined> {
    if (!snapshot) await refresh();
    return snapshot?.value;
  }

  timer = setInterval(() => void refresh(), refreshMs);
  timer.unref();

  return {
    async frontPage() {
      return (await current())?.frontPage;
    },
    async story(slug) {
      const value = await current();
      if (!value) return undefined;
      return value.stories.get(slug) ?? "missing";
    },
    isReady: () => snapshot !== undefined,
    imageOrigins: () => snapshot?.value.imageOrigins ?? [],
    version: () => snapshot?.madeAt ?? 0,
    refresh,
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
    describe: () => label,
  };
}

/** Keeps a memory bounded: past its size the oldest entries are forgotten (and learnt again if still needed). */
function remember<T>(memory: Map<string, T>, key: string, value: T): void {
  memory.set(key, value);
  for (const oldest of memory.keys()) {
    if (memory.size <= MAX_REMEMBERED) break;
    memory.delete(oldest);
  }
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new SourceError(`${where} is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}

async function readLocal(path: string, maxBytes: number): Promise<string> {
  const info = await stat(path);
  if (info.size > maxBytes)
    throw new SourceError(`${path} is larger than ${Math.round(maxBytes / 1024 / 1024)} MB, refused`);
  // The same charset rules as a fetched document: a Latin-1 or UTF-16 feed file reads as written.
  try {
    return decodeBody(await readFile(path), null);
  } catch (error) {
    throw new SourceError(`${path} ${error instanceof Error ? error.message : String(error)}`);
  }
}
