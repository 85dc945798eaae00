import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { BodyContext } from "./blocks.ts";
import { htmlToBlocks } from "./blocks.ts";
import { providerOf, videoPage } from "./embeds.ts";

function fixture(name: string): string {
  return readFileSync(new URL(`./fixtures/html/${name}`, import.meta.url), "utf8");
}

const context: BodyContext = {
  base: "https://news.example/2026/11/harbour/",
  slugForUrl: () => undefined,
  sizeOf: () => undefined,
  unsized: () => {},
};

describe("embeds", () => {
  const { blocks, dropped } = htmlToBlocks(fixture("embeds.html"), context);

  it("turns Gutenberg embeds, oEmbed quotes and player frames into embed blocks, in place", () => {
    expect(blocks.map((block) => (block.type === "embed" ? block.provider : block.type))).toEqual([
      "paragraph",
      "youtube",
      "x",
      "instagram",
      "spotify",
      "flickr",
      "x",
      "instagram",
      "tiktok",
      "youtube",
      "vimeo",
      "paragraph",
    ]);
  });

  it("reads a Gutenberg embed's provider from its class and the video's watch page from its frame", () => {
    expect(blocks[1]).toEqual({
      type: "embed",
      provider: "youtube",
      url: "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
      title: "Harbour at dawn, a timelapse",
    });
    expect(blocks[3]).toEqual({
      type: "embed",
      provider: "instagram",
      url: "https://www.instagram.com/p/Cx1yZ2AbCdE/",
    });
    expect(blocks[4]).toEqual({
      type: "embed",
      provider: "spotify",
      url: "https://open.spotify.com/playlist/37i9dQZF1DX",
      title: "Spotify Embed: Sea Shanties",
    });
    // No provider class: the provider is named for the address's host.
    expect(blocks[5]).toEqual({
      type: "embed",
      provider: "flickr",
      url: "https://www.flickr.com/photos/harbour/5432109876/",
    });
  });

  it("reads a post's words, author and address from an X blockquote, without its picture link", () => {
    expect(blocks[2]).toEqual({
      type: "embed",
      provider: "x",
      url: "https://twitter.com/portauthority/status/1234567890123456789",
      author: "Port Authority (@portauthority)",
      text: "The ferry is back on the water #harbour",
    });
    expect(blocks[6]).toEqual({
      type: "embed",
      provider: "x",
      url: "https://x.com/keeperjoe/status/987654321098765432",
      author: "Keeper Joe (@keeperjoe)",
      text: "Lights on at the lighthouse tonight",
    });
  });

  it("reads an Instagram caption and author, leaving out the embed's own furniture", () => {
    expect(blocks[7]).toEqual({
      type: "embed",
      provider: "instagram",
      url: "https://www.instagram.com/reel/Cq9AbCdEfGh/",
      author: "Quay Life (@quaylife)",
      text: "Sunrise over the quay #harbour #sunrise #nofilter",
    });
  });

  it("reads a TikTok video's author and words, without its sound", () => {
    expect(blocks[8]).toEqual({
      type: "embed",
      provider: "tiktok",
      url: "https://www.tiktok.com/@harbourcat/video/7300000000000000000",
      author: "@harbourcat",
      text: "The cat who runs the harbour #cats",
    });
  });

  it("gives YouTube and Vimeo frames their canonical pages, with a start time and an unlisted video's hash", () => {
    expect(blocks[9]).toEqual({
      type: "embed",
      provider: "youtube",
      url: "https://www.youtube.com/watch?v=aBcDeFgHiJk&t=42s",
    });
    expect(blocks[10]).toEqual({
      type: "embed",
      provider: "vimeo",
      url: "https://vimeo.com/76979871/8272103f6e",
      title: "The new ferry",
    });
  });

  it("drops the embeds' scripts, another site's frame and a post without its address, and counts them", () => {
    expect(dropped).toEqual({ script: 4, frame: 1, "embed without address": 1 });
    expect(JSON.stringify(blocks)).not.toMatch(/pic\.twitter\.com|A post shared by|View this post/);
  });
});

describe("videoPage", () => {
  it.each([
    ["https://youtu.be/dQw4w9WgXcQ", "youtube", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"],
    [
      "https://m.youtube.com/watch?v=dQw4w9WgXcQ&feature=share",
      "youtube",
      "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    ],
    ["https://www.youtube.com/shorts/dQw4w9WgXcQ", "youtube", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"],
    ["https://www.youtube.com/v/dQw4w9WgXcQ?version=3", "youtube", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"],
    [
      "https://www.youtube.com/embed/videoseries?list=PL1234abcd",
      "youtube",
      "https://www.youtube.com/playlist?list=PL1234abcd",
    ],
    ["https://vimeo.com/76979871", "vimeo", "https://vimeo.com/76979871"],
    ["https://www.dailymotion.com/embed/video/x8abc12", "dailymotion", "https://www.dailymotion.com/video/x8abc12"],
  ])("reads %s", (address, provider, url) => {
    expect(videoPage(new URL(address))).toEqual({ provider, url });
  });

  it("knows no page for another site's frame, and names providers for their hosts", () => {
    expect(videoPage(new URL("https://maps.example/embed"))).toBeUndefined();
    expect(providerOf(new URL("https://news.bbc.co.uk/x"))).toBe("bbc");
    expect(providerOf(new URL("https://www.instagram.com/p/x/"))).toBe("instagram");
  });
});
