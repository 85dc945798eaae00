import { useSyncExternalStore } from "react";
import { DATE_FORMAT } from "./dateFormats.ts";

let local = true;
const listeners = new Set<() => void>();

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** A task for when the page has nothing else to do; without idle callbacks (Safari), the next task. */
function whenIdle(task: () => void) {
  if (typeof requestIdleCallback === "function") requestIdleCallback(task);
  else setTimeout(task, 1);
}

/** Dates turn local: every `<time>` renders again, in the reader's time zone. */
function turnLocal() {
  local = true;
  for (const listener of listeners) listener();
}

/** How long the worker may take (its script comes over the network) before the page goes on without it. */
const WORKER_WAIT_MS = 1000;

/**
 * Called before hydrating prerendered HTML: its dates stay as served (in UTC) while the app
 * takes over, and turn local afterwards, in an idle task of their own. The first date
 * formatter loads the locale's data, a long task on a slow phone, so a worker builds one first
 * (warmDates.worker.ts) and the main thread's then costs almost nothing. Where no worker
 * starts or answers in time, the main thread builds it in an idle task, and the dates
 * re-render in the next one.
 */
export function keepServedTimes() {
  local = false;
  const onMainThread = () =>
    whenIdle(() => {
      new Intl.DateTimeFormat(undefined, DATE_FORMAT).format();
      whenIdle(turnLocal);
    });
  if (typeof Worker !== "function") return onMainThread();
  let worker: Worker;
  try {
    worker = new Worker(new URL("./warmDates.worker.ts", import.meta.url), { type: "module" });
  } catch {
    return onMainThread();
  }
  let settled = false;
  const done = (next: () => void) => () => {
    if (settled) return;
    settled = true;
    clearTimeout(late);
    worker.terminate();
    next();
  };
  const late = setTimeout(done(onMainThread), WORKER_WAIT_MS);
  worker.onmessage = done(() => whenIdle(turnLocal));
  worker.onerror = done(onMainThread);
  const pageLanguage = document.documentElement.lang || undefined;
  worker.postMessage([undefined, ...(pageLanguage ? [pageLanguage] : [])]);
}

/** Whether dates show in the reader's time zone; never while rendering on the server or hydrating. */
export function useLocalTimes(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => local,
    () => false,
  );
}
