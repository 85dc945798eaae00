import { type DehydratedState, hydrate, notifyManager } from "@tanstack/react-query";
import { startTransition } from "react";
import { createRoot, hydrateRoot } from "react-dom/client";
import { BrowserRouter } from "react-router-dom";
import { loadFetchers, type Story, storyQuery } from "../api/index.ts";
import { hasEarlyStory } from "../boot/earlyStory.ts";
import { storySlugAt } from "../../contract/paths.ts";
import { applySavedPreferences } from "../display/preferences.ts";
import { createQueryClient } from "./queryClient.ts";
import { App } from "./App.tsx";
import { keepServedTimes } from "../ui/localTimes.ts";
import { richBlocksReady } from "../story/richBlocks.tsx";
import "../styles/index.css";

applySavedPreferences();

// A story that arrives renders in the same task, not in a later one queued behind the
// page's other work (the query library's default waits for a timeout).
notifyManager.setScheduler(queueMicrotask);

const queryClient = createQueryClient();
// Prerendered pages embed the data they were rendered from, so hydration needs no fetch.
// The page was just served (HTML is revalidated), so its data counts as fresh from now,
// not from build time: no refetch straight after hydrating.
const embedded = document.getElementById("dispatch-data");
if (embedded?.textContent) {
  const state: DehydratedState = JSON.parse(embedded.textContent);
  for (const query of state.queries) query.state.dataUpdatedAt = Date.now();
  hydrate(queryClient, state);
  // A story with contract 1.2's blocks fetches their views now, while the rest hydrates; the
  // boundary that holds them keeps its served HTML until they are in.
  const [[, story] = []] = queryClient.getQueriesData<Story>({ queryKey: ["story"] });
  if (story) void richBlocksReady(story);
}

const app = (
  <App queryClient={queryClient} router={(layout) => <BrowserRouter useTransitions={false}>{layout}</BrowserRouter>} />
);

// A chunk of an older build is gone after a deployment: load the page again, fresh.
// Offline, a missing chunk is just missing; the part that needed it says so instead.
window.addEventListener("vite:preloadError", (event) => {
  if (!navigator.onLine) return;
  event.preventDefault();
  window.location.reload();
});

// Once the page is in, fetch the code the next story will need, so a click does not wait for it.
// The app's module may run after the load event (a page with a large hero), so check both ways.
function afterLoad() {
  void loadFetchers();
  if (import.meta.env.PROD && "serviceWorker" in navigator) {
    void import("../offline/registerServiceWorker.ts").then((module) => module.registerServiceWorker());
  }
}
if (document.readyState === "complete") afterLoad();
else window.addEventListener("load", afterLoad, { once: true });

const container = document.getElementById("root");
if (!container) throw new Error("index.html has no #root element");
// Hydrating in a transition lets React do it in slices, yielding to the reader between them;
// a press on a part not yet hydrated makes React hydrate that part first, then handle it.
if (embedded && container.firstElementChild) {
  keepServedTimes();
  startTransition(() => void hydrateRoot(container, app));
} else {
  // The boot script may have drawn a story's top from its early request (src/boot/storyStart.ts):
  // the first render is then the whole story in its place, not a skeleton over it.
  const slug = storySlugAt(location.pathname);
  const drawn =
    slug && hasEarlyStory()
      ? queryClient.prefetchQuery(storyQuery(slug)).then(() => {
          // Drawn whole in one go: a block still waiting for its views would move what follows it.
          const story = queryClient.getQueryData(storyQuery(slug).queryKey);
          return story && richBlocksReady(story);
        })
      : Promise.resolve();
  void drawn.then(() => createRoot(container).render(app));
}
