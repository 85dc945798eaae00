import { useSyncExternalStore } from "react";
import { DAILY_HEADLINES } from "../../contract/signup.ts";

const KEY = "dispatch:subscribed";
const listeners = new Set<() => void>();

function read(): boolean {
  try {
    return localStorage.getItem(KEY) === DAILY_HEADLINES;
  } catch {
    // Storage can be disabled (private mode, policies): the reader is simply not remembered.
    return false;
  }
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  window.addEventListener("storage", listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", listener);
  };
}

/** Remembers on this device that the reader signed up. */
export function rememberSubscribed() {
  try {
    localStorage.setItem(KEY, DAILY_HEADLINES);
  } catch (error) {
    console.warn("Could not remember the signup on this device:", error);
  }
  for (const listener of listeners) listener();
}

/** Whether this device has signed up; false on the server and during hydration. */
export function useIsSubscribed(): boolean {
  return useSyncExternalStore(subscribe, read, () => false);
}
