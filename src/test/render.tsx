import { QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import { type Location, MemoryRouter, type NavigateFunction, useLocation, useNavigate } from "react-router-dom";
import { vi } from "vitest";
import { createQueryClient } from "../app/queryClient.ts";
import { Layout } from "../app/Layout.tsx";

type RouterHandle = { location: Location; navigate: NavigateFunction };

/** Lets a test read where the router is and move it, as a reader's Back button would. */
function RouterProbe({ handle }: { handle: RouterHandle }) {
  handle.location = useLocation();
  handle.navigate = useNavigate();
  return null;
}

/** Renders the whole reader (real routes, real query client) at `url`. */
export function renderApp(url: string) {
  const queryClient = createQueryClient();
  const router = {} as RouterHandle;
  const view = render(
    <QueryClientProvider client={queryClient}>
      <MemoryRouter initialEntries={[url]}>
        <Layout />
        <RouterProbe handle={router} />
      </MemoryRouter>
    </QueryClientProvider>,
  );
  return { ...view, router, queryClient };
}

type Reply = { status?: number; json?: unknown; body?: string } | Error | Response;

/**
 * Stands in for the network: each request is answered from `replies`, keyed by path
 * (a function may change its answer between calls, or wait). Returns the mock to inspect calls.
 */
export function mockApi(replies: Record<string, Reply | (() => Reply | Promise<Reply>)>) {
  const fetchMock = vi.fn(async (input: RequestInfo | URL, _init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const entry = replies[url.pathname];
    const reply = typeof entry === "function" ? await entry() : entry;
    if (!reply) return new Response(JSON.stringify({ error: "not found" }), { status: 404 });
    if (reply instanceof Error) throw new TypeError(reply.message);
    if (reply instanceof Response) return reply;
    const body = reply.body ?? JSON.stringify(reply.json);
    return new Response(body, { status: reply.status ?? 200, headers: { "Content-Type": "application/json" } });
  });
  vi.stubGlobal("fetch", fetchMock);
  return fetchMock;
}
