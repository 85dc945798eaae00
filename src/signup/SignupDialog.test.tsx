import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { story } from "../../contract/testing/fixtures.ts";
import { mockApi, renderApp } from "../test/render.tsx";

const STORY = { "/api/articles/harbor-bridge-reopens.json": { json: story() } };

beforeEach(() => localStorage.clear());
afterEach(() => vi.unstubAllGlobals());

async function openFromHeader() {
  const user = userEvent.setup();
  await user.click(await screen.findByRole("button", { name: "Subscribe" }));
  const email = await screen.findByRole("textbox", { name: "Email address" });
  return { user, email };
}

/** On a story, opens the dialog from the header and sends `address`. */
async function signUpFromStory(address: string) {
  renderApp("/articles/harbor-bridge-reopens");
  const opened = await openFromHeader();
  await opened.user.type(opened.email, address);
  await opened.user.click(screen.getByRole("button", { name: "Sign up" }));
  return opened;
}

describe("the signup dialog", () => {
  it("is not on the page until asked for, and never opens by itself", async () => {
    mockApi(STORY);
    renderApp("/articles/harbor-bridge-reopens");
    await screen.findByRole("heading", { level: 1 });
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
  });

  it("opens from the header with focus in the email field, named by its heading", async () => {
    mockApi(STORY);
    renderApp("/articles/harbor-bridge-reopens");
    expect(await screen.findByRole("button", { name: "Subscribe" })).toHaveAttribute("aria-haspopup", "dialog");
    const { email } = await openFromHeader();
    expect(screen.getByRole("dialog", { name: "Sign up for daily headlines" })).toBeInTheDocument();
    await waitFor(() => expect(email).toHaveFocus());
    expect(email).toHaveAttribute("type", "email");
    expect(email).toHaveAttribute("autocomplete", "email");
  });

  it("opens from the call to action after the story, and from ?subscribe", async () => {
    mockApi(STORY);
    renderApp("/articles/harbor-bridge-reopens?subscribe");
    expect(await screen.findByRole("dialog")).toBeInTheDocument();
    expect(await screen.findByRole("button", { name: "Sign up now" })).toHaveAttribute("aria-haspopup", "dialog");
  });

  it("rejects an invalid address inline and sends nothing", async () => {
    const fetchMock = mockApi(STORY);
    renderApp("/articles/harbor-bridge-reopens");
    const { user, email } = await openFromHeader();
    await user.type(email, "not-an-address");
    await user.click(screen.getByRole("button", { name: "Sign up" }));
    expect(email).toHaveAttribute("aria-invalid", "true");
    expect(email).toHaveAccessibleDescription(/name@example.com/);
    expect(fetchMock.mock.calls.some(([, init]) => init?.method === "POST")).toBe(false);
  });

  it("signs up, says so, and remembers it in the header and the call to action", async () => {
    const fetchMock = mockApi({ ...STORY, "/api/subscriptions": { status: 201, json: { status: "subscribed" } } });
    renderApp("/articles/harbor-bridge-reopens");
    const { user, email } = await openFromHeader();
    await user.type(email, "  Reader@Example.com ");
    await user.click(screen.getByRole("button", { name: "Sign up" }));
    expect(await screen.findByText(/You're signed up/)).toBeInTheDocument();
    const post = fetchMock.mock.calls.find(([, init]) => init?.method === "POST");
    const body: unknown = JSON.parse(String(post?.[1]?.body));
    expect(body).toEqual({ email: "Reader@Example.com", list: "daily-headlines" });
    await user.click(screen.getByRole("button", { name: "Done" }));
    expect(screen.getByText("✓ Subscribed")).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Thanks for signing up" })).toBeInTheDocument();
  });

  it("for 202 tells the reader to check their inbox, and does not count them as subscribed yet", async () => {
    mockApi({ ...STORY, "/api/subscriptions": { status: 202, json: { status: "confirmation-sent" } } });
    const { user } = await signUpFromStory("reader@example.com");
    expect(await screen.findByText(/Check your inbox/)).toHaveAttribute("role", "status");
    expect(screen.getByRole("button", { name: "Done" })).toHaveFocus();
    await user.click(screen.getByRole("button", { name: "Done" }));
    expect(screen.getByRole("button", { name: "Subscribe" })).toBeInTheDocument();
    expect(screen.queryByText("✓ Subscribed")).not.toBeInTheDocument();
  });

  it("treats a 202 with another body as a failure", async () => {
    mockApi({ ...STORY, "/api/subscriptions": { status: 202, json: { status: "maybe" } } });
    await signUpFromStory("reader@example.com");
    expect(await screen.findByRole("alert")).toHaveTextContent("could not sign you up");
  });

  it("tells an existing subscriber they are already on the list", async () => {
    mockApi({ ...STORY, "/api/subscriptions": { status: 200, json: { status: "already-subscribed" } } });
    await signUpFromStory("reader@example.com");
    expect(await screen.findByText(/already on the list/)).toBeInTheDocument();
  });

  it("keeps what was typed after a failure and lets the reader try again", async () => {
    let attempts = 0;
    mockApi({
      ...STORY,
      "/api/subscriptions": () =>
        ++attempts === 1 ? { status: 503, json: { error: "down" } } : { status: 201, json: { status: "subscribed" } },
    });
    const { user, email } = await signUpFromStory("reader@example.com");
    expect(await screen.findByRole("alert")).toHaveTextContent("could not sign you up");
    expect(email).toHaveValue("reader@example.com");
    await user.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByText(/You're signed up/)).toBeInTheDocument();
  });

  it("says when to try again after a 429", async () => {
    mockApi({
      ...STORY,
      "/api/subscriptions": new Response(JSON.stringify({ error: "slow down" }), {
        status: 429,
        headers: { "Retry-After": "42" },
      }),
    });
    await signUpFromStory("reader@example.com");
    expect(await screen.findByRole("alert")).toHaveTextContent("try again in 42 seconds");
  });

  it("disables the button while sending so one click sends one request", async () => {
    let release: () => void = () => {};
    const fetchMock = mockApi({
      ...STORY,
      "/api/subscriptions": async () => {
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        return { status: 201, json: { status: "subscribed" } };
      },
    });
    const { user } = await signUpFromStory("reader@example.com");
    const sending = screen.getByRole("button", { name: "Signing up…" });
    expect(sending).toBeDisabled();
    await user.click(sending);
    release();
    expect(await screen.findByText(/You're signed up/)).toBeInTheDocument();
    expect(fetchMock.mock.calls.filter(([, init]) => init?.method === "POST")).toHaveLength(1);
  });

  it.each(["{Enter}", " "])("opens from Subscribe with the keyboard (%j)", async (key) => {
    mockApi(STORY);
    renderApp("/articles/harbor-bridge-reopens");
    const user = userEvent.setup();
    (await screen.findByRole("button", { name: "Subscribe" })).focus();
    await user.keyboard(key);
    expect(await screen.findByRole("dialog", { name: "Sign up for daily headlines" })).toBeInTheDocument();
  });

  it("returns focus to the button that opened it when closed", async () => {
    mockApi(STORY);
    renderApp("/articles/harbor-bridge-reopens");
    const { user } = await openFromHeader();
    await user.click(screen.getByRole("button", { name: "Close" }));
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Subscribe" })).toHaveFocus();
  });

  it("promises a morning email only when the server says it sends one", async () => {
    mockApi({
      ...STORY,
      "/api/subscriptions/daily-headlines": {
        json: { list: "daily-headlines", schedule: { time: "07:00", timeZone: "Europe/London" } },
      },
      "/api/subscriptions": { status: 201, json: { status: "subscribed" } },
    });
    renderApp("/articles/harbor-bridge-reopens");
    const { user, email } = await openFromHeader();
    expect(email).toHaveAccessibleDescription(/^One email each morning with the day's top headlines\./);
    await user.type(email, "reader@example.com");
    await user.click(screen.getByRole("button", { name: "Sign up" }));
    expect(await screen.findByText(/You're signed up/)).toHaveTextContent(
      "You're signed up. Daily Headlines arrives each morning.",
    );
  });

  it.each([
    ["with DIGEST_AT=off", { json: { list: "daily-headlines", schedule: null } }],
    ["from an API that does not say", undefined],
    ["when the answer is malformed", { json: { schedule: { time: "7am" } } }],
  ])("promises no time %s", async (_, reply) => {
    mockApi({
      ...STORY,
      ...(reply ? { "/api/subscriptions/daily-headlines": reply } : {}),
      "/api/subscriptions": { status: 201, json: { status: "subscribed" } },
    });
    renderApp("/articles/harbor-bridge-reopens");
    const { user, email } = await openFromHeader();
    expect(email).toHaveAccessibleDescription(/^The day's top headlines by email\./);
    await user.type(email, "reader@example.com");
    await user.click(screen.getByRole("button", { name: "Sign up" }));
    expect(await screen.findByText(/You're signed up/)).toHaveTextContent(/^You're signed up\.$/);
  });
});
