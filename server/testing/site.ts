import { once } from "node:events";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { serve } from "@hono/node-server";
import type { Hono } from "hono";
import { story } from "../../contract/testing/fixtures.ts";
import { createMailer } from "../newsletter/mailer.ts";
import { createSubscriptions } from "../newsletter/subscriptions.ts";
import type { Subscriptions, SubscriptionsOptions } from "../newsletter/subscriptions.ts";
import { openSqliteStore } from "../store/index.ts";
import type { Store } from "../store/index.ts";

/** A temporary site for tests: content/ and dist/ fixtures, a secret beside them, a database. */
export type TestSite = {
  root: string;
  contentDir: string;
  distDir: string;
  /** The app's server bundle, rendering with the working copy's src/app/render.tsx. */
  ssrDir: string;
  databasePath: string;
  store: Store;
  /** Where the site's mail goes: .eml files, as without SMTP_URL. */
  outboxDir: string;
  /** The signup flow on this site's store and outbox; `options` replace the defaults. */
  subscriptions(options?: Partial<SubscriptionsOptions>): Subscriptions;
  write(path: string, data: string | Uint8Array): void;
  remove(): Promise<void>;
};

export const TEST_SITE_URL = "http://localhost:4173";
export const TEST_SIGNUP_SECRET = "a-test-secret-that-signs-unsubscribe-links";

export const SECRET = "do-not-serve-this-secret";

export const HEADLINES = JSON.stringify({
  updated: "2026-11-20T14:05:00Z",
  headlines: Array.from({ length: 20 }, (_, index) => ({
    slug: `story-${index}`,
    headline: `Story number ${index} about the harbor bridge`,
    datePublished: "2026-11-20T09:30:00Z",
  })),
});

/** A built shell: the places a rendered page fills, and its own title. */
export const TEST_SHELL =
  '<!doctype html><html lang="en"><head><!--dispatch-head--><title>shell</title><!--/dispatch-head-->' +
  '<link rel="modulepreload" href="/assets/fetchers.js" data-shell-only></head>' +
  '<body><div id="root"><!--dispatch-app--></div></body></html>';

export const APP_JS = `console.log(${JSON.stringify("dispatch ".repeat(400))});\n`;

/**
 * A request body streamed a kilobyte at a time, `kilobytes` of them, with no Content-Length
 * (as a chunked upload arrives); `sent()` says how many the reader pulled.
 */
export function streamedBody(kilobytes: number): { body: ReadableStream<Uint8Array>; sent(): number } {
  const chunk = new TextEncoder().encode(" ".repeat(1024));
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      sent += 1;
      if (sent > kilobytes) controller.close();
      else controller.enqueue(chunk);
    },
  });
  return { body, sent: () => sent };
}

export function createTestSite(): TestSite {
  const root = mkdtempSync(join(tmpdir(), "dispatch-server-"));
  const write = (path: string, data: string | Uint8Array) => {
    const file = join(root, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, data);
  };
  write("package.json", SECRET);
  write("content/package.json", SECRET);
  write("content/api/package.json", SECRET);
  write("content/media/.hidden.jpg", SECRET);
  write("content/api/headlines.json", HEADLINES);
  write("content/api/articles/harbor-bridge-reopens.json", JSON.stringify(story()));
  write("content/media/harbor.jpg", new Uint8Array(4096).fill(7));
  write("dist/index.html", TEST_SHELL);
  // The real server entry, as `vite build --ssr src/app/render.tsx` would bundle it.
  write("ssr/render.js", `export * from ${JSON.stringify(resolve("src/app/render.tsx"))};\n`);
  write("dist/assets/app-3f2a1c.js", APP_JS);
  write("dist/assets/logo-9d8e7f.svg", "<svg/>");
  write("dist/robots.txt", "User-agent: *\n");
  write("dist/favicon.ico", new Uint8Array(2048).fill(1));

  const databasePath = join(root, "data", "signups.sqlite");
  const store = openSqliteStore(databasePath);
  const outboxDir = join(root, "data", "outbox");
  const mailer = createMailer({
    smtpUrl: undefined,
    from: "Dispatch <headlines@example.com>",
    outboxDir,
    ratePerSecond: 0,
    messageIdHost: "localhost",
  });
  return {
    root,
    contentDir: join(root, "content"),
    distDir: join(root, "dist"),
    ssrDir: join(root, "ssr"),
    databasePath,
    store,
    outboxDir,
    subscriptions: (options = {}) =>
      createSubscriptions({
        store,
        mailer,
        secret: TEST_SIGNUP_SECRET,
        siteUrl: TEST_SITE_URL,
        signupRateLimit: 1000,
        ...options,
      }),
    write,
    async remove() {
      mailer.close();
      await store.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Serves `app` over real HTTP on an ephemeral port. */
export function startServer(app: Hono): Promise<{ url: string; close(): Promise<void> }> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, (info) => {
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () =>
          new Promise((closed) => {
            server.close(() => closed());
            (server as Server).closeAllConnections();
          }),
      });
    });
  });
}

/**
 * A signup (POST /api/subscriptions) whose body has not been sent yet: write the body to `socket`
 * to finish it; `response` is all the server answered, once it closes the connection.
 * `Expect: 100-continue` makes the server say when it has taken the request on, so a signal sent
 * then is known to arrive while the request is in flight.
 */
export async function requestInFlight(port: number, bodyLength: number) {
  const socket = connect(port, "127.0.0.1");
  await once(socket, "connect");
  let text = "";
  let onContinue: () => void = () => {};
  const continued = new Promise<void>((resolve) => {
    onContinue = resolve;
  });
  socket.on("data", (chunk) => {
    text += chunk.toString();
    if (text.startsWith("HTTP/1.1 100 Continue\r\n\r\n")) {
      text = text.slice("HTTP/1.1 100 Continue\r\n\r\n".length);
      onContinue();
    }
  });
  const response = once(socket, "close").then(() => text);
  socket.write(
    `POST /api/subscriptions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${bodyLength}\r\nExpect: 100-continue\r\n\r\n`,
  );
  await continued;
  return { socket, response };
}
