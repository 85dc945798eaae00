import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { requestStory } from "./boot.ts";
import { takeEarlyStory } from "./earlyStory.ts";

const STORY_URL = "https://api.example/v1/articles/harbor-bridge-reopens.json";

function hints() {
  return [...document.head.querySelectorAll("link")].map((link) => ({
    rel: link.rel,
    href: link.href,
    as: link.getAttribute("as"),
    crossOrigin: link.crossOrigin,
    type: link.type || null,
    imagesrcset: link.getAttribute("imagesrcset"),
  }));
}

let answer: () => Response;
const fetched: string[] = [];
beforeEach(() => {
  answer = () => Response.json({ headline: "Harbor bridge reopens" });
  // The network boundary: the boot script's one request.
  vi.stubGlobal("fetch", async (url: string) => {
    fetched.push(url);
    return answer();
  });
});
afterEach(() => {
  for (const link of document.head.querySelectorAll("link")) link.remove();
  history.replaceState(null, "", "/");
  takeEarlyStory(STORY_URL);
  fetched.length = 0;
  vi.unstubAllGlobals();
});

/** Lets the response and its JSON arrive. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("the boot script's early story request", () => {
  it("connects to an API on another origin, requests the story once and hands the response to the app", async () => {
    history.replaceState(null, "", "/articles/harbor-bridge-reopens");
    requestStory("https://api.example/v1");
    expect(hints().map((hint) => [hint.rel, hint.href, hint.crossOrigin])).toEqual([
      ["preconnect", "https://api.example/", "anonymous"],
      ["preconnect", "https://api.example/", null],
    ]);
    expect(fetched).toEqual([STORY_URL]);
    const handed = takeEarlyStory(STORY_URL);
    expect(await (await handed)?.json()).toEqual({ headline: "Harbor bridge reopens" });
    // Taken once: a Retry asks the network again.
    expect(takeEarlyStory(STORY_URL)).toBeUndefined();
  });

  it("needs no preconnect for an API on the page's own origin", () => {
    history.replaceState(null, "", "/articles/harbor-bridge-reopens");
    requestStory("/api");
    expect(hints()).toEqual([]);
    expect(fetched).toEqual([`${location.origin}/api/articles/harbor-bridge-reopens.json`]);
  });

  it("preloads the hero as the app's picture will ask for it: its first type's files, at high priority", async () => {
    answer = () =>
      Response.json({
        image: {
          src: "/media/bridge.jpg",
          width: 1200,
          height: 800,
          sources: [
            { src: "/media/bridge-640.avif", width: 640, type: "image/avif" },
            { src: "/media/bridge-640.webp", width: 640, type: "image/webp" },
            { src: "/media/bridge-1200.avif", width: 1200, type: "image/avif" },
          ],
        },
      });
    history.replaceState(null, "", "/articles/harbor-bridge-reopens");
    requestStory("https://api.example/v1");
    await settle();
    const preload = [...document.head.querySelectorAll<HTMLLinkElement>('link[rel="preload"]')];
    expect(preload.map((link) => [link.href, link.getAttribute("as"), link.type])).toEqual([
      ["https://api.example/media/bridge.jpg", "image", "image/avif"],
    ]);
    expect(preload[0]?.getAttribute("imagesrcset")).toBe(
      "https://api.example/media/bridge-640.avif 640w, https://api.example/media/bridge-1200.avif 1200w",
    );
    expect(preload[0]?.getAttribute("imagesizes")).toBe("(min-width: 48rem) 45rem, 100vw");
    expect(preload[0]?.getAttribute("fetchpriority")).toBe("high");
    // The app still gets the whole body.
    const handed = await takeEarlyStory(STORY_URL);
    expect((await handed?.json())?.image.src).toBe("/media/bridge.jpg");
  });

  it.each([
    ["a script address", { src: "javascript:alert(1)", width: 10, height: 10 }],
    ["no address", { width: 10, height: 10 }],
    ["a variant that is not a file", { src: "/a.jpg", sources: [{ src: "/b.avif 1x, /c.avif", width: 1 }] }],
  ])("preloads no hero for an image with %s", async (_, image) => {
    answer = () => Response.json({ image });
    history.replaceState(null, "", "/articles/harbor-bridge-reopens");
    requestStory("/api");
    await settle();
    expect(hints()).toEqual([]);
  });

  it("preloads nothing for a failed answer, and leaves the response to the app", async () => {
    answer = () => new Response("oops", { status: 503 });
    history.replaceState(null, "", "/articles/harbor-bridge-reopens");
    requestStory("/api");
    await settle();
    expect(hints()).toEqual([]);
    expect((await takeEarlyStory(`${location.origin}/api/articles/harbor-bridge-reopens.json`))?.status).toBe(503);
  });

  it.each(["/", "/articles/Bad_Slug", "/articles/a/b", "/subscribe"])("requests nothing for %s", (path) => {
    history.replaceState(null, "", path);
    requestStory("https://api.example/v1");
    expect(hints()).toEqual([]);
    expect(fetched).toEqual([]);
  });
});
