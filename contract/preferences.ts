/**
 * The reader's display choices, kept in cookies. The head script the build inlines
 * (src/display/headScript.ts) reads them and puts them on <html> before the first paint, so
 * the pages themselves stay the same for every reader and shared caches can keep them.
 */
export const THEMES = ["system", "light", "dark"] as const;
export const TEXT_SIZES = ["small", "medium", "large", "x-large"] as const;
export type Theme = (typeof THEMES)[number];
export type TextSize = (typeof TEXT_SIZES)[number];
export type Preferences = { theme: Theme; textSize: TextSize };

export const DEFAULT_PREFERENCES: Preferences = { theme: "system", textSize: "medium" };
export const THEME_COOKIE = "dispatch-theme";
export const TEXT_SIZE_COOKIE = "dispatch-text-size";

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

const ONE_YEAR_SECONDS = 365 * 24 * 3600;

/** The Set-Cookie values (or document.cookie assignments) that remember `preferences` for a year. */
export function preferenceCookies(preferences: Preferences, secure: boolean): string[] {
  const attributes = `; Path=/; Max-Age=${ONE_YEAR_SECONDS}; SameSite=Lax${secure ? "; Secure" : ""}`;
  return [
    `${THEME_COOKIE}=${preferences.theme}${attributes}`,
    `${TEXT_SIZE_COOKIE}=${preferences.textSize}${attributes}`,
  ];
}

/** A theme or text size sent by a form, or undefined when it is not one of ours. */
export function readTheme(value: unknown): Theme | undefined {
  return THEMES.find((theme) => theme === value);
}

export function readTextSize(value: unknown): TextSize | undefined {
  return TEXT_SIZES.find((size) => size === value);
}
