import { type QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { type ReactNode, StrictMode } from "react";
import { Layout } from "./Layout.tsx";

type AppProps = {
  queryClient: QueryClient;
  /** The router around the layout: the browser's history, or the server's one address. */
  router: (layout: ReactNode) => ReactNode;
};

/** The reader's app, as the browser hydrates it and the server renders it: one tree for both. */
export function App({ queryClient, router }: AppProps) {
  return (
    <StrictMode>
      <QueryClientProvider client={queryClient}>{router(<Layout />)}</QueryClientProvider>
    </StrictMode>
  );
}
