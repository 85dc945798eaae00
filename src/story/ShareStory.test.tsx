import { act, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { hydrateRoot } from "react-dom/client";
import { renderToString } from "react-dom/server";
import { MemoryRouter } from "react-router-dom";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ShareStory } from "./ShareStory.tsx";

afterEach(() => vi.unstubAllGlobals());

const PATH = "/articles/bridge-reopens";

const share = (
  <MemoryRouter initialEntries={[PATH]}>
    <ShareStory headline="Bridge reopens" />
  </MemoryRouter>
);

describe("ShareStory", () => {
  it("uses the device's share sheet where there is one", async () => {
    const shareSheet = vi.fn().mockResolvedValue(undefined);
    vi.stubGlobal("navigator", { ...navigator, share: shareSheet });
    render(share);
    await userEvent.click(screen.getByRole("button", { name: "Share" }));
    expect(shareSheet).toHaveBeenCalledWith({ title: "Bridge reopens", url: `${location.origin}${PATH}` });
  });

  it("otherwise copies the link and confirms it", async () => {
    const user = userEvent.setup();
    const writeText = vi.spyOn(navigator.clipboard, "writeText");
    render(share);
    await user.click(screen.getByRole("button", { name: "Copy link" }));
    expect(writeText).toHaveBeenCalledWith(`${location.origin}${PATH}`);
    expect(screen.getByRole("status")).toHaveTextContent("Link copied");
  });

  it("is a plain link to the story in the served page, so it works before the app runs", () => {
    const served = document.createElement("div");
    served.innerHTML = renderToString(share);
    expect(within(served).getByRole("link", { name: "Share" })).toHaveAttribute("href", PATH);
    expect(within(served).queryByRole("button")).toBeNull();
  });

  it("becomes a button once the served page is hydrated, without a mismatch", async () => {
    const container = document.createElement("div");
    container.innerHTML = renderToString(share);
    document.body.append(container);
    const mismatches = vi.fn();
    const root = await act(async () => hydrateRoot(container, share, { onRecoverableError: mismatches }));
    expect(within(container).getByRole("button", { name: "Copy link" })).toHaveAttribute("type", "button");
    expect(within(container).queryByRole("link")).toBeNull();
    expect(mismatches).not.toHaveBeenCalled();
    act(() => root.unmount());
    container.remove();
  });
});
