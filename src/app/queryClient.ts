import { QueryClient } from "@tanstack/react-query";
import { NotFoundError } from "../api/index.ts";

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Stories rarely change once read; going back shows the cached copy at once.
        staleTime: 5 * 60_000,
        gcTime: 30 * 60_000,
        retry: (failures, error) => !(error instanceof NotFoundError) && failures < 1,
        retryDelay: 400,
        refetchOnWindowFocus: false,
        // Always try: offline, the service worker may still have the story. A failure then
        // shows the offline page instead of a skeleton waiting for the network.
        networkMode: "always",
      },
    },
  });
}
