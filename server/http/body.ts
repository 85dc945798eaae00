/**
 * Bodies read with a hard limit, a reader's request or a source's response alike: a chunked
 * body has no Content-Length, and a claimed one may lie, so the limit is on the bytes read.
 */

/** The body's bytes, or undefined when it is larger than `maxBytes`. */
export async function readLimited(message: Request | Response, maxBytes: number): Promise<Buffer | undefined> {
  if (Number(message.headers.get("Content-Length")) > maxBytes) return undefined;
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = message.body?.getReader();
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** A form-encoded request body of at most `maxBytes`, or undefined when it is larger. */
export async function readForm(request: Request, maxBytes: number): Promise<URLSearchParams | undefined> {
  const bytes = await readLimited(request, maxBytes);
  return bytes && new URLSearchParams(bytes.toString("utf8"));
}

export function isForm(contentType: string | undefined): boolean {
  return mediaType(contentType) === "application/x-www-form-urlencoded";
}

/** The media type of a Content-Type header, without its parameters, in lower case. */
export function mediaType(contentType: string | undefined): string | undefined {
  return contentType?.split(";")[0]?.trim().toLowerCase();
}
