/**
 * Builds the date formatters the page is about to build, off the main thread. The first
 * formatter in a page loads the locale's data into a cache the whole renderer process shares,
 * which took 12–15 ms of the main thread on this project's machine (about 50 ms on a phone at
 * 4× slowdown); once a worker has done it, the main thread's first one took 0.1–0.3 ms.
 * Posted the locales to build for (undefined: the reader's own); answers when done.
 */
import { DATE_FORMAT, RELATIVE_FORMAT } from "./dateFormats.ts";

self.onmessage = (event: MessageEvent<(string | undefined)[]>) => {
  for (const locale of event.data) {
    new Intl.DateTimeFormat(locale, DATE_FORMAT).format();
    new Intl.RelativeTimeFormat(locale, RELATIVE_FORMAT).format(-1, "hour");
  }
  postMessage("ready");
};
