import { existsSync } from "node:fs";
import { join } from "node:path";
import { createApp } from "./app.ts";
import { readConfig } from "./config.ts";
import type { Config } from "./config.ts";
import { log, logNow } from "./log.ts";
import { contentReadiness, sqliteReadiness } from "./readiness.ts";
import { createNodeServer, createResponseCache } from "./responseCache.ts";
import { openSignupStore } from "./signups.ts";
import { createContentSource } from "./sources/contentSource.ts";

function fail(message: string): never {
  log.fatal(message);
  process.exit(1);
}

function start(config: Config): void {
  log.level = config.logLevel;
  const shell = join(config.distDir, "index.html");
  if (!existsSync(shell)) fail(`${shell} is missing: run npm run build first.`);
  const store = openSignupStore(config.databasePath);
  const contentSource = config.contentSource
    ? createContentSource(config.contentSource, { refreshMs: config.contentRefreshSeconds * 1000 })
    : undefined;
  // Fetched at once, so the first reader finds the stories ready; failures are logged by the source.
  void contentSource?.refresh();
  let stopping = false;
  const database = sqliteReadiness(config.databasePath);
  const readiness = [
    database,
    contentSource ? { name: "content", check: async () => contentSource.isReady() } : contentReadiness(config),
    // A load balancer stops sending readers here as soon as the shutdown starts.
    { name: "running", check: async () => !stopping },
  ];
  const responseCache = createResponseCache({ siteUrl: config.siteUrl, logger: log, trustProxy: config.trustProxy });
  const app = createApp({ ...config, store, contentSource, readiness, responseCache });

  const server = createNodeServer(app, responseCache);
  server.listen(config.port, config.host, () => {
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : config.port;
    const host = config.host.includes(":") ? `[${config.host}]` : config.host;
    log.info({ url: `http://${host}:${port}/` }, "Dispatch is running");
    logNow();
  });

  server.on("error", (error) => {
    database.close();
    store.close();
    fail(`Could not listen on ${config.host}:${config.port}: ${error.message}`);
  });

  /**
   * Stops taking connections and lets the requests in flight finish, then closes the database:
   * a signup answered 2xx has been committed before its answer was sent. Requests still running
   * after the grace period are cut off, so a stuck client cannot hold the process.
   */
  function shutdown(signal: NodeJS.Signals): void {
    if (stopping) return;
    stopping = true;
    contentSource?.stop();
    const graceSeconds = config.shutdownGraceSeconds;
    log.info({ signal, graceSeconds }, "shutting down: finishing the requests in flight");
    logNow();
    // A kept-alive connection becomes idle once its response is sent; close each as it does.
    const idle = setInterval(() => server.closeIdleConnections(), 50);
    const deadline = setTimeout(() => {
      log.warn({ graceSeconds }, "grace period over: closing the connections still open");
      logNow();
      server.closeAllConnections();
    }, graceSeconds * 1000);
    server.close(() => {
      clearInterval(idle);
      clearTimeout(deadline);
      database.close();
      store.close();
      log.info("stopped");
      process.exit(0);
    });
    server.closeIdleConnections();
  }
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

try {
  start(readConfig(process.env));
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
