import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { Embed as EmbedBlock } from "../../api/index.ts";
import { Embed } from "./Embed.tsx";

const post: EmbedBlock = {
  type: "embed",
  provider: "x",
  url: "https://x.com/PortEllisRC/status/1862110000000000001",
  author: "Port Ellis Rowing Club (@PortEllisRC)",
  text: "What a day on the estuary.\nThank you, Port Ellis!",
};

const video: EmbedBlock = {
  type: "embed",
  provider: "youtube",
  url: "https://www.youtube.com/watch?v=Dspt0RgtTa1",
  title: "The men's eights final",
  author: "Port Ellis Rowing Club",
  thumbnail: { src: "/media/rowing-eight-1200.jpg", width: 1200, height: 800, alt: "Eights racing" },
};

describe("Embed", () => {
  it("shows a post as a quotation from its account, naming the platform, with a link to the original", () => {
    render(<Embed embed={post} />);
    const card = screen.getByRole("figure");
    expect(within(card).getByText("X", { selector: ".embed-provider" })).toBeInTheDocument();
    const quote = within(card).getByRole("blockquote");
    expect(quote).toHaveAttribute("cite", post.url);
    expect(quote).toHaveTextContent("What a day on the estuary. Thank you, Port Ellis!");
    expect(card.querySelector("figcaption cite")).toHaveTextContent("Port Ellis Rowing Club (@PortEllisRC)");
    const original = within(card).getByRole("link", { name: "View on X" });
    expect(original).toHaveAttribute("href", post.url);
    expect(original).toHaveAttribute("rel", "noopener noreferrer");
    expect(within(card).queryByRole("button")).toBeNull();
    expect(card.querySelector("iframe, script")).toBeNull();
  });

  it("names a provider it does not know as the source wrote it", () => {
    render(<Embed embed={{ ...post, provider: "pixelfed", author: undefined }} />);
    expect(screen.getByRole("link", { name: "View on pixelfed" })).toBeInTheDocument();
    expect(screen.getByRole("figure").querySelector("cite")).toBeNull();
  });

  it("loads a video's player only when the reader asks, sandboxed, from the provider's cookie-less host", async () => {
    const user = userEvent.setup();
    render(<Embed embed={video} />);
    const card = screen.getByRole("figure");
    expect(card.querySelector("iframe")).toBeNull();
    expect(within(card).getByRole("link", { name: "Watch on YouTube" })).toHaveAttribute("href", video.url);
    const load = within(card).getByRole("button", { name: "Load the video" });
    expect(load).toHaveAccessibleDescription("Loading the video here connects to YouTube.");

    await user.click(load);
    const player = within(card).getByTitle("The men's eights final (YouTube)");
    expect(player.tagName).toBe("IFRAME");
    expect(player).toHaveAttribute("src", "https://www.youtube-nocookie.com/embed/Dspt0RgtTa1?autoplay=1");
    expect(player.getAttribute("sandbox")?.split(" ").sort()).toEqual([
      "allow-popups",
      "allow-presentation",
      "allow-same-origin",
      "allow-scripts",
    ]);
    expect(player).toHaveFocus();
    expect(within(card).queryByRole("button")).toBeNull();
  });

  it("is, in the served page before the app runs, a link to the video itself", () => {
    const served = document.createElement("div");
    served.innerHTML = renderToString(<Embed embed={video} />);
    expect(within(served).queryByRole("button")).toBeNull();
    expect(within(served).getByRole("link", { name: "Load the video" })).toHaveAttribute("href", video.url);
    expect(served.querySelector("iframe")).toBeNull();
  });

  it("can be loaded from the keyboard", async () => {
    const user = userEvent.setup();
    render(<Embed embed={video} />);
    await user.tab();
    expect(screen.getByRole("button", { name: "Load the video" })).toHaveFocus();
    await user.keyboard("{Enter}");
    expect(screen.getByTitle("The men's eights final (YouTube)")).toHaveFocus();
  });

  it("draws a thumbnail from the API's origin at its size, lazily, and none from another host", () => {
    const { rerender } = render(<Embed embed={video} />);
    const thumbnail = screen.getByRole("figure").querySelector("img");
    expect(thumbnail).toHaveAttribute("src", "/media/rowing-eight-1200.jpg");
    expect(thumbnail).toHaveAttribute("loading", "lazy");
    expect(thumbnail).toHaveAttribute("width", "1200");
    expect(thumbnail).toHaveAttribute("height", "800");

    const elsewhere = { ...video, thumbnail: { ...video.thumbnail, src: "https://i.ytimg.com/vi/Dspt0RgtTa1/hq.jpg" } };
    rerender(<Embed embed={elsewhere as EmbedBlock} />);
    expect(screen.getByRole("figure").querySelector("img")).toBeNull();
    expect(screen.getByRole("button", { name: "Load the video" })).toBeInTheDocument();
  });

  it("only links out for a video on a host whose player is not allowed", () => {
    render(
      <Embed embed={{ ...video, provider: "tiktok", url: "https://www.tiktok.com/@club/video/7300000000000000000" }} />,
    );
    expect(screen.queryByRole("button")).toBeNull();
    expect(screen.getByRole("link", { name: "View on TikTok" })).toBeInTheDocument();
  });
});
