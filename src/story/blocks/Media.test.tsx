import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { Media as MediaBlock } from "../../api/index.ts";
import { Media } from "./Media.tsx";

const video: MediaBlock = {
  type: "media",
  kind: "video",
  title: "The last 250 metres",
  duration: 12,
  sources: [
    { src: "/media/regatta-finish.webm", type: "video/webm" },
    { src: "https://cdn.example.org/regatta-finish.mp4", type: "video/mp4" },
  ],
  poster: { src: "/media/regatta-finish-1200.jpg", width: 1200, height: 675, alt: "" },
  captions: [{ src: "/media/regatta-finish.en.vtt", language: "en", label: "English" }],
};

describe("Media", () => {
  it("offers a video with the browser's controls, its poster's size, and nothing fetched before play", () => {
    const { container } = render(<Media media={video} />);
    const player = container.querySelector("video");
    expect(player).toHaveAttribute("controls");
    expect(player).toHaveAttribute("preload", "none");
    expect(player).not.toHaveAttribute("autoplay");
    expect(player).toHaveAttribute("poster", "/media/regatta-finish-1200.jpg");
    expect(player).toHaveAttribute("width", "1200");
    expect(player).toHaveAttribute("height", "675");
    expect(player).toHaveAttribute("aria-label", "The last 250 metres");
    expect(
      [...container.querySelectorAll("source")].map((source) => [source.getAttribute("src"), source.type]),
    ).toEqual([
      ["/media/regatta-finish.webm", "video/webm"],
      ["https://cdn.example.org/regatta-finish.mp4", "video/mp4"],
    ]);
    const track = container.querySelector("track");
    expect(track).toHaveAttribute("kind", "captions");
    expect(track).toHaveAttribute("srclang", "en");
    expect(track).toHaveAttribute("label", "English");
    expect(track).not.toHaveAttribute("default");
    // Captions from the page's own origin need no CORS, so the media is fetched as any video.
    expect(player).not.toHaveAttribute("crossorigin");
  });

  it("says what it is, how long, and in what format", () => {
    render(<Media media={video} />);
    const caption = screen.getByRole("figure").querySelector("figcaption");
    expect(caption).toHaveTextContent("The last 250 metresVideo · 0:12 · WebM");
    expect(caption?.querySelector("time")).toHaveAttribute("datetime", "PT12S");
  });

  it("asks for captions from another origin through CORS", () => {
    const { container } = render(
      <Media media={{ ...video, captions: [{ src: "https://cdn.example.org/finish.vtt", language: "en" }] }} />,
    );
    expect(container.querySelector("video")).toHaveAttribute("crossorigin", "anonymous");
  });

  it("plays audio with its picture beside it, and no length when the source gives none", () => {
    const { container } = render(
      <Media
        media={{
          type: "media",
          kind: "audio",
          sources: [{ src: "https://cdn.example.org/interview.mp3", type: "audio/mpeg" }],
          poster: { src: "/media/quay-market-1200.jpg", width: 1200, height: 800, alt: "The quay" },
          captions: [],
        }}
      />,
    );
    const player = container.querySelector("audio");
    expect(player).toHaveAttribute("preload", "none");
    expect(container.querySelector("video, track")).toBeNull();
    expect(screen.getByRole("img", { name: "The quay" })).toHaveAttribute("loading", "lazy");
    expect(screen.getByRole("figure").querySelector("figcaption")).toHaveTextContent(/^Audio · MP3$/);
  });
});
