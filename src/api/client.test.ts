import { afterEach, describe, expect, it, vi } from "vitest";

/** The client reads VITE_API_BASE_URL when it loads, as a build does. */
async function clientBuiltWith(base: string | undefined) {
  vi.resetModules();
  vi.stubEnv("VITE_API_BASE_URL", base ?? "");
  return import("./client.ts");
}

afterEach(() => vi.unstubAllEnvs());

describe("a build for the bundled API (the default /api)", () => {
  it("asks the page's own origin and keeps media paths as they are", async () => {
    const { apiUrl, mediaUrl } = await clientBuiltWith(undefined);
    expect(apiUrl("articles/a-b.json")).toBe(`${location.origin}/api/articles/a-b.json`);
    expect(mediaUrl("/media/a-1200.jpg")).toBe("/media/a-1200.jpg");
  });
});

describe("a build pointed at another origin", () => {
  it("asks that server, and resolves image paths against its origin, not the app's", async () => {
    const { apiUrl, mediaUrl } = await clientBuiltWith("https://content.example.org/v1");
    expect(apiUrl("headlines.json")).toBe("https://content.example.org/v1/headlines.json");
    expect(apiUrl("/articles/a-b.json")).toBe("https://content.example.org/v1/articles/a-b.json");
    expect(mediaUrl("/media/a-1200.jpg")).toBe("https://content.example.org/media/a-1200.jpg");
  });

  it("leaves absolute image URLs alone", async () => {
    const { mediaUrl } = await clientBuiltWith("https://content.example.org/v1/");
    expect(mediaUrl("https://cdn.example.net/a.avif")).toBe("https://cdn.example.net/a.avif");
  });
});

describe("isOnApiOrigin", () => {
  it("counts only paths for the bundled API, whatever host the page is on", async () => {
    const { isOnApiOrigin } = await clientBuiltWith(undefined);
    expect(isOnApiOrigin("/media/a-1200.jpg")).toBe(true);
    expect(isOnApiOrigin(`${location.origin}/media/a-1200.jpg`)).toBe(false);
    expect(isOnApiOrigin("//i.ytimg.com/vi/x/hq.jpg")).toBe(false);
    expect(isOnApiOrigin("https://i.ytimg.com/vi/x/hq.jpg")).toBe(false);
  });

  it("counts paths and the API's own origin for a build pointed at another origin", async () => {
    const { isOnApiOrigin } = await clientBuiltWith("https://content.example.org/v1");
    expect(isOnApiOrigin("/media/a.jpg")).toBe(true);
    expect(isOnApiOrigin("https://content.example.org/media/a.jpg")).toBe(true);
    expect(isOnApiOrigin("https://cdn.example.net/a.jpg")).toBe(false);
  });
});
