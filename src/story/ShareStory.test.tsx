import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router-dom";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ShareStory } from "./ShareStory.tsx";

afterEach(() => vi.unstubAllGlobals());

const PATH = "/articles/bridge-reopens";

function renderShare() {
  return render(
    <MemoryRouter initialEntries={[PATH]}>
      <ShareStory headline="Bridge reopens" />
    </MemoryRouter>,
  );
}

describe("ShareStory", () => {
  it("uses the device's share sheet where there is one", async () => {
    const share = vi.fn().mockResolvedValue(undefined);
    vi.stubGlobal("navigator", { ...navigator, share });
    renderShare();
    await userEvent.click(screen.getByRole("link", { name: "Share" }));
    expect(share).toHaveBeenCalledWith({ title: "Bridge reopens", url: `${location.origin}${PATH}` });
  });

  it("otherwise copies the link and confirms it", async () => {
    const user = userEvent.setup();
    const writeText = vi.spyOn(navigator.clipboard, "writeText");
    renderShare();
    await user.click(screen.getByRole("link", { name: "Copy link" }));
    expect(writeText).toHaveBeenCalledWith(`${location.origin}${PATH}`);
    expect(screen.getByRole("status")).toHaveTextContent("Link copied");
  });

  it("is a plain link to the story, so it works before the app runs", () => {
    renderShare();
    expect(screen.getByRole("link", { name: /Share|Copy link/ })).toHaveAttribute("href", PATH);
  });
});
