import { existsSync } from "node:fs";
import type { Server } from "node:http";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import { createApp } from "./app.ts";
import { readConfig } from "./config.ts";
import type { Config } from "./config.ts";
import { readMailConfig } from "./mail/config.ts";
import type { MailConfig } from "./mail/config.ts";
import { startDailyEmail } from "./mail/daily.ts";
import { openMailService } from "./mail/service.ts";

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

async function start(config: Config, mail: MailConfig): Promise<void> {
  const shell = join(config.distDir, "index.html");
  if (!existsSync(shell)) fail(`${shell} is missing: run npm run build first.`);
  const service = await openMailService(config, mail);
  const daily = startDailyEmail(config, mail, service);
  const app = createApp({ ...config, subscriptions: service.subscriptions });

  const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (info) => {
    const host = config.host.includes(":") ? `[${config.host}]` : config.host;
    console.log(`Dispatch is running at http://${host}:${info.port}/`);
  }) as Server;

  server.on("error", (error) => {
    void service.close();
    fail(`Could not listen on ${config.host}:${config.port}: ${error.message}`);
  });

  function shutdown(signal: NodeJS.Signals): void {
    console.log(`${signal} received, shutting down.`);
    // A digest in progress stops after the messages in flight; its edition resumes on the next run.
    const digestStopped = daily.stop();
    server.close(() => {
      void digestStopped.then(service.close).finally(() => process.exit(0));
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

start(readConfig(process.env), readMailConfig(process.env)).catch((error: unknown) => {
  fail(error instanceof Error ? error.message : String(error));
});
