import { getRequestListener } from "@hono/node-server";
import react from "@vitejs/plugin-react";
import type { Plugin } from "vite";
import { VitePWA } from "vite-plugin-pwa";
import { defineConfig } from "vitest/config";

/** `npm run dev` serves the content API and signups with the production server's own handlers. */
function dispatchApi(): Plugin {
  return {
    name: "dispatch-api",
    async configureServer(server) {
      const { createDevApi } = await import("./server/dev.ts");
      const listener = getRequestListener(createDevApi().fetch);
      server.middlewares.use((request, response, next) => {
        const path = request.url ?? "";
        if (path.startsWith("/api/") || path.startsWith("/media/")) void listener(request, response);
        else next();
      });
    },
  };
}

/**
 * The client-only shell fetches its data at once, so it preloads the lazily loaded fetch
 * code (and the schema library) with the entry. Prerendered pages drop these links: their
 * data is embedded. The links are marked so the prerender step can find them.
 */
function preloadFetchers(): Plugin {
  return {
    name: "dispatch-preload-fetchers",
    apply: "build",
    transformIndexHtml: {
      order: "post",
      handler(_html, { bundle }) {
        const chunks = Object.values(bundle ?? {}).flatMap((output) => (output.type === "chunk" ? [output] : []));
        const fetchers = chunks.find((chunk) => chunk.facadeModuleId?.endsWith("/src/api/fetchers.ts"));
        if (!fetchers) throw new Error("The build has no chunk for src/api/fetchers.ts");
        const entries = new Set(chunks.filter((chunk) => chunk.isEntry).map((chunk) => chunk.fileName));
        const files = [fetchers.fileName, ...fetchers.imports].filter((file) => !entries.has(file));
        return files.map((file) => ({
          tag: "link",
          attrs: { rel: "modulepreload", crossorigin: true, href: `/${file}`, "data-shell-only": true },
          injectTo: "head" as const,
        }));
      },
    },
  };
}

/**
 * The page is readable before its script runs (it is prerendered), so the entry script
 * should not take bandwidth from the hero image: it is fetched at low priority.
 */
function entryAfterContent(): Plugin {
  return {
    name: "dispatch-entry-after-content",
    apply: "build",
    transformIndexHtml: {
      order: "post",
      handler: (html) =>
        html.replace(/<script type="module" crossorigin/g, '<script type="module" fetchpriority="low" crossorigin'),
    },
  };
}

export default defineConfig({
  plugins: [
    react(),
    dispatchApi(),
    preloadFetchers(),
    entryAfterContent(),
    VitePWA({
      strategies: "injectManifest",
      srcDir: "src/offline",
      filename: "sw.ts",
      injectRegister: false,
      manifest: {
        name: "Dispatch",
        short_name: "Dispatch",
        description: "The day's stories, fast and readable on any screen.",
        start_url: "/",
        scope: "/",
        display: "standalone",
        background_color: "#fdfcfa",
        theme_color: "#1a3a5c",
        icons: [
          { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png" },
          { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png" },
          { src: "/icons/icon-maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
        ],
      },
      injectManifest: {
        // Prerendered pages are cached as they are read, not all up front; the signup dialog is
        // fetched on intent only (the worker keeps it once it has been).
        globPatterns: ["index.html", "assets/**/*.{js,css}", "*.{svg,png,ico}", "icons/*.png"],
        globIgnores: ["**/SignupDialog-*.js"],
      },
    }),
  ],
  build: {
    manifest: true,
    // Vite's inline module-preload polyfill would need 'unsafe-inline'; every target browser has it.
    modulePreload: { polyfill: false },
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "app",
          environment: "jsdom",
          include: ["src/**/*.test.{ts,tsx}"],
          setupFiles: ["src/test/setup.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "server",
          environment: "node",
          include: ["server/**/*.test.ts", "scripts/**/*.test.ts", "content/**/*.test.ts"],
          // Real HTTP, SQLite and a full build: give a loaded machine room.
          testTimeout: 30_000,
        },
      },
    ],
  },
});
