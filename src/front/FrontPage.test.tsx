import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { headline } from "../../contract/testing/fixtures.ts";
import { mockApi, renderApp } from "../test/render.tsx";

afterEach(() => vi.unstubAllGlobals());

const image = { src: "/media/lead-1200.jpg", width: 1200, height: 800, alt: "Lead picture" };
const headlines = [
  headline({ slug: "older", headline: "Older story", datePublished: "2026-11-18T08:00:00Z" }),
  headline({ slug: "newest", headline: "Newest story", datePublished: "2026-11-21T08:00:00Z", image }),
  headline({ slug: "middle", headline: "Middle story", datePublished: "2026-11-20T08:00:00+02:00" }),
];

describe("the front page", () => {
  it("lists the headlines newest first, the lead larger with its image", async () => {
    mockApi({ "/api/headlines.json": { json: { updated: "2026-11-21T09:00:00Z", headlines } } });
    renderApp("/");
    const lead = (await screen.findByRole("link", { name: "Newest story" })).closest("article") as HTMLElement;
    expect(lead).toHaveClass("lead");
    expect(within(lead).getByRole("img", { name: "Lead picture" })).toHaveAttribute("fetchpriority", "high");
    const links = within(within(screen.getByRole("main")).getByRole("list")).getAllByRole("link");
    expect(links.map((link) => link.textContent)).toEqual(["Middle story", "Older story"]);
    expect(links[0]).toHaveAttribute("href", "/articles/middle");
    expect(document.title).toBe("Dispatch");
  });

  it("shows a skeleton while loading and Retry after a failure", async () => {
    let calls = 0;
    mockApi({
      "/api/headlines.json": () =>
        ++calls <= 2 ? { status: 500, json: {} } : { json: { updated: "2026-11-21T09:00:00Z", headlines } },
    });
    renderApp("/");
    expect(screen.getByText("Loading headlines…")).toHaveAttribute("role", "status");
    await userEvent.click(await screen.findByRole("button", { name: "Retry" }));
    expect(await screen.findByRole("link", { name: "Newest story" })).toBeInTheDocument();
  });
});
