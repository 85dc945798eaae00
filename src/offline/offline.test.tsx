import { act, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { story } from "../../contract/testing/fixtures.ts";
import { mockApi, renderApp } from "../test/render.tsx";

function goOffline(offline: boolean) {
  vi.spyOn(navigator, "onLine", "get").mockReturnValue(!offline);
  window.dispatchEvent(new Event(offline ? "offline" : "online"));
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe("reading offline", () => {
  it("says so in a banner while the page keeps working", async () => {
    mockApi({ "/api/articles/harbor-bridge-reopens.json": { json: story() } });
    renderApp("/articles/harbor-bridge-reopens");
    await screen.findByRole("heading", { level: 1, name: /Harbor bridge/ });
    act(() => goOffline(true));
    expect(screen.getByText(/You're offline/)).toBeInTheDocument();
    expect(screen.getByRole("heading", { level: 1, name: /Harbor bridge/ })).toBeInTheDocument();
    act(() => goOffline(false));
    expect(screen.queryByText(/You're offline/)).not.toBeInTheDocument();
  });

  it("shows a clear offline page, not an error, for a story that was never saved", async () => {
    goOffline(true);
    mockApi({ "/api/articles/harbor-bridge-reopens.json": new Error("Failed to fetch") });
    renderApp("/articles/harbor-bridge-reopens");
    expect(await screen.findByRole("heading", { level: 1, name: "You're offline" })).toBeInTheDocument();
    expect(screen.queryByRole("heading", { name: "Something went wrong" })).not.toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Go to the front page" })).toBeInTheDocument();
  });
});
