/**
 * The service worker: the app shell is precached; pages, story JSON and images the reader
 * has opened are kept so they stay readable with no signal. A new build takes over at once
 * and the page reloads on its next navigation (see updates.ts).
 */
import { CacheableResponsePlugin } from "workbox-cacheable-response";
import { clientsClaim } from "workbox-core";
import { ExpirationPlugin } from "workbox-expiration";
import { cleanupOutdatedCaches, matchPrecache, precacheAndRoute } from "workbox-precaching";
import { registerRoute, setCatchHandler } from "workbox-routing";
import { CacheFirst, NetworkFirst } from "workbox-strategies";

type PrecacheEntry = { url: string; revision: string | null };
// The worker's global, typed by hand: the WebWorker lib cannot share a program with the DOM lib.
declare const self: { __WB_MANIFEST: PrecacheEntry[]; skipWaiting(): Promise<void> };

const DAY_SECONDS = 24 * 3600;
const SHELL = "/index.html";

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// Pages: the network first, for the newest story and build; the copy serves offline.
registerRoute(
  ({ request }) => request.mode === "navigate",
  new NetworkFirst({
    cacheName: "pages",
    networkTimeoutSeconds: 6,
    plugins: [new CacheableResponsePlugin({ statuses: [200] }), new ExpirationPlugin({ maxEntries: 100 })],
  }),
);

// Story and headline JSON, on this origin or the API's.
registerRoute(
  ({ request, url }) => request.method === "GET" && /\/(?:articles\/[^/]+|headlines)\.json$/.test(url.pathname),
  new NetworkFirst({
    cacheName: "stories",
    networkTimeoutSeconds: 6,
    plugins: [
      new CacheableResponsePlugin({ statuses: [200] }),
      new ExpirationPlugin({ maxEntries: 200, maxAgeSeconds: 30 * DAY_SECONDS }),
    ],
  }),
);

// Code loaded on demand and left out of the precache (the signup dialog): hashed, so kept as is.
registerRoute(
  ({ request, url }) => request.destination === "script" && url.pathname.startsWith("/assets/"),
  new CacheFirst({ cacheName: "code", plugins: [new ExpirationPlugin({ maxEntries: 20 })] }),
);

// Images never change at the same address; cross-origin ones arrive opaque (status 0).
registerRoute(
  ({ request }) => request.destination === "image",
  new CacheFirst({
    cacheName: "images",
    plugins: [
      new CacheableResponsePlugin({ statuses: [0, 200] }),
      new ExpirationPlugin({ maxEntries: 300, maxAgeSeconds: 30 * DAY_SECONDS, purgeOnQuotaError: true }),
    ],
  }),
);

// A page never opened, with no network: the shell, which says the reader is offline.
setCatchHandler(async ({ request }) => {
  if (request.mode !== "navigate") return Response.error();
  return (await matchPrecache(SHELL)) ?? Response.error();
});

void self.skipWaiting();
clientsClaim();
