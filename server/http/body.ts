/**
 * Request bodies read with a hard limit: a chunked body has no Content-Length, and a claimed
 * one may lie, so the limit is on the bytes actually read.
 */

/** The body's bytes, or undefined when it is larger than `maxBytes`. */
export async function readLimited(request: Request, maxBytes: number): Promise<Buffer | undefined> {
  if (Number(request.headers.get("Content-Length")) > maxBytes) return undefined;
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body?.getReader();
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

/** The media type of a Content-Type header, without its parameters, in lower case. */
export function mediaType(contentType: string | undefined): string | undefined {
  return contentType?.split(";")[0]?.trim().toLowerCase();
}
