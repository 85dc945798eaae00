import { getRequestListener } from "@hono/node-server";
import react from "@vitejs/plugin-react";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { build as esbuild } from "esbuild";
import type { Plugin } from "vite";
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

/** `entry` bundled and minified into one script to write into the page, which nothing in it may close. */
async function inlineScript(entry: string, format: "esm" | "iife", target: string): Promise<string> {
  const bundled = await esbuild({
    entryPoints: [fileURLToPath(new URL(`./${entry}`, import.meta.url))],
    bundle: true,
    write: false,
    format,
    minify: true,
    target,
    logLevel: "silent",
  });
  const code = bundled.outputFiles[0]?.text.trim();
  if (!code || code.includes("</")) throw new Error(`${entry} did not bundle to an inline script.`);
  return code;
}

/**
 * The built entry script is replaced by `src/boot/boot.ts`, bundled and inlined, which imports the
 * entry: the page needs no script file of its own before the app's. The server allows the
 * inline script by its hash; `'unsafe-inline'` is never needed.
 */
function inlineBoot(): Plugin {
  let apiBase = "/api";
  return {
    name: "dispatch-inline-boot",
    apply: "build",
    configResolved(config) {
      apiBase = config.env.VITE_API_BASE_URL || "/api";
    },
    transformIndexHtml: {
      order: "post",
      async handler(html) {
        const entry = /<script type="module" crossorigin src="(\/assets\/[^"]+\.js)"><\/script>/;
        const src = entry.exec(html)?.[1];
        if (!src) throw new Error("The built index.html has no entry script to start from the boot script.");
        const code = await inlineScript("src/boot/boot.ts", "esm", "es2022");
        // The bundle exports startApp; inline, it is called instead.
        const exports = /export\s*\{([^}]*)\};?\s*$/.exec(code);
        const startApp = /([\w$]+)\s+as\s+startApp\b/.exec(exports?.[1] ?? "")?.[1];
        if (!exports || !startApp) throw new Error("The bundled boot script does not export startApp.");
        const boot = `${code.slice(0, exports.index)}${startApp}(${JSON.stringify(src)},${JSON.stringify(apiBase)});`;
        return html.replace(entry, () => `<script type="module">${boot}</script>`);
      },
    },
  };
}

/**
 * React Router's bundle creates Link, NavLink, Form and the data routers' routes component at
 * its top level with calls the bundler must assume have effects, then sets their displayName:
 * so NavLink, Form, and the route rendering and error screens they reach (none of which the app
 * uses) stayed in the entry, 3.7 KB gzip of it. Marking the unused ones' initialisers pure lets
 * the bundler drop them, as remix-run/react-router#15299 proposes upstream. A bundle that no
 * longer has these lines fails the build: then see whether that change landed and this can go.
 */
function treeShakeReactRouter(): Plugin {
  const initialisers = /^var (NavLink|Form|MemoizedDataRoutes) = (React\d*\.(?:forwardRef|memo))\(/gm;
  const displayNames = /^(NavLink|Form)\.displayName = "\w+";\n/gm;
  const name = "dispatch-tree-shake-react-router";
  let patched = false;
  return {
    name,
    apply: "build",
    applyToEnvironment: (environment) => environment.name === "client",
    transform: {
      filter: { id: /\/react-router\/dist\/\w+\/chunk-\w+\.mjs$/ },
      handler(code, id) {
        if (!code.includes("var NavLink = ")) return;
        const pure = code.match(initialisers)?.length ?? 0;
        const named = code.match(displayNames)?.length ?? 0;
        if (pure !== 3 || named !== 2) this.error(`React Router's bundle has changed (${id}): see ${name}.`);
        patched = true;
        return code.replace(initialisers, "var $1 = /* @__PURE__ */ $2(").replace(displayNames, "");
      },
    },
    buildEnd() {
      if (!patched) this.error(`No React Router bundle defines NavLink any more: see ${name}.`);
    },
  };
}

/**
 * The page's icon is written into the page as a data: URL (src/favicon-32.png, 282 bytes), so
 * the browser fetches nothing for it: it asked for a linked icon around the load event, and on
 * a story that request finished before the hero was painted, which Lighthouse then counts as
 * competing with the hero (docs/performance.md).
 */
function inlineFavicon(): Plugin {
  return {
    name: "dispatch-inline-favicon",
    transformIndexHtml: {
      order: "pre",
      async handler(html) {
        const link = /<link rel="icon" href="\/src\/favicon-32\.png" type="image\/png" \/>/;
        if (!link.test(html)) throw new Error("index.html has no icon link to inline.");
        const png = await readFile(fileURLToPath(new URL("./src/favicon-32.png", import.meta.url)));
        const href = `data:image/png;base64,${png.toString("base64")}`;
        return html.replace(link, () => `<link rel="icon" href="${href}" type="image/png" />`);
      },
    },
  };
}

/**
 * src/display/headScript.ts, bundled with the cookie parser it shares with the app, becomes a
 * classic inline script at the top of <head>: it runs before the stylesheets and the body, so
 * the reader's theme is on <html> for the first paint, and the page stays the same for all.
 */
function inlinePreferences(): Plugin {
  return {
    name: "dispatch-inline-preferences",
    transformIndexHtml: {
      order: "post",
      async handler(html) {
        const script = await inlineScript("src/display/headScript.ts", "iife", "es2020");
        const charset = /<meta charset="UTF-8" \/>/i;
        if (!charset.test(html)) throw new Error("index.html has no <meta charset> to put the head script after.");
        return html.replace(charset, (tag) => `${tag}<script>${script}</script>`);
      },
    },
  };
}

export default defineConfig({
  plugins: [
    react(),
    treeShakeReactRouter(),
    dispatchApi(),
    preloadFetchers(),
    inlineBoot(),
    inlinePreferences(),
    inlineFavicon(),
    VitePWA({
      strategies: "injectManifest",
      srcDir: "src/offline",
      filename: "sw.ts",
      injectRegister: false,
      // public/manifest.webmanifest, linked by the app once it runs
      // (src/offline/registerServiceWorker.ts), not by the page: fetched with the page, it and
      // its icon competed with the hero.
      manifest: false,
      injectManifest: {
        // Prerendered pages are cached as they are read, not all up front; the signup dialog is
        // fetched on intent only (the worker keeps it once it has been).
        globPatterns: ["index.html", "manifest.webmanifest", "assets/**/*.{js,css}", "*.{svg,png,ico}", "icons/*.png"],
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
          include: [
            "contract/**/*.test.ts",
            "server/**/*.test.ts",
            "scripts/**/*.test.ts",
            "tools/**/*.test.ts",
            "content/**/*.test.ts",
            "docs/**/*.test.ts",
          ],
          // A real PostgreSQL server for the store's tests (server/testing/postgresServer.ts).
          globalSetup: ["server/testing/postgresGlobalSetup.ts"],
          // Real HTTP, SQLite and a full build: give a loaded machine room.
          testTimeout: 30_000,
          // Tests that need the log lines give the server a logger of their own.
          env: { LOG_LEVEL: "silent" },
        },
      },
    ],
  },
});
