import { getRequestListener } from "@hono/node-server";
import react from "@vitejs/plugin-react";
import type { Plugin } from "vite";
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

export default defineConfig({
  plugins: [react(), dispatchApi()],
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
        },
      },
    ],
  },
});
