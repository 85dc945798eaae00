import { act, render, screen, waitFor } from "@testing-library/react";
import { hydrateRoot } from "react-dom/client";
import { afterEach, describe, expect, it, vi } from "vitest";
import { keepServedTimes } from "./localTimes.ts";
import { formatRelative, formatUtc, Time } from "./Time.tsx";

afterEach(() => vi.useRealTimers());

describe("formatRelative", () => {
  const now = Date.parse("2026-11-20T12:00:00Z");
  it.each([
    ["2026-11-20T11:59:50Z", "1 minute ago"],
    ["2026-11-20T11:35:00Z", "25 minutes ago"],
    ["2026-11-20T10:00:00Z", "2 hours ago"],
    ["2026-11-19T12:30:00Z", "23 hours ago"],
  ])("says %s was %s", (iso, expected) => expect(formatRelative(iso, now, "en")).toBe(expected));

  it("leaves older and future times to the absolute date", () => {
    expect(formatRelative("2026-11-19T11:00:00Z", now, "en")).toBeNull();
    expect(formatRelative("2026-11-20T13:00:00Z", now, "en")).toBeNull();
  });
});

describe("Time", () => {
  it("shows a recent time relatively, with the exact time as its title", () => {
    vi.useFakeTimers({ now: Date.parse("2026-11-20T12:00:00Z"), toFake: ["Date"] });
    render(<Time iso="2026-11-20T10:00:00Z" />);
    const time = screen.getByText("2 hours ago");
    expect(time.tagName).toBe("TIME");
    expect(time).toHaveAttribute("datetime", "2026-11-20T10:00:00Z");
    expect(time.getAttribute("title")).toMatch(/2026/);
  });

  it("keeps the served text while hydrating, and turns local in a later task", async () => {
    vi.useFakeTimers({ now: Date.parse("2026-11-20T12:00:00Z"), toFake: ["Date"] });
    const container = document.createElement("div");
    container.innerHTML = '<time datetime="2026-11-20T10:00:00Z">20 November 2026 at 10:00 UTC</time>';
    document.body.append(container);
    const patches: MutationRecord[] = [];
    const changes = new MutationObserver((records) => patches.push(...records));
    changes.observe(container, { subtree: true, childList: true, characterData: true, attributes: true });

    keepServedTimes();
    const root = await act(async () => hydrateRoot(container, <Time iso="2026-11-20T10:00:00Z" />));
    expect([...patches, ...changes.takeRecords()]).toEqual([]);
    expect(container.textContent).toBe("20 November 2026 at 10:00 UTC");

    await waitFor(() => expect(container.textContent).toBe("2 hours ago"));
    expect(container.querySelector("time")?.getAttribute("title")).toMatch(/2026/);
    changes.disconnect();
    act(() => root.unmount());
    container.remove();
  });
});

describe("formatUtc", () => {
  it("writes the date in the story's language, British English by default", () => {
    expect(formatUtc("2026-11-20T09:30:00Z")).toBe("20 November 2026 at 09:30");
    expect(formatUtc("2026-11-20T09:30:00Z", "de-DE")).toBe("20. November 2026 um 09:30");
  });
});
