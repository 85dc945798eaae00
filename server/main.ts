import { existsSync } from "node:fs";
import { join } from "node:path";
import { createApp } from "./app.ts";
import { readConfig } from "./config.ts";
import type { Config } from "./config.ts";
import { log, logNow } from "./http/log.ts";
import { readMailConfig } from "./newsletter/config.ts";
import type { MailConfig } from "./newsletter/config.ts";
import { createMailHooks } from "./newsletter/bounces/hooks.ts";
import { startDailyEmail } from "./newsletter/daily.ts";
import { openMailService } from "./newsletter/service.ts";
import { contentReadiness } from "./http/readiness.ts";
import { createNodeServer, createResponseCache } from "./http/responseCache.ts";
import { createContentSource } from "./content/contentSource.ts";

function fail(message: string): never {
  log.fatal(message);
  process.exit(1);
}

async function start(config: Config, mail: MailConfig): Promise<void> {
  log.level = config.logLevel;
  const shell = join(config.distDir, "index.html");
  if (!existsSync(shell)) fail(`${shell} is missing: run npm run build first.`);
  const contentSource = config.contentSource
    ? createContentSource(config.contentSource, { refreshMs: config.contentRefreshSeconds * 1000 })
    : undefined;
  // Fetched at once, so the first reader finds the stories ready; failures are logged by the source.
  void contentSource?.refresh();
  const service = await openMailService(config, mail);
  const frontPage = contentSource
    ? async () => {
        const page = await contentSource.frontPage();
        if (!page) throw new Error(`The content source ${contentSource.describe()} has not answered yet.`);
        return page;
      }
    : undefined;
  const daily = startDailyEmail(config, mail, service, frontPage);
  let stopping = false;
  const readiness = [
    {
      name: "database",
      check: async () => {
        await service.store.ping();
        return true;
      },
    },
    contentSource ? { name: "content", check: async () => contentSource.isReady() } : contentReadiness(config),
    // A load balancer stops sending readers here as soon as the shutdown starts.
    { name: "running", check: async () => !stopping },
  ];
  const responseCache = createResponseCache({ siteUrl: config.siteUrl, logger: log, trustProxy: config.trustProxy });
  const mailHooks = createMailHooks({ store: service.store, settings: mail.webhooks });
  const app = createApp({
    ...config,
    subscriptions: service.subscriptions,
    contentSource,
    readiness,
    responseCache,
    mailHooks,
    warmPages: true,
  });

  const server = createNodeServer(app, responseCache);
  server.listen(config.port, config.host, () => {
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : config.port;
    const host = config.host.includes(":") ? `[${config.host}]` : config.host;
    log.info({ url: `http://${host}:${port}/`, mode: process.env.NODE_ENV }, "Dispatch is running");
    logNow();
  });

  server.on("error", (error) => {
    void service.close();
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
    // A digest in progress stops after the messages in flight; its edition resumes on the next run.
    const digestStopped = daily.stop();
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
      void digestStopped
        .then(service.close)
        .catch((error: unknown) => log.error({ err: error }, "closing the database failed"))
        .finally(() => {
          log.info("stopped");
          logNow();
          process.exit(0);
        });
    });
    server.closeIdleConnections();
  }
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

// A bad setting (an unreadable DKIM key file, a malformed time) is a fatal log line, not a stack trace.
Promise.resolve()
  .then(() => start(readConfig(process.env), readMailConfig(process.env)))
  .catch((error: unknown) => {
    fail(error instanceof Error ? error.message : String(error));
  });
