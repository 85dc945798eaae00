import { existsSync } from "node:fs";
import type { Server } from "node:http";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import { createApp } from "./app.ts";
import { readConfig } from "./config.ts";
import type { Config } from "./config.ts";
import { openSignupStore } from "./signups.ts";
import { createContentSource } from "./sources/contentSource.ts";

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

function start(config: Config): void {
  const shell = join(config.distDir, "index.html");
  if (!existsSync(shell)) fail(`${shell} is missing: run npm run build first.`);
  const store = openSignupStore(config.databasePath);
  const contentSource = config.contentSource
    ? createContentSource(config.contentSource, { refreshMs: config.contentRefreshSeconds * 1000 })
    : undefined;
  // Fetched at once, so the first reader finds the stories ready; failures are logged by the source.
  void contentSource?.refresh();
  const app = createApp({ ...config, store, contentSource });

  const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (info) => {
    const host = config.host.includes(":") ? `[${config.host}]` : config.host;
    console.log(`Dispatch is running at http://${host}:${info.port}/`);
  }) as Server;

  server.on("error", (error) => {
    store.close();
    fail(`Could not listen on ${config.host}:${config.port}: ${error.message}`);
  });

  function shutdown(signal: NodeJS.Signals): void {
    console.log(`${signal} received, shutting down.`);
    contentSource?.stop();
    server.close(() => {
      store.close();
      process.exit(0);
    });
    server.closeIdleConnections();
    // Requests still running after this are abandoned rather than holding the process.
    setTimeout(() => {
      server.closeAllConnections();
    }, 10_000).unref();
  }
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

try {
  start(readConfig(process.env));
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
