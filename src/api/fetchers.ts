/**
 * Fetching and checking responses against the contract. Loaded on first use, so a
 * prerendered page, whose data is embedded, never downloads the schema library.
 */
import * as v from "valibot";
import { apiUrl } from "./client.ts";
import { ApiError, NotFoundError } from "./errors.ts";
import { FrontPageSchema, StorySchema } from "./schema.ts";

const REQUEST_TIMEOUT_MS = 15_000;

async function fetchValidated<TSchema extends v.GenericSchema>(
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

export const fetchStory = (slug: string, signal?: AbortSignal) =>
  fetchValidated(`articles/${slug}.json`, StorySchema, signal);

export const fetchFrontPage = (signal?: AbortSignal) => fetchValidated("headlines.json", FrontPageSchema, signal);
