import { afterEach, describe, expect, it } from "vitest";
import { preloadStory } from "./boot.ts";

afterEach(() => {
  for (const link of document.head.querySelectorAll("link")) link.remove();
  history.replaceState(null, "", "/");
});

function hints() {
  return [...document.head.querySelectorAll("link")].map((link) => ({
    rel: link.rel,
    href: link.href,
    as: link.getAttribute("as"),
    crossOrigin: link.crossOrigin,
  }));
}

describe("the boot script's early story request", () => {
  it("connects to an API on another origin and preloads the story's JSON as the app will fetch it", () => {
    history.replaceState(null, "", "/articles/harbor-bridge-reopens");
    preloadStory("https://api.example/v1");
    expect(hints()).toEqual([
      { rel: "preconnect", href: "https://api.example/", as: null, crossOrigin: "anonymous" },
      {
        rel: "preload",
        href: "https://api.example/v1/articles/harbor-bridge-reopens.json",
        as: "fetch",
        crossOrigin: "anonymous",
      },
    ]);
  });

  it("needs no preconnect for an API on the page's own origin", () => {
    history.replaceState(null, "", "/articles/harbor-bridge-reopens");
    preloadStory("/api");
    expect(hints().map((hint) => [hint.rel, hint.href])).toEqual([
      ["preload", `${location.origin}/api/articles/harbor-bridge-reopens.json`],
    ]);
  });

  it("adds nothing when the server already sent the hint", () => {
    history.replaceState(null, "", "/articles/harbor-bridge-reopens");
    const link = document.createElement("link");
    link.rel = "preload";
    link.href = "/api/articles/harbor-bridge-reopens.json";
    document.head.append(link);
    preloadStory("/api");
    expect(hints()).toHaveLength(1);
  });

  it.each(["/", "/articles/Bad_Slug", "/articles/a/b", "/subscribe"])("requests nothing for %s", (path) => {
    history.replaceState(null, "", path);
    preloadStory("https://api.example/v1");
    expect(hints()).toEqual([]);
  });
});
