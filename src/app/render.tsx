/**
 * Server-side entry, used at build time and by the server (contract/appRender.ts says what it
 * offers): renders a page of the reader to HTML from data already validated against the
 * contract, and returns the cache to embed with it.
 */
import { dehydrate, type DehydratedState, type QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { renderToString } from "react-dom/server";
import { StaticRouter } from "react-router-dom";
import { frontPageQuery, storyQuery } from "../api/index.ts";
import type { AppRender } from "../../contract/appRender.ts";
import { createQueryClient } from "./queryClient.ts";
import { App } from "./App.tsx";
import { loadRichBlocks } from "../story/richBlocks.tsx";
import { SignupProvider } from "../signup/index.ts";
import { StoryTopTemplate } from "../story/storyTemplate.tsx";
import { Frame } from "./Frame.tsx";

export { setInlineHtmlTree } from "../story/inlineHtml.ts";

// renderToString cannot wait for a chunk: the views of contract 1.2's blocks are loaded before any render.
await loadRichBlocks();

export const renderAppHtml: AppRender["renderAppHtml"] = (url, data) => {
  const queryClient = createQueryClient();
  if (data.kind === "front") queryClient.setQueryData(frontPageQuery().queryKey, data.frontPage);
  else queryClient.setQueryData(storyQuery(data.story.slug).queryKey, data.story);
  return render(url, queryClient);
};

/**
 * The shell's own first screen: the frame around a story that has not arrived, as the app first
 * draws it on a story's address, and the story's top as a template. A static host sends this
 * for every path; on a story's, the boot script fills the template from the story's JSON and
 * puts it in the skeleton's place (src/boot/storyStart.ts). The app's first render replaces both.
 */
export function renderShell(): string {
  return render("/articles/loading", createQueryClient()).html + renderToString(<StoryTopTemplate />);
}

// Where a page's content goes: a character no page's text holds (Unicode's private use area).
const CONTENT = "\u{E000}";

/**
 * The site's frame as the server's own pages show it (server/newsletter/pages.ts), split where
 * their content goes: no script runs there, so the header has no actions.
 */
export const renderFrame: AppRender["renderFrame"] = () => {
  const queryClient = createQueryClient();
  const html = renderToString(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <StaticRouter location="/">
          <SignupProvider>
            <Frame>
              <div className="message-page">{CONTENT}</div>
            </Frame>
          </SignupProvider>
        </StaticRouter>
      </QueryClientProvider>
    </StrictMode>,
  );
  queryClient.clear();
  const [before = "", after = ""] = html.split(CONTENT);
  return { before, after };
};

function render(url: string, queryClient: QueryClient): { html: string; state: DehydratedState } {
  const html = renderToString(
    <App queryClient={queryClient} router={(layout) => <StaticRouter location={url}>{layout}</StaticRouter>} />,
  );
  const dehydrated = dehydrate(queryClient);
  // Stamped with no time, so the same data renders to the same bytes, and a page keeps one
  // validator across renders and instances; the browser stamps it as it hydrates (main.tsx).
  const state: DehydratedState = {
    ...dehydrated,
    queries: dehydrated.queries.map((query) => ({
      ...query,
      dehydratedAt: 0,
      state: { ...query.state, dataUpdatedAt: 0 },
    })),
  };
  // Drop the cache's garbage-collection timers, which would keep the build process alive.
  queryClient.clear();
  return { html, state };
}
