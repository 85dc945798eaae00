import { act, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { hydrateRoot, type Root } from "react-dom/client";
import { renderToString } from "react-dom/server";
import type { ReactElement } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ActionButton } from "./ActionButton.tsx";

let served: { container: HTMLElement; root?: Root } | undefined;
afterEach(() => {
  const root = served?.root;
  if (root) act(() => root.unmount());
  served?.container.remove();
  served = undefined;
});

function control(onAct = vi.fn()) {
  return (
    <ActionButton href="/subscribe" className="button" opens="dialog" onAct={onAct}>
      Subscribe
    </ActionButton>
  );
}

/** Puts the server's HTML of `element` in the document, as a prerendered page has it. */
function serve(element: ReactElement) {
  const container = document.createElement("div");
  container.innerHTML = renderToString(element);
  document.body.append(container);
  served = { container };
  return container;
}

async function hydrate(container: HTMLElement, element: ReactElement) {
  const onRecoverableError = vi.fn();
  const root = await act(async () => hydrateRoot(container, element, { onRecoverableError }));
  if (served) served.root = root;
  return onRecoverableError;
}

describe("ActionButton", () => {
  it("is a link to its page in the served HTML, claiming no popup it cannot open without the app", () => {
    const container = serve(control());
    const link = within(container).getByRole("link", { name: "Subscribe" });
    expect(link).toHaveAttribute("href", "/subscribe");
    expect(link).toHaveClass("button");
    expect(link).not.toHaveAttribute("aria-haspopup");
  });

  it("becomes a button once hydrated, with no mismatch and nothing logged", async () => {
    const logged = vi.spyOn(console, "error");
    const container = serve(control());
    const mismatches = await hydrate(container, control());
    const button = within(container).getByRole("button", { name: "Subscribe" });
    expect(button).toHaveAttribute("type", "button");
    expect(button).toHaveAttribute("aria-haspopup", "dialog");
    expect(button).toHaveClass("button");
    expect(within(container).queryByRole("link")).toBeNull();
    expect(mismatches).not.toHaveBeenCalled();
    expect(logged).not.toHaveBeenCalled();
    logged.mockRestore();
  });

  it("keeps the focus a reader gave the link before the app ran", async () => {
    const container = serve(control());
    within(container).getByRole("link", { name: "Subscribe" }).focus();
    await hydrate(container, control());
    expect(within(container).getByRole("button", { name: "Subscribe" })).toHaveFocus();
  });

  it("does not take focus that was elsewhere", async () => {
    const container = serve(control());
    await hydrate(container, control());
    expect(within(container).getByRole("button", { name: "Subscribe" })).not.toHaveFocus();
  });

  it("acts with Enter and Space, and is given the button", async () => {
    const user = userEvent.setup();
    const onAct = vi.fn();
    render(control(onAct));
    const button = screen.getByRole("button", { name: "Subscribe" });
    button.focus();
    await user.keyboard("{Enter}");
    await user.keyboard(" ");
    expect(onAct).toHaveBeenCalledTimes(2);
    expect(onAct).toHaveBeenLastCalledWith(button);
  });

  it("points to what says more about it, as the served link and as the button", async () => {
    const described = (
      <ActionButton href="/video" className="button" describedBy="note" onAct={vi.fn()}>
        Load the video
      </ActionButton>
    );
    const container = serve(described);
    expect(within(container).getByRole("link", { name: "Load the video" })).toHaveAttribute("aria-describedby", "note");
    await hydrate(container, described);
    expect(within(container).getByRole("button", { name: "Load the video" })).toHaveAttribute(
      "aria-describedby",
      "note",
    );
  });
});
