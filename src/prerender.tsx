/**
 * Server-side entry, used at build time only: renders a page of the reader to HTML from
 * data already validated against the contract, and returns the cache to embed with it.
 */
import { dehydrate, type DehydratedState, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { renderToString } from "react-dom/server";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom";
import { frontPageQuery, storyQuery } from "./api/index.ts";
import type { FrontPage, Story } from "./api/schema.ts";
import { createQueryClient } from "./queryClient.ts";
import { routes } from "./routes.tsx";

export { FrontPageSchema, StorySchema } from "./api/schema.ts";

export type PageData = { kind: "front"; frontPage: FrontPage } | { kind: "story"; story: Story };

export async function renderPage(url: string, data: PageData): Promise<{ html: string; state: DehydratedState }> {
  const queryClient = createQueryClient();
  if (data.kind === "front") queryClient.setQueryData(frontPageQuery().queryKey, data.frontPage);
  else queryClient.setQueryData(storyQuery(data.story.slug).queryKey, data.story);

  const handler = createStaticHandler(routes);
  const context = await handler.query(new Request(new URL(url, "http://localhost")));
  if (context instanceof Response) throw new Error(`Cannot prerender ${url}: it redirects`);
  const router = createStaticRouter(handler.dataRoutes, context);
  const html = renderToString(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <StaticRouterProvider router={router} context={context} hydrate={false} />
      </QueryClientProvider>
    </StrictMode>,
  );
  return { html, state: dehydrate(queryClient) };
}
