import { describe, expect, it } from "vitest";
import { floorPage } from "./floor.ts";

describe("floorPage", () => {
  it("removes every script and module preload and keeps the rest byte for byte", () => {
    const html = [
      "<head>",
      '<script type="application/ld+json">{"a":"<\\/b>"}</script>',
      '<script type="module" crossorigin src="/assets/index.js"></script>',
      '<link rel="modulepreload" crossorigin href="/assets/dist.js">',
      '<link rel="stylesheet" crossorigin href="/assets/index.css">',
      "</head><body><h1>Headline</h1>",
      '<script type="application/json" id="dispatch-data">{"x":1}</script></body>',
    ].join("\n");

    expect(floorPage(html)).toBe(
      [
        "<head>",
        "",
        "",
        "",
        '<link rel="stylesheet" crossorigin href="/assets/index.css">',
        "</head><body><h1>Headline</h1>",
        "</body>",
      ].join("\n"),
    );
  });

  it("refuses markup it cannot strip cleanly", () => {
    expect(() => floorPage("<body><script src=/a.js>")).toThrow(/still holds a script/);
  });
});
