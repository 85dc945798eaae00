import { describe, expect, it } from "vitest";
import { clockDuration, formatName, isoDuration } from "./mediaFacts.ts";

describe("clockDuration", () => {
  it.each([
    [0, "0:00"],
    [7.4, "0:07"],
    [59.6, "1:00"],
    [725, "12:05"],
    [3723, "1:02:03"],
  ])("reads %s seconds as %s", (seconds, clock) => {
    expect(clockDuration(seconds)).toBe(clock);
  });
});

describe("isoDuration", () => {
  it.each([
    [0, "PT0S"],
    [7, "PT7S"],
    [60, "PT1M"],
    [725, "PT12M5S"],
    [3723, "PT1H2M3S"],
    [7200, "PT2H"],
  ])("writes %s seconds as %s", (seconds, iso) => {
    expect(isoDuration(seconds)).toBe(iso);
  });
});

describe("formatName", () => {
  it.each([
    ["video/webm", "WebM"],
    ["video/mp4", "MP4"],
    ["audio/mpeg", "MP3"],
    ["audio/x-wav", "WAV"],
    ["video/x-matroska", "MATROSKA"],
    ["audio/3gpp", "3GPP"],
  ])("names %s %s", (type, name) => {
    expect(formatName(type)).toBe(name);
  });
});
