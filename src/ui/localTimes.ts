import { useSyncExternalStore } from "react";

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

/**
 * Called before hydrating prerendered HTML: its dates stay as served (in UTC) while the app
 * takes over, and turn local afterwards. The first date formatter loads the locale data, a
 * long task on a slow phone, so it is built in an idle task of its own, and the dates
 * re-render in the next one, neither of them in hydration's.
 */
export function keepServedTimes() {
  local = false;
  whenIdle(() => {
    new Intl.DateTimeFormat(undefined, { dateStyle: "long", timeStyle: "short" }).format();
    whenIdle(() => {
      local = true;
      for (const listener of listeners) listener();
    });
  });
}

/** Whether dates show in the reader's time zone; never while rendering on the server or hydrating. */
export function useLocalTimes(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => local,
    () => false,
  );
}
