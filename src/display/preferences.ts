import { useSyncExternalStore } from "react";
import {
  DEFAULT_PREFERENCES,
  parsePreferences,
  type Preferences,
  preferenceCookies,
} from "../../contract/preferences.ts";

export { DEFAULT_PREFERENCES, parsePreferences } from "../../contract/preferences.ts";
export type { Preferences, TextSize, Theme } from "../../contract/preferences.ts";

const listeners = new Set<() => void>();
let current: Preferences | null = null;

function read(): Preferences {
  current ??= parsePreferences(document.cookie);
  return current;
}

function apply(preferences: Preferences) {
  const root = document.documentElement;
  root.dataset.theme = preferences.theme;
  root.dataset.textSize = preferences.textSize;
}

export function savePreferences(change: Partial<Preferences>) {
  const next = { ...read(), ...change };
  for (const cookie of preferenceCookies(next, location.protocol === "https:")) document.cookie = cookie;
  current = next;
  apply(next);
  for (const listener of listeners) listener();
}

/** Puts the saved choices on <html>, for pages the server did not (a static host, the offline shell). */
export function applySavedPreferences() {
  apply(read());
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function usePreferences(): Preferences {
  return useSyncExternalStore(subscribe, read, () => DEFAULT_PREFERENCES);
}
