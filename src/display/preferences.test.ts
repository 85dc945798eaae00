import { beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_PREFERENCES, parsePreferences, savePreferences } from "./preferences.ts";

describe("parsePreferences", () => {
  it("reads known values and falls back on anything else", () => {
    expect(parsePreferences("a=1; dispatch-theme=dark; dispatch-text-size=large")).toEqual({
      theme: "dark",
      textSize: "large",
    });
    expect(parsePreferences('dispatch-theme="><script>; dispatch-text-size=huge')).toEqual(DEFAULT_PREFERENCES);
    expect(parsePreferences(undefined)).toEqual(DEFAULT_PREFERENCES);
  });
});

describe("savePreferences", () => {
  beforeEach(() => {
    document.cookie = "dispatch-theme=; Max-Age=0; Path=/";
    document.cookie = "dispatch-text-size=; Max-Age=0; Path=/";
  });

  it("stores the choice in cookies and applies it to the page", () => {
    savePreferences({ theme: "dark" });
    savePreferences({ textSize: "x-large" });
    expect(parsePreferences(document.cookie)).toEqual({ theme: "dark", textSize: "x-large" });
    expect(document.documentElement.dataset).toMatchObject({ theme: "dark", textSize: "x-large" });
  });
});
