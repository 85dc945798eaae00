/**
 * Asking a source over HTTP the way a good client does: with `If-None-Match` /
 * `If-Modified-Since` from the last answer (a `304` reuses it), one request per URL at a time
 * (concurrent callers share it), a time limit that covers the whole body, and a size limit
 * past which the body is refused rather than buffered.
 */
import { readLimited } from "../http/body.ts";

export type Fetched = { text: string; changed: boolean; contentType: string };

export type FetcherOptions = {
  fetch?: typeof fetch;
  timeoutMs?: number;
  maxBytes?: number;
};

export class SourceError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = "SourceError";
  }
}

type Remembered = { text: string; contentType: string; etag?: string; lastModified?: string };

export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

export function createFetcher(options: FetcherOptions = {}) {
  const { fetch: send = fetch, timeoutMs = 10_000, maxBytes = DEFAULT_MAX_BYTES } = options;
  const remembered = new Map<string, Remembered>();
  const inFlight = new Map<string, Promise<Fetched>>();

  async function request(url: string): Promise<Fetched> {
    const known = remembered.get(url);
    const headers: Record<string, string> = { Accept: "application/json, application/xml, text/xml, */*;q=0.5" };
    if (known?.etag) headers["If-None-Match"] = known.etag;
    if (known?.lastModified) headers["If-Modified-Since"] = known.lastModified;
    const signal = AbortSignal.timeout(timeoutMs);
    let response: Response;
    try {
      response = await send(url, { headers, signal, redirect: "follow" });
    } catch (error) {
      throw new SourceError(`${url} could not be reached (${explain(error, timeoutMs)})`);
    }
    if (response.status === 304 && known) {
      await response.body?.cancel();
      return { text: known.text, changed: false, contentType: known.contentType };
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new SourceError(`${url} answered ${response.status}`, response.status);
    }
    const text = await readBody(response, url, maxBytes, timeoutMs);
    const contentType = response.headers.get("Content-Type") ?? "";
    const etag = response.headers.get("ETag") ?? undefined;
    const lastModified = response.headers.get("Last-Modified") ?? undefined;
    remembered.set(url, { text, contentType, etag, lastModified });
    return { text, changed: text !== known?.text, contentType };
  }

  /** The body of `url`, sharing a request already under way for it. */
  return function get(url: string): Promise<Fetched> {
    const running = inFlight.get(url);
    if (running) return running;
    const pending = request(url).finally(() => inFlight.delete(url));
    inFlight.set(url, pending);
    return pending;
  };
}

export type Fetcher = ReturnType<typeof createFetcher>;

function explain(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return `no answer within ${timeoutMs} ms`;
  }
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : undefined;
  return cause ?? (error instanceof Error ? error.message : String(error));
}

/** The body as text, refused past `maxBytes` (the one capped reader, server/http/body.ts). */
async function readBody(response: Response, url: string, maxBytes: number, timeoutMs: number): Promise<string> {
  let body: Buffer | undefined;
  try {
    body = await readLimited(response, maxBytes);
  } catch (error) {
    throw new SourceError(`${url} broke off while sending (${explain(error, timeoutMs)})`);
  }
  if (!body) {
    // Refused on its Content-Length alone, the body was never read: let the connection go.
    if (!response.bodyUsed) await response.body?.cancel();
    throw new SourceError(`${url} is larger than ${Math.round(maxBytes / 1024 / 1024)} MB, refused`);
  }
  try {
    return decodeBody(body, response.headers.get("Content-Type"));
  } catch (error) {
    throw new SourceError(`${url} ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * A source document's bytes as text, in the character set they say they are in; a file read
 * from disk has no header, so only its bytes speak. Throws "did not send readable … text".
 */
export function decodeBody(body: Uint8Array, contentType: string | null): string {
  const charset = charsetOf(contentType, body);
  try {
    return new TextDecoder(charset, { fatal: true }).decode(body).replace(/^\uFEFF/, "");
  } catch {
    // TextDecoder throws RangeError for a charset it does not know, TypeError for bytes that break it.
    throw new Error(`did not send readable ${charset} text`);
  }
}

/**
 * The body's character set: a byte order mark's (it outranks the header, as in the WHATWG
 * Encoding standard and XML's appendix F), else the header's, else an XML declaration's
 * (older feeds are often ISO-8859-1), else UTF-8.
 */
export function charsetOf(contentType: string | null, body: Uint8Array): string {
  const fromMark = byteOrderMark(body);
  if (fromMark) return fromMark;
  const fromHeader = /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType ?? "")?.[1];
  if (fromHeader) return fromHeader.toLowerCase();
  // A UTF-16 declaration without a mark still begins `<?` in two-byte units.
  if (body[0] === 0x3c && body[1] === 0x00 && body[2] === 0x3f && body[3] === 0x00) return "utf-16le";
  if (body[0] === 0x00 && body[1] === 0x3c && body[2] === 0x00 && body[3] === 0x3f) return "utf-16be";
  const start = new TextDecoder("latin1").decode(body.subarray(0, 200));
  return /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([\w.:-]+)["']/i.exec(start)?.[1]?.toLowerCase() ?? "utf-8";
}

function byteOrderMark(body: Uint8Array): string | undefined {
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return "utf-8";
  if (body[0] === 0xff && body[1] === 0xfe) return "utf-16le";
  if (body[0] === 0xfe && body[1] === 0xff) return "utf-16be";
  return undefined;
}
