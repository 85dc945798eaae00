import { afterEach, describe, expect, it, vi } from "vitest";
import { readScrollPositions, writeScrollPositions } from "./scrollPositions.ts";

afterEach(() => {
  sessionStorage.clear();
  vi.restoreAllMocks();
});

describe("scroll positions in sessionStorage", () => {
  it("reads back what was written", () => {
    writeScrollPositions(
      new Map([
        ["a /articles/one", 1800],
        ["b /", 0],
      ]),
    );
    expect(readScrollPositions()).toEqual(
      new Map([
        ["a /articles/one", 1800],
        ["b /", 0],
      ]),
    );
  });

  it("keeps only the newest hundred entries", () => {
    writeScrollPositions(new Map(Array.from({ length: 150 }, (_, index) => [`entry ${index}`, index])));
    const positions = readScrollPositions();
    expect(positions.size).toBe(100);
    expect(positions.has("entry 49")).toBe(false);
    expect(positions.get("entry 149")).toBe(149);
  });

  it("ignores stored values that are not positions", () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    sessionStorage.setItem("dispatch-scroll-positions", "{not json");
    expect(readScrollPositions()).toEqual(new Map());
    sessionStorage.setItem(
      "dispatch-scroll-positions",
      JSON.stringify([["good", 10], ["negative", -5], ["text", "12"], [3, 4], "stray"]),
    );
    expect(readScrollPositions()).toEqual(new Map([["good", 10]]));
  });

  it("survives storage that refuses to work", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    vi.spyOn(Storage.prototype, "setItem").mockImplementation(() => {
      throw new DOMException("full", "QuotaExceededError");
    });
    vi.spyOn(Storage.prototype, "getItem").mockImplementation(() => {
      throw new DOMException("denied", "SecurityError");
    });
    expect(() => writeScrollPositions(new Map([["a", 1]]))).not.toThrow();
    expect(readScrollPositions()).toEqual(new Map());
    expect(warn).toHaveBeenCalledTimes(2);
  });
});
