import { describe, expect, it } from "vitest";
import { PLAYER_ORIGINS, playerAddress } from "./embedPlayers.ts";

describe("playerAddress", () => {
  it.each([
    "https://www.youtube.com/watch?v=Dspt0RgtTa1&t=30s",
    "https://youtube.com/watch?v=Dspt0RgtTa1",
    "https://m.youtube.com/watch?v=Dspt0RgtTa1",
    "https://youtu.be/Dspt0RgtTa1?si=abc",
    "https://www.youtube.com/embed/Dspt0RgtTa1?rel=0",
    "https://www.youtube.com/shorts/Dspt0RgtTa1",
    "https://www.youtube-nocookie.com/embed/Dspt0RgtTa1",
  ])("plays %s from YouTube's cookie-less player", (address) => {
    expect(playerAddress("youtube", address)).toBe("https://www.youtube-nocookie.com/embed/Dspt0RgtTa1?autoplay=1");
  });

  it.each([
    ["https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1"],
    ["https://vimeo.com/channels/staffpicks/76979871", "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1"],
    ["https://vimeo.com/76979871/8272103f6e", "https://player.vimeo.com/video/76979871?h=8272103f6e&dnt=1&autoplay=1"],
    [
      "https://player.vimeo.com/video/76979871?h=8272103f6e&badge=0",
      "https://player.vimeo.com/video/76979871?h=8272103f6e&dnt=1&autoplay=1",
    ],
  ])("plays %s from Vimeo's player, not tracked", (address, player) => {
    expect(playerAddress("vimeo", address)).toBe(player);
  });

  it.each([
    ["youtube", "https://www.youtube.com/channel/UC123"],
    ["youtube", "https://www.youtube.com/watch?v=short"],
    ["youtube", "https://www.youtube.com/watch?v=Dspt0RgtTa1%22onload%3D"],
    ["youtube", "https://youtube.example.org/watch?v=Dspt0RgtTa1"],
    ["youtube", "javascript:alert(1)//youtu.be/Dspt0RgtTa1"],
    ["vimeo", "https://vimeo.com/about"],
    ["instagram", "https://www.instagram.com/p/C0ffee/"],
    ["x", "not a url"],
  ])("loads no player for %s %s", (provider, address) => {
    expect(playerAddress(provider, address)).toBeUndefined();
  });

  it("drops a Vimeo hash that is not one rather than passing it on", () => {
    expect(playerAddress("vimeo", "https://player.vimeo.com/video/123?h=%26autoplay%3D0")).toBe(
      "https://player.vimeo.com/video/123?dnt=1&autoplay=1",
    );
  });

  it("only ever points at an origin the CSP names", () => {
    for (const player of [
      playerAddress("youtube", "https://youtu.be/Dspt0RgtTa1"),
      playerAddress("vimeo", "https://vimeo.com/1"),
    ]) {
      expect(PLAYER_ORIGINS).toContain(new URL(player ?? "").origin);
    }
  });
});
