import { describe, expect, it } from "vitest";
import { addResourceHints, pageVariant } from "./resourceHints.ts";

const PAGE = '<!doctype html><html lang="en"><head><title>x</title></head><body></body></html>';

describe("addResourceHints", () => {
  it("leaves a page alone on the bundled API", () => {
    expect(addResourceHints(PAGE, { apiBase: "/api", apiOrigin: undefined })).toBe(PAGE);
  });

  it("preconnects to another origin's API and preloads the story the shell will fetch", () => {
    const page = addResourceHints(PAGE, {
      apiBase: "https://api.example.com/v1",
      apiOrigin: "https://api.example.com",
      storySlug: "harbor-bridge",
    });
    expect(page).toContain('<link rel="preconnect" href="https://api.example.com" crossorigin />');
    expect(page).toContain(
      '<link rel="preload" href="https://api.example.com/v1/articles/harbor-bridge.json" as="fetch" crossorigin="anonymous" /></head>',
    );
  });

  it("names each variant by what changes its bytes, which is never the reader", () => {
    expect(pageVariant({})).toBe("page");
    expect(pageVariant({ storySlug: "a-b" })).toBe("story.a-b");
  });
});
