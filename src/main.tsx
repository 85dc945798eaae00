import { hydrate, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot, hydrateRoot } from "react-dom/client";
import { createBrowserRouter, RouterProvider } from "react-router-dom";
import { applySavedPreferences } from "./display/preferences.ts";
import { createQueryClient } from "./queryClient.ts";
import { routes } from "./routes.tsx";
import "./styles/index.css";

applySavedPreferences();

const queryClient = createQueryClient();
// Prerendered pages embed the data they were rendered from, so hydration needs no fetch.
const embedded = document.getElementById("dispatch-data");
if (embedded?.textContent) hydrate(queryClient, JSON.parse(embedded.textContent));

const router = createBrowserRouter(routes);
const app = (
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>
);

const container = document.getElementById("root");
if (!container) throw new Error("index.html has no #root element");
if (embedded && container.firstElementChild) hydrateRoot(container, app);
else createRoot(container).render(app);
