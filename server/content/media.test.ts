import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { htmlToBlocks } from "./blocks.ts";
import { buildSnapshot } from "./snapshot.ts";
import { mapFeed } from "./feed.ts";
import { mediaType } from "./media.ts";

function fixture(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");
}

const POSTER = "https://news.example/wp-content/uploads/launch-poster.jpg";

describe("video and audio in HTML", () => {
  const { blocks, dropped } = htmlToBlocks(fixture("html/media.html"), {
    base: "https://news.example/2026/11/launch/",
    slugForUrl: () => undefined,
    sizeOf: (src) => (src === POSTER ? { width: 1280, height: 720 } : undefined),
    unsized: () => {},
  });

  it("makes a media block of a video with its poster, caption track and the figure's caption as title", () => {
    expect(blocks[1]).toEqual({
      type: "media",
      kind: "video",
      sources: [{ src: "https://news.example/wp-content/uploads/launch.mp4", type: "video/mp4" }],
      title: "The launch, in full",
      poster: { src: POSTER, width: 1280, height: 720, alt: "" },
      captions: [{ src: "https://news.example/wp-content/uploads/launch-en.vtt", language: "en", label: "English" }],
    });
  });

  it("reads the [video] shortcode's sources without WordPress's ?_=1, and an audio file", () => {
    expect(blocks[2]).toEqual({
      type: "media",
      kind: "video",
      sources: [
        { src: "https://news.example/wp-content/uploads/tug.mp4", type: "video/mp4" },
        { src: "https://news.example/wp-content/uploads/tug.webm", type: "video/webm" },
      ],
      captions: [],
    });
    expect(blocks[3]).toEqual({
      type: "media",
      kind: "audio",
      sources: [{ src: "https://news.example/wp-content/uploads/harbour-master.mp3", type: "audio/mpeg" }],
      title: "The harbour master, interviewed",
      captions: [],
    });
  });

  it("counts a video it cannot point a browser at, and leaves the fallback link out", () => {
    expect(blocks.map((block) => block.type)).toEqual(["paragraph", "media", "media", "media", "paragraph"]);
    expect(dropped).toEqual({ "unplayable media": 1 });
  });

  it("knows a file's type from its extension when the markup gives none", () => {
    expect(mediaType("https://cdn.example/a.m4a?x=1", undefined)).toBe("audio/mp4");
    expect(mediaType("https://cdn.example/a.ogg", undefined, "video")).toBe("video/ogg");
    expect(mediaType("https://cdn.example/a.pdf", undefined)).toBeUndefined();
  });
});

describe("Media RSS, enclosures and JSON Feed attachments", () => {
  const { stories } = buildSnapshot(
    mapFeed(fixture("media-rss.xml"), { location: "https://video.harbour.example/feed" }),
    {
      now: () => 0,
    },
  );
  const story = (slug: string) => {
    const found = stories.get(slug);
    if (!found) throw new Error(`no story ${slug}`);
    return found;
  };

  it("makes a media:group one video in several files, leading the story, with its poster, length and subtitles", () => {
    const ferry = story("the-new-ferrys-first-crossing");
    expect(ferry.standfirst).toBe("The electric ferry made its first crossing at dawn.");
    expect(ferry.body[0]).toEqual({
      type: "media",
      kind: "video",
      sources: [
        { src: "https://cdn.harbour.example/ferry-720.mp4", type: "video/mp4" },
        { src: "https://cdn.harbour.example/ferry-720.webm", type: "video/webm" },
      ],
      title: "First crossing",
      poster: { src: "https://cdn.harbour.example/ferry-poster.jpg", width: 1280, height: 720, alt: "" },
      duration: 95,
      captions: [{ src: "https://cdn.harbour.example/ferry-en.vtt", language: "en-gb" }],
    });
  });

  it("makes a YouTube video named by Media RSS an embed of its watch page, once", () => {
    const tugs = story("tugs-at-work-on-youtube");
    expect(tugs.body.filter((block) => block.type === "embed")).toEqual([
      {
        type: "embed",
        provider: "youtube",
        url: "https://www.youtube.com/watch?v=aBcDeFgHiJk",
        title: "Tugs at work",
        thumbnail: { src: "https://i.ytimg.com/vi/aBcDeFgHiJk/hqdefault.jpg", width: 480, height: 360, alt: "" },
      },
    ]);
  });

  it("makes a podcast's audio enclosure a media block with its iTunes duration", () => {
    const episode = story("episode-12-the-harbour-master");
    expect(episode.body[0]).toEqual({
      type: "media",
      kind: "audio",
      sources: [{ src: "https://cdn.harbour.example/episode-12.mp3", type: "audio/mpeg" }],
      duration: 2492,
      captions: [],
    });
    expect(episode.standfirst).toBe("This week we meet the harbour master.");
  });

  it("does not repeat a video the body already shows", () => {
    expect(story("the-crane-comes-down").body.map((block) => block.type)).toEqual(["paragraph", "media", "paragraph"]);
  });

  it("makes JSON Feed attachments sharing a title one media block, and skips files that are not video or audio", () => {
    const radio = buildSnapshot(
      mapFeed(fixture("attachments.json"), { location: "https://radio.harbour.example/feed.json" }),
    );
    expect(radio.stories.get("shanties-of-the-north-quay")?.body).toEqual([
      {
        type: "media",
        kind: "audio",
        sources: [
          { src: "https://cdn.harbour.example/radio-7.mp3", type: "audio/mpeg" },
          { src: "https://cdn.harbour.example/radio-7.ogg", type: "audio/ogg" },
        ],
        title: "Listen",
        duration: 1805,
        captions: [],
      },
      { type: "paragraph", html: "Seven songs, recorded on the north quay." },
    ]);
  });
});
