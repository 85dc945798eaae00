import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ShareStory } from "./ShareStory.tsx";

afterEach(() => vi.unstubAllGlobals());

describe("ShareStory", () => {
  it("uses the device's share sheet where there is one", async () => {
    const share = vi.fn().mockResolvedValue(undefined);
    vi.stubGlobal("navigator", { ...navigator, share });
    render(<ShareStory headline="Bridge reopens" />);
    await userEvent.click(screen.getByRole("button", { name: "Share" }));
    expect(share).toHaveBeenCalledWith({ title: "Bridge reopens", url: `${location.origin}${location.pathname}` });
  });

  it("otherwise copies the link and confirms it", async () => {
    const user = userEvent.setup();
    const writeText = vi.spyOn(navigator.clipboard, "writeText");
    render(<ShareStory headline="Bridge reopens" />);
    await user.click(screen.getByRole("button", { name: "Copy link" }));
    expect(writeText).toHaveBeenCalledWith(`${location.origin}${location.pathname}`);
    expect(screen.getByRole("status")).toHaveTextContent("Link copied");
  });
});
