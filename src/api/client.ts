import * as v from "valibot";

/**
 * Where the content API lives. A relative base (the default `/api`) is resolved against
 * the page's origin; an absolute one points the same build at another server.
 */
export const API_BASE: string = import.meta.env.VITE_API_BASE_URL || "/api";

function pageOrigin(): string {
  return typeof window === "undefined" ? "http://localhost" : window.location.origin;
}

export function apiUrl(path: string): string {
  const base = new URL(API_BASE.replace(/\/?$/, "/"), pageOrigin());
  return new URL(path.replace(/^\//, ""), base).href;
}

/** Image paths in the contract are resolved against the API's origin, not the app's. */
export function mediaUrl(src: string): string {
  if (/^https?:\/\//i.test(src)) return src;
  const apiOrigin = new URL(API_BASE, pageOrigin()).origin;
  // Same-origin media stays root-relative so prerendered HTML works on any host.
  return apiOrigin === pageOrigin() ? src : new URL(src, apiOrigin).href;
}

/** The API answered 404: the story does not exist. */
export class NotFoundError extends Error {
  constructor(url: string) {
    super(`Not found: ${url}`);
    this.name = "NotFoundError";
  }
}

/** Anything else that stops us showing the response: network, 5xx, non-JSON, contract breach. */
export class ApiError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ApiError";
  }
}

const REQUEST_TIMEOUT_MS = 15_000;

export async function fetchValidated<TSchema extends v.GenericSchema>(
  path: string,
  schema: TSchema,
  signal?: AbortSignal,
): Promise<v.InferOutput<TSchema>> {
  const url = apiUrl(path);
  const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
  let response: Response;
  try {
    // No custom headers: the request must match the <link rel=preload> the server may have sent.
    response = await fetch(url, { signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError(timeout.aborted ? "The request timed out." : "The network is unavailable.");
  }
  if (response.status === 404) throw new NotFoundError(url);
  if (!response.ok) throw new ApiError(`The server answered ${response.status}.`);

  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new ApiError("The server sent something that is not JSON.");
  }
  const result = v.safeParse(schema, body);
  if (!result.success) {
    const issue = result.issues[0];
    const where = issue ? v.getDotPath(issue) : null;
    throw new ApiError(`The server sent data we cannot read${where ? ` (${where})` : ""}.`);
  }
  return result.output;
}
