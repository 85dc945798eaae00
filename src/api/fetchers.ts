/**
 * Fetching and checking responses against the contract. Loaded on first use, so a
 * prerendered page, whose data is embedded, never downloads the schema library.
 */
import * as v from "valibot";
import { FRONT_PAGE_DOCUMENT, storyDocument } from "../../contract/paths.ts";
import { takeEarlyStory } from "../boot/earlyStory.ts";
import { apiUrl } from "./client.ts";
import { ApiError, NotFoundError } from "./errors.ts";
import { FrontPageSchema, StorySchema } from "../../contract/schema.ts";

const REQUEST_TIMEOUT_MS = 15_000;

async function fetchValidated<TSchema extends v.GenericSchema>(
  path: string,
  schema: TSchema,
  signal?: AbortSignal,
): Promise<v.InferOutput<TSchema>> {
  const url = apiUrl(path);
  const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
  const abort = signal ? AbortSignal.any([signal, timeout]) : timeout;
  let response: Response;
  try {
    // No custom headers: the request must match the <link rel=preload> the server may have sent.
    const early = takeEarlyStory(url);
    response = await (early ? untilAborted(early, abort) : fetch(url, { signal: abort }));
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

/** The boot script's request, given up on as the app's own would be (timeout, navigation). */
function untilAborted(response: Promise<Response>, signal: AbortSignal): Promise<Response> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const stop = () => reject(signal.reason);
    signal.addEventListener("abort", stop, { once: true });
    response.then(resolve, reject).finally(() => signal.removeEventListener("abort", stop));
  });
}

export const fetchStory = (slug: string, signal?: AbortSignal) =>
  fetchValidated(storyDocument(slug), StorySchema, signal);

export const fetchFrontPage = (signal?: AbortSignal) => fetchValidated(FRONT_PAGE_DOCUMENT, FrontPageSchema, signal);
