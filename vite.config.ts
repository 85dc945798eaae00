import { getRequestListener } from "@hono/node-server";
import react from "@vitejs/plugin-react";
import { readFile } from "node:fs/promises";
import type { Plugin } from "vite";
import { minify, transformWithOxc } from "vite";
import { VitePWA } from "vite-plugin-pwa";
import { defineConfig } from "vitest/config";

/** `npm run dev` serves the content API and signups with the production server's own handlers. */
function dispatchApi(): Plugin {
  return {
    name: "dispatch-api",
    async configureServer(server) {
      const { createDevApi } = await import("./server/dev.ts");
      const listener = getRequestListener((await createDevApi()).fetch);
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
 * The built entry script is replaced by `src/boot.ts`, inlined, which imports the entry once
 * the hero image is on screen: a prerendered page then requests no script before its
 * largest paint. The server allows the inline script by its hash; `'unsafe-inline'` is never
 * needed.
 */
function inlineBoot(): Plugin {
  return {
    name: "dispatch-inline-boot",
    apply: "build",
    transformIndexHtml: {
      order: "post",
      async handler(html) {
        const entry = /<script type="module" crossorigin src="(\/assets\/[^"]+\.js)"><\/script>/;
        const src = entry.exec(html)?.[1];
        if (!src) throw new Error("The built index.html has no entry script to start from the boot script.");
        const source = await readFile(new URL("./src/boot.ts", import.meta.url), "utf8");
        const { code } = await transformWithOxc(source, "boot.ts", { lang: "ts" });
        const minified = await minify("boot.js", code, { module: true, compress: true, mangle: true });
        if (minified.errors.length > 0) throw new Error(`Minifying src/boot.ts failed: ${minified.errors[0]?.message}`);
        const boot = `${minified.code}startApp(${JSON.stringify(src)});`;
        return html.replace(entry, () => `<script type="module">${boot}</script>`);
      },
    },
  };
}

export default defineConfig({
  plugins: [
    react(),
    dispatchApi(),
    preloadFetchers(),
    inlineBoot(),
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
          // A real PostgreSQL server for the store's tests (server/store/postgresServer.ts).
          globalSetup: ["server/store/postgresGlobalSetup.ts"],
          // Real HTTP, SQLite and a full build: give a loaded machine room.
          testTimeout: 30_000,
        },
      },
    ],
  },
});
