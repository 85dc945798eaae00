import { describe, expect, it } from "vitest";
import { apiDirectory, storyDocument, storyPath, storySlugAt } from "./paths.ts";

describe("apiDirectory", () => {
  it("reads a base with or without its last slash as the same directory", () => {
    for (const base of ["/api", "/api/"])
      expect(new URL(storyDocument("a-b"), new URL(apiDirectory(base), "https://site.example")).href).toBe(
        "https://site.example/api/articles/a-b.json",
      );
    for (const base of ["https://content.example/v1", "https://content.example/v1/"]) {
      expect(new URL("headlines.json", apiDirectory(base)).href).toBe("https://content.example/v1/headlines.json");
    }
  });
});

describe("story addresses", () => {
  it("reads back the slug of a story's page, and only a slug the contract allows", () => {
    expect(storySlugAt(storyPath("ferry-order"))).toBe("ferry-order");
    expect(storySlugAt("/articles/Not_A_Slug")).toBeUndefined();
    expect(storySlugAt("/articles/a/b")).toBeUndefined();
    expect(storySlugAt("/")).toBeUndefined();
  });
});
