import { describe, expect, it } from "vitest";
import { isImageAddress } from "./pictureSources.ts";

const API = "https://api.example";

describe("isImageAddress", () => {
  it("takes a path on the API's origin and an absolute http(s) URL", () => {
    expect(isImageAddress("/media/ferry-1200.jpg")).toBe(true);
    expect(isImageAddress("https://cdn.example/a.avif")).toBe(true);
    expect(isImageAddress("HTTP://cdn.example/a.jpg")).toBe(true);
  });

  it("refuses other schemes and protocol-relative addresses", () => {
    for (const src of ["javascript:alert(1)", "data:image/png;base64,AA", "//evil.example/a.jpg", "media/a.jpg", ""]) {
      expect(isImageAddress(src), src).toBe(false);
    }
  });

  it("refuses a backslash, a tab or a line break, which a browser turns into another host", () => {
    for (const src of [
      "/\\evil.example/a.jpg",
      "/\\\\evil.example",
      "/media\\a.jpg",
      "/\t/evil.example",
      "/\n/evil.example",
    ]) {
      expect(isImageAddress(src), JSON.stringify(src)).toBe(false);
    }
    // What the rule guards against, as the URL parser browsers share reads these addresses.
    expect(new URL("/\\evil.example/a.jpg", API).host).toBe("evil.example");
    expect(new URL("/\t/evil.example/a.jpg", API).host).toBe("evil.example");
  });

  it("keeps every path it takes on the API's origin", () => {
    const paths = [
      "/media/a.jpg",
      "/%5Cevil.example",
      "/.//evil.example",
      "/media/../a.jpg",
      "/a?b=//c",
      "/\\x",
      "/\r/x",
    ];
    for (const src of paths.filter(isImageAddress)) expect(new URL(src, API).origin, src).toBe(API);
  });
});
