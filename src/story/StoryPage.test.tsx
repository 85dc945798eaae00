import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { mockApi, renderApp } from "../test/render.tsx";
import { storyQuery } from "../api/index.ts";
import { story } from "../../contract/testing/fixtures.ts";

const STORY_PATH = "/api/articles/harbor-bridge-reopens.json";

afterEach(() => vi.unstubAllGlobals());

describe("the story page", () => {
  it("marks a story in another language with its lang and direction, and dates it in that language", async () => {
    vi.useFakeTimers({ now: Date.parse("2027-01-20T12:00:00Z"), toFake: ["Date"] });
    mockApi({ [STORY_PATH]: { json: story({ language: "ar-EG", datePublished: "2026-11-20T09:30:00Z" }) } });
    renderApp("/articles/harbor-bridge-reopens");
    const article = await screen.findByRole("article");
    vi.useRealTimers();
    expect(article).toHaveAttribute("lang", "ar-EG");
    expect(article).toHaveAttribute("dir", "rtl");
    const expected = new Intl.DateTimeFormat("ar-EG", { dateStyle: "long", timeStyle: "short" }).format(
      new Date("2026-11-20T09:30:00Z"),
    );
    expect(article.querySelector("time")).toHaveTextContent(expected);
  });

  it("leaves lang and dir to the page when the story has no language", async () => {
    mockApi({ [STORY_PATH]: { json: story() } });
    renderApp("/articles/harbor-bridge-reopens");
    const article = await screen.findByRole("article");
    expect(article).not.toHaveAttribute("lang");
    expect(article).not.toHaveAttribute("dir");
  });

  it("shows a skeleton that holds the layout while the story loads", async () => {
    mockApi({ [STORY_PATH]: { json: story() } });
    renderApp("/articles/harbor-bridge-reopens");
    expect(screen.getByText("Loading story…")).toHaveAttribute("role", "status");
    expect(await screen.findByRole("heading", { level: 1 })).toHaveTextContent("Harbor bridge reopens");
  });

  it("renders the whole story in one article", async () => {
    mockApi({
      [STORY_PATH]: {
        json: story({
          dateModified: "2026-11-20T12:10:00Z",
          dateline: "Port Ellis",
          source: "Coastline Wire",
          copyright: "©2026 Coastline Wire",
          distribution: "Distributed by Coastline Syndicate.",
        }),
      },
    });
    renderApp("/articles/harbor-bridge-reopens");
    const article = await screen.findByRole("article");
    const view = within(article);
    expect(view.getByRole("heading", { level: 1 })).toHaveTextContent("Harbor bridge reopens after repairs");
    expect(view.getByText("Local")).toBeInTheDocument();
    expect(view.getByText("Commuters get their crossing back early.")).toBeInTheDocument();
    const hero = view.getByRole("img", { name: "A bridge at dawn" });
    expect(hero).toHaveAttribute("loading", "eager");
    expect(hero).toHaveAttribute("fetchpriority", "high");
    expect(hero).toHaveAttribute("width", "1200");
    expect(hero).toHaveAttribute("height", "800");
    // The headline's frame never waits for the picture to be decoded.
    expect(hero).toHaveAttribute("decoding", "async");
    expect(hero.closest("figure")?.querySelector("figcaption")).toHaveTextContent(
      "The bridge at dawn.Ana Field/Dispatch",
    );
    expect(hero.parentElement?.querySelector("source")).toHaveAttribute(
      "srcset",
      "/media/bridge-480.avif 480w, /media/bridge-1200.avif 1200w",
    );
    expect(view.getByText("By Ana Field")).toBeInTheDocument();
    expect(view.getByText("Coastline Wire")).toBeInTheDocument();
    const times = article.querySelectorAll("time");
    expect([...times].map((time) => time.getAttribute("datetime"))).toEqual([
      "2026-11-20T09:30:00Z",
      "2026-11-20T12:10:00Z",
    ]);
    expect(view.getByText(/^Updated/)).toBeInTheDocument();
    const firstParagraph = view.getByText("PORT ELLIS —", { exact: false }).closest("p");
    expect(firstParagraph).toHaveTextContent("PORT ELLIS — The bridge reopened on Thursday.");
    expect(view.getByText("©2026 Coastline Wire")).toBeInTheDocument();
    expect(view.getByText("Distributed by Coastline Syndicate.")).toBeInTheDocument();
    // Named once the page has painted.
    await waitFor(() => expect(document.title).toBe("Harbor bridge reopens after repairs — Dispatch"));

    const related = screen.getByRole("complementary", { name: "Related" });
    const links = within(related).getAllByRole("link");
    expect(links.map((link) => link.getAttribute("href"))).toEqual([
      "/articles/tide-mill-restored",
      "/articles/ferry-winter",
    ]);
  });

  it("renders a story with no image and no related stories", async () => {
    mockApi({ [STORY_PATH]: { json: story({ image: undefined, related: [] }) } });
    renderApp("/articles/harbor-bridge-reopens");
    await screen.findByRole("heading", { level: 1 });
    expect(screen.queryByRole("img")).not.toBeInTheDocument();
    expect(screen.queryByRole("complementary")).not.toBeInTheDocument();
  });

  it("shows Story not found for a 404", async () => {
    mockApi({});
    renderApp("/articles/harbor-bridge-reopens");
    expect(await screen.findByRole("heading", { name: "Story not found" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Go to the front page" })).toHaveAttribute("href", "/");
  });

  it("shows Story not found at once, with no request, for a slug that breaks the pattern", async () => {
    const fetchMock = mockApi({});
    renderApp("/articles/Not_A..Slug");
    expect(screen.getByRole("heading", { name: "Story not found" })).toBeInTheDocument();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it("shows Story not found for an unknown route", () => {
    mockApi({});
    renderApp("/no/such/page");
    expect(screen.getByRole("heading", { name: "Story not found" })).toBeInTheDocument();
  });

  it.each([
    ["a server error", { status: 503, json: { error: "down" } }],
    ["a network failure", new Error("offline")],
    ["a body that is not JSON", { body: "<html>oops</html>" }],
    ["JSON that breaks the contract", { json: { slug: "harbor-bridge-reopens", headline: 42 } }],
  ])("offers a Retry that works after %s", async (_, failure) => {
    let calls = 0;
    mockApi({ [STORY_PATH]: () => (++calls <= 2 ? failure : { json: story() }) });
    renderApp("/articles/harbor-bridge-reopens");
    const retry = await screen.findByRole("button", { name: "Retry" });
    expect(screen.getByRole("heading", { name: "Something went wrong" })).toBeInTheDocument();
    // Without the app, the same button asks the server for the page again.
    expect(retry).toHaveAttribute("type", "submit");
    expect(retry.closest("form")).toHaveAttribute("method", "get");
    expect(retry.closest("form")).toHaveAttribute("action", "/articles/harbor-bridge-reopens");
    await userEvent.click(retry);
    expect(await screen.findByRole("heading", { level: 1, name: /Harbor bridge/ })).toBeInTheDocument();
  });

  it("skips a malformed or unknown block and renders the rest", async () => {
    mockApi({
      [STORY_PATH]: {
        json: {
          ...story(),
          body: [
            { type: "paragraph", html: "First." },
            { type: "carousel", items: [] },
            { type: "quote" },
            { type: "paragraph", html: "Last." },
          ],
        },
      },
    });
    renderApp("/articles/harbor-bridge-reopens");
    expect(await screen.findByText("First.")).toBeInTheDocument();
    expect(screen.getByText("Last.")).toBeInTheDocument();
  });
});

describe("moving between stories", () => {
  it("follows a related headline, shows the new story and moves focus to its headline", async () => {
    mockApi({
      [STORY_PATH]: { json: story() },
      "/api/articles/ferry-winter.json": {
        json: story({ slug: "ferry-winter", headline: "Ferries move to winter times", related: [] }),
      },
    });
    const { router } = renderApp("/articles/harbor-bridge-reopens");
    await userEvent.click(await screen.findByRole("link", { name: "Ferries move to winter times" }));
    const headline = await screen.findByRole("heading", { level: 1, name: "Ferries move to winter times" });
    expect(router.location.pathname).toBe("/articles/ferry-winter");
    await waitFor(() => expect(headline).toHaveFocus());
    expect(document.title).toBe("Ferries move to winter times — Dispatch");
  });

  it("renders a story already fetched whole in the click's own render; Back shows the last one at once", async () => {
    mockApi({
      [STORY_PATH]: { json: story() },
      "/api/articles/ferry-winter.json": {
        json: story({
          slug: "ferry-winter",
          headline: "Ferries",
          body: [{ type: "paragraph", html: "Winter times start on <b>Monday</b>." }],
        }),
      },
    });
    const { router, queryClient } = renderApp("/articles/harbor-bridge-reopens");
    const link = await screen.findByRole("link", { name: "Ferries move to winter times" });
    await queryClient.prefetchQuery(storyQuery("ferry-winter"));

    act(() => fireEvent.click(link));
    expect(screen.getByRole("heading", { level: 1, name: "Ferries" })).toBeInTheDocument();
    expect(screen.getByText(/Winter times start on/)).toBeInTheDocument();
    expect(screen.getByRole("complementary", { name: "Related" })).toBeInTheDocument();

    act(() => {
      void router.navigate(-1);
    });
    expect(screen.getByRole("heading", { level: 1, name: /Harbor bridge/ })).toBeInTheDocument();
    expect(screen.getByText("Thursday")).toBeInTheDocument();
  });

  it("prefetches a related story on hover and shows a story already read at once on Back", async () => {
    const fetchMock = mockApi({
      [STORY_PATH]: { json: story() },
      "/api/articles/ferry-winter.json": { json: story({ slug: "ferry-winter", headline: "Ferries", related: [] }) },
    });
    const { router } = renderApp("/articles/harbor-bridge-reopens");
    const link = await screen.findByRole("link", { name: "Ferries move to winter times" });
    await userEvent.hover(link);
    await waitFor(() =>
      expect(fetchMock.mock.calls.map(([url]) => String(url))).toContain(
        "http://localhost:3000/api/articles/ferry-winter.json",
      ),
    );
    await userEvent.click(link);
    expect(await screen.findByRole("heading", { level: 1, name: "Ferries" })).toBeInTheDocument();
    const callsBeforeBack = fetchMock.mock.calls.length;
    await act(() => router.navigate(-1));
    expect(await screen.findByRole("heading", { level: 1, name: /Harbor bridge/ })).toBeInTheDocument();
    expect(screen.queryByText("Loading story…")).not.toBeInTheDocument();
    expect(fetchMock.mock.calls.length).toBe(callsBeforeBack);
  });

  it("spends a hover on the story's data only: nothing of it is rendered and no image requested", async () => {
    const fetchMock = mockApi({
      [STORY_PATH]: { json: story() },
      "/api/articles/ferry-winter.json": {
        json: story({ slug: "ferry-winter", headline: "Ferries", body: [{ type: "paragraph", html: "Winter." }] }),
      },
    });
    const { queryClient } = renderApp("/articles/harbor-bridge-reopens");
    const link = await screen.findByRole("link", { name: "Ferries move to winter times" });
    const imagesBefore = document.querySelectorAll("img").length;
    await userEvent.hover(link);
    await waitFor(() => expect(queryClient.getQueryData(storyQuery("ferry-winter").queryKey)).toBeDefined());
    expect(fetchMock.mock.calls.map(([url]) => new URL(String(url)).pathname)).toEqual([
      STORY_PATH,
      "/api/articles/ferry-winter.json",
    ]);
    expect(document.querySelectorAll("h1, article")).toHaveLength(2);
    expect(screen.queryByText("Ferries")).not.toBeInTheDocument();
    expect(screen.queryByText("Winter.")).not.toBeInTheDocument();
    expect(document.querySelectorAll("img")).toHaveLength(imagesBefore);
  });
});
