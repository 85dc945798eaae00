import { useSyncExternalStore } from "react";

/**
 * The reader's display choices. They live in cookies, not localStorage, so the server can
 * put them on <html> before the first paint: no flash of the wrong theme, and no inline script.
 */
export const THEMES = ["system", "light", "dark"] as const;
export const TEXT_SIZES = ["small", "medium", "large", "x-large"] as const;
export type Theme = (typeof THEMES)[number];
export type TextSize = (typeof TEXT_SIZES)[number];
export type Preferences = { theme: Theme; textSize: TextSize };

export const DEFAULT_PREFERENCES: Preferences = { theme: "system", textSize: "medium" };
export const THEME_COOKIE = "dispatch-theme";
export const TEXT_SIZE_COOKIE = "dispatch-text-size";
const ONE_YEAR_SECONDS = 365 * 24 * 3600;

function pick<T extends string>(allowed: readonly T[], value: string | undefined, fallback: T): T {
  return allowed.find((candidate) => candidate === value) ?? fallback;
}

/** Reads the preferences from a Cookie header or document.cookie; anything unknown is the default. */
export function parsePreferences(cookieHeader: string | undefined | null): Preferences {
  const cookies = new Map(
    (cookieHeader ?? "").split(";").map((pair) => {
      const [name = "", ...value] = pair.trim().split("=");
      return [name, value.join("=")] as const;
    }),
  );
  return {
    theme: pick(THEMES, cookies.get(THEME_COOKIE), DEFAULT_PREFERENCES.theme),
    textSize: pick(TEXT_SIZES, cookies.get(TEXT_SIZE_COOKIE), DEFAULT_PREFERENCES.textSize),
  };
}

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
  const secure = location.protocol === "https:" ? "; Secure" : "";
  const attributes = `; Path=/; Max-Age=${ONE_YEAR_SECONDS}; SameSite=Lax${secure}`;
  document.cookie = `${THEME_COOKIE}=${next.theme}${attributes}`;
  document.cookie = `${TEXT_SIZE_COOKIE}=${next.textSize}${attributes}`;
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
