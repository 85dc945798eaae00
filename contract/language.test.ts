import { describe, expect, it } from "vitest";
import { canonicalLanguage, textDirection } from "./language.ts";

describe("canonicalLanguage", () => {
  it("canonicalises well-formed tags and refuses others", () => {
    expect(canonicalLanguage("en-gb")).toBe("en-GB");
    expect(canonicalLanguage("de_DE")).toBe("de-DE");
    expect(canonicalLanguage("sv")).toBe("sv");
    expect(canonicalLanguage("not a language")).toBeUndefined();
    expect(canonicalLanguage("")).toBeUndefined();
  });
});

describe("textDirection", () => {
  it("is right to left for Arabic, Hebrew, Persian and Urdu", () => {
    for (const tag of ["ar", "ar-EG", "he", "fa-IR", "ur"]) expect(textDirection(tag)).toBe("rtl");
  });

  it("follows an explicit script", () => {
    expect(textDirection("az-Arab")).toBe("rtl");
    expect(textDirection("ku-Latn")).toBe("ltr");
  });

  it("is left to right otherwise, and without a language", () => {
    for (const tag of ["en", "de-DE", "sv", "zh-Hant", undefined]) expect(textDirection(tag)).toBe("ltr");
  });
});
