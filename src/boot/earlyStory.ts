/**
 * A story's request started by the boot script on a page with no story in it (the shell, as a
 * static host serves it for any path), so the data is on its way while the app's code is, and
 * handed to the app's fetcher, which takes it once: a Retry asks anew. The boot script and the
 * app are separate bundles, so the request waits on the page's global object.
 */

type EarlyStory = { url: string; response: Promise<Response> };
type Holder = { dispatchEarlyStory?: EarlyStory };

/** Starts the request; the boot script reads the response it returns, the app a copy. */
export function startEarlyStory(url: string): Promise<Response> {
  const response = fetch(url);
  (globalThis as Holder).dispatchEarlyStory = { url, response: response.then((answer) => answer.clone()) };
  return response;
}

/** The early request for `url`, if one was started and not yet taken. */
export function takeEarlyStory(url: string): Promise<Response> | undefined {
  const holder = globalThis as Holder;
  const early = holder.dispatchEarlyStory;
  if (early?.url !== url) return undefined;
  holder.dispatchEarlyStory = undefined;
  return early.response;
}

/** Whether the boot script started a story's request that the app has not taken yet. */
export function hasEarlyStory(): boolean {
  return (globalThis as Holder).dispatchEarlyStory !== undefined;
}
