import { describe, expect, it } from "vitest";
import { pageVariant, personalisePage } from "./html.ts";

const PAGE = '<!doctype html><html lang="en"><head><title>x</title></head><body></body></html>';

describe("personalisePage", () => {
  it("leaves a page alone for a reader with default settings on the bundled API", () => {
    expect(personalisePage(PAGE, { cookie: undefined, apiBase: "/api", apiOrigin: undefined })).toBe(PAGE);
  });

  it("puts the saved theme and text size on <html> before the first paint", () => {
    const page = personalisePage(PAGE, {
      cookie: "dispatch-theme=dark; dispatch-text-size=large",
      apiBase: "/api",
      apiOrigin: undefined,
    });
    expect(page).toContain('<html data-theme="dark" data-text-size="large" lang="en">');
  });

  it("ignores cookie values it does not know, so nothing unsafe reaches the page", () => {
    const page = personalisePage(PAGE, {
      cookie: 'dispatch-theme="><script>alert(1)</script>',
      apiBase: "/api",
      apiOrigin: undefined,
    });
    expect(page).toBe(PAGE);
  });

  it("preconnects to another origin's API and preloads the story the shell will fetch", () => {
    const page = personalisePage(PAGE, {
      cookie: undefined,
      apiBase: "https://api.example.com/v1",
      apiOrigin: "https://api.example.com",
      storySlug: "harbor-bridge",
    });
    expect(page).toContain('<link rel="preconnect" href="https://api.example.com" crossorigin />');
    expect(page).toContain(
      '<link rel="preload" href="https://api.example.com/v1/articles/harbor-bridge.json" as="fetch" crossorigin="anonymous" /></head>',
    );
  });

  it("names each variant by what changes its bytes", () => {
    expect(pageVariant({ cookie: undefined })).toBe("system.medium");
    expect(pageVariant({ cookie: "dispatch-theme=light", storySlug: "a-b" })).toBe("light.medium.a-b");
  });
});
