import type { DehydratedState } from "@tanstack/react-query";
import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { story } from "../../contract/testing/fixtures.ts";
import { richBlocks } from "../../contract/testing/fixtures.ts";
import { mockApi, renderApp } from "../test/render.tsx";

// Vitest compiles a module the first time it is imported, which on a loaded machine took longer
// than a wait's timeout; a browser gets the chunk compiled. Compiled here first, the views still
// load on demand below (nothing has handed them to the page's loader).
beforeAll(() => import("./blocks/RichBlock.tsx"), 60_000);

afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = "";
});

const withBlocks = story({ body: richBlocks() });

describe("contract 1.2's blocks on the story page", () => {
  it("render in their place once the story arrives, their views fetched with it", async () => {
    mockApi({ "/api/articles/harbor-bridge-reopens.json": { json: withBlocks } });
    renderApp("/articles/harbor-bridge-reopens");
    const body = (await screen.findByText("The regatta in four parts.")).closest(".story-body") as HTMLElement;
    await within(body).findByRole("region", { name: "Men's eights, final" });
    expect([...body.children].map((block) => block.className || block.localName)).toEqual([
      "p",
      "gallery",
      "table-scroll",
      "embed embed-video",
      "media media-video",
    ]);
    expect(within(body).getByRole("button", { name: "Load the video" })).toBeInTheDocument();
  });

  it("are whole in the server's render; hydrating it before their views have loaded changes nothing but Load the video, which becomes a button", async () => {
    const { renderAppHtml } = await import("../app/render.tsx");
    const path = `/articles/${withBlocks.slug}`;
    const { html, state } = renderAppHtml(path, { kind: "story", story: withBlocks });
    // No boundary left pending (<!--$?-->) or failed (<!--$!-->): the HTML holds every block.
    expect(html).not.toMatch(/<!--\$[?!]-->/);
    const container = document.createElement("div");
    container.innerHTML = html;
    document.body.append(container);
    // The body as served, but for Load the video: a link until the app runs, then a button.
    const bodyWithoutActions = () => {
      const body = container.querySelector(".story-body")?.cloneNode(true);
      if (!(body instanceof Element)) throw new Error("The story has no body");
      for (const action of body.querySelectorAll(".embed-load")) action.remove();
      return body.outerHTML;
    };
    const served = bodyWithoutActions();
    expect(served).toContain('class="gallery"');
    expect(within(container).getByRole("link", { name: "Load the video" })).toBeInTheDocument();

    // A fresh copy of the app's modules, as the browser has: the blocks' views not yet loaded.
    vi.resetModules();
    const { hydrate } = await import("@tanstack/react-query");
    const { hydrateRoot } = await import("react-dom/client");
    const { MemoryRouter } = await import("react-router-dom");
    const { createQueryClient } = await import("../app/queryClient.ts");
    const { App } = await import("../app/App.tsx");
    const queryClient = createQueryClient();
    // The server embeds this state in the page as JSON; the app reads it back as the same type.
    hydrate(queryClient, state as DehydratedState);
    const recoverable: unknown[] = [];
    const errors = vi.spyOn(console, "error");
    await act(async () => {
      hydrateRoot(
        container,
        <App
          queryClient={queryClient}
          router={(layout) => <MemoryRouter initialEntries={[path]}>{layout}</MemoryRouter>}
        />,
        { onRecoverableError: (error) => recoverable.push(error) },
      );
    });
    await waitFor(() => expect(document.documentElement.dataset.app).toBe("ready"));
    const load = within(container).getByRole("button", { name: "Load the video" });
    expect(recoverable).toEqual([]);
    expect(errors).not.toHaveBeenCalled();
    expect(bodyWithoutActions()).toBe(served);

    // Hydrated: the button does what it says.
    await userEvent.setup().click(load);
    await waitFor(() => expect(container.querySelector(".embed iframe")).not.toBeNull());
    errors.mockRestore();
  });
});
