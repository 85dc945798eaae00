import { describe, expect, it } from "vitest";
import { decodeFragment } from "./decodeFragment.ts";

describe("decodeFragment", () => {
  it("decodes a percent-encoded fragment", () => {
    expect(decodeFragment("#caf%C3%A9")).toBe("café");
    expect(decodeFragment("#related")).toBe("related");
  });

  it("takes malformed encoding as written instead of throwing", () => {
    expect(decodeFragment("#save-20%")).toBe("save-20%");
    expect(decodeFragment("#%E0%A4%A")).toBe("%E0%A4%A");
  });
});
