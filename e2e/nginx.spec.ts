/**
 * deploy/nginx.conf as an operator installs it, in front of two instances of the compiled server
 * (dist-server/main.js, after `npm run build`): the test changes only its ports and paths, and
 * every directive is the shipped file's. nginx ends TLS, with a certificate for news.example made
 * here. Requests go through node:http(s), which sends the Host header given (fetch does not).
 */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { request as httpRequest } from "node:http";
import type { IncomingHttpHeaders, IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { expect, test } from "@playwright/test";
import { makeCertificate, renderShippedConfig, startNginx } from "../server/testing/nginx.ts";
import type { RunningNginx } from "../server/testing/nginx.ts";
import { freePorts } from "../server/testing/ports.ts";

const SITE = "news.example";
const STORY = "saltmere-ferry-electric-vessels";
const OTHER_STORY = "central-library-late-opening-trial";
/** Signups each instance takes from one reader; each instance counts in its own SQLite file here. */
const RATE_LIMIT = 2;

type LogLine = { msg?: string; url?: string; id?: string; protocol?: string };
type Instance = { label: string; log: LogLine[]; child: ChildProcess; exited: Promise<number | null> };
/** `id`: the X-Request-Id sent, which the instance that answers logs. */
type Answer = { id: string; status: number; headers: IncomingHttpHeaders; body: Buffer };
type Ask = {
  host?: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** The reader's address: any of 127.0.0.0/8 reaches nginx on the loopback interface. */
  from?: string;
  /** Plain http, to the port that sends readers to https. */
  plain?: boolean;
};

let work: string;
/** The certificate nginx presents, which the requests here trust. */
let trusted: Buffer;
let ports: { tls: number; plain: number };
const instances: Instance[] = [];
let nginx: RunningNginx | undefined;
let asked = 0;

/** Starts `node dist-server/main.js` as the file's header says, and resolves with its port once it listens. */
async function startInstance(label: string): Promise<number> {
  const child = spawn(process.execPath, ["dist-server/main.js"], {
    env: {
      ...process.env,
      PORT: "0",
      HOST: "127.0.0.1",
      LOG_LEVEL: "info",
      SITE_URL: `https://${SITE}`,
      TRUST_PROXY: "127.0.0.1",
      SIGNUP_RATE_LIMIT: String(RATE_LIMIT),
      DATABASE_PATH: join(work, `${label}.sqlite`),
      MAIL_OUTBOX_DIR: join(work, `${label}-outbox`),
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const instance: Instance = {
    label,
    log: [],
    child,
    exited: once(child, "exit").then(([code]) => code as number | null),
  };
  instances.push(instance);
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).on("line", (text) => {
      const line = JSON.parse(text) as LogLine;
      instance.log.push(line);
      if (line.url) resolve(Number(new URL(line.url).port));
    });
    void instance.exited.then((code) => reject(new Error(`${label} exited with ${code} before it listened.`)));
  });
}

function ask(path: string, { host = SITE, method = "GET", headers = {}, body, from, plain }: Ask = {}) {
  asked += 1;
  const id = `nginx-spec-${asked}`;
  return new Promise<Answer>((resolve, reject) => {
    const options = {
      host: "127.0.0.1",
      port: plain ? ports.plain : ports.tls,
      path,
      method,
      localAddress: from,
      agent: false,
      timeout: 10_000,
      headers: { Host: host, "X-Request-Id": id, ...headers },
    } as const;
    const answered = (response: IncomingMessage) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () =>
        resolve({ id, status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
      );
      response.on("error", reject);
    };
    const sent = plain
      ? httpRequest(options, answered)
      : httpsRequest({ ...options, servername: SITE, ca: trusted }, answered);
    sent.on("timeout", () => sent.destroy(new Error(`No answer to ${method} ${path} within 10 s.`)));
    sent.on("error", reject);
    sent.end(body);
  });
}

function signup(email: string, from: string, headers: Record<string, string> = {}): Promise<Answer> {
  return ask("/api/subscriptions", {
    method: "POST",
    from,
    headers: { "Content-Type": "application/json", ...headers },
    body: JSON.stringify({ email, list: "daily-headlines" }),
  });
}

const requestId = (answer: Answer) => answer.id;

/** The instance that logged the request nginx sent with this id, if one did. */
function answeredBy(id: string): Instance | undefined {
  return instances.find((instance) => instance.log.some((line) => line.id === id));
}

/** Waits for the instance's log line of each request, proof that it reached an instance. */
async function expectAnsweredByAnInstance(...answers: Answer[]): Promise<void> {
  for (const answer of answers) {
    await expect.poll(() => answeredBy(requestId(answer))?.label, { timeout: 5_000 }).toBeTruthy();
  }
}

/**
 * Waits until each running instance has logged a request sent now (nginx takes them in turn):
 * an instance writes its lines in order, so every request it answered before is logged by then.
 */
async function instancesCaughtUp(): Promise<void> {
  const running = instances.filter((instance) => instance.child.exitCode === null);
  const checks = await Promise.all(running.map(() => ask("/healthz")));
  const ids = checks.map(requestId);
  await expect
    .poll(() => running.every((instance) => instance.log.some((line) => line.id && ids.includes(line.id))), {
      timeout: 5_000,
    })
    .toBe(true);
}

function decoded(answer: Answer): string {
  const encoding = answer.headers["content-encoding"];
  if (encoding === "br") return brotliDecompressSync(answer.body).toString();
  if (encoding === "gzip") return gunzipSync(answer.body).toString();
  return answer.body.toString();
}

test.describe.configure({ mode: "serial", timeout: 60_000 });

test.beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "dispatch-nginx-"));
  const certificate = makeCertificate(work, SITE);
  trusted = readFileSync(certificate.cert);
  const [first = 0, second = 0] = await Promise.all([startInstance("instance-1"), startInstance("instance-2")]);
  const [tls = 0, plain = 0] = await freePorts(2);
  ports = { tls, plain };
  const site = renderShippedConfig({
    instances: [first, second],
    site: { port: tls, tls: true },
    redirectPort: plain,
    certificate,
    cacheDir: join(work, "cache"),
  });
  nginx = startNginx(work, site);
  await untilServing(nginx);
});

/** Resolves once nginx answers /healthz through an instance; fails with nginx's error log. */
async function untilServing(server: RunningNginx): Promise<void> {
  const deadline = Date.now() + 20_000;
  let last: number | string = "nothing yet";
  while (Date.now() < deadline && server.master.exitCode === null) {
    last = await ask("/healthz").then(
      (answer) => answer.status,
      (error: Error) => error.message,
    );
    if (last === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`nginx did not answer /healthz (last: ${last}):\n${server.errors()}`);
}

test.afterAll(async () => {
  const stopping = instances.map(async ({ child, exited }) => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
  });
  await Promise.all([nginx?.stop(), ...stopping]);
  rmSync(work, { recursive: true, force: true });
});

test("serves a story page from an instance, then from its cache", async () => {
  const gzip = { "Accept-Encoding": "gzip" };
  const first = await ask(`/articles/${STORY}`, { headers: gzip });
  expect(first.status).toBe(200);
  expect(first.headers["x-cache-status"]).toBe("MISS");
  expect(decoded(first)).toContain("Saltmere ferry operator orders three battery-electric vessels");

  const second = await ask(`/articles/${STORY}`, { headers: gzip });
  expect(second.headers["x-cache-status"]).toBe("HIT");
  expect(second.body.equals(first.body)).toBe(true);
  // The instance's request id is not stored with the page, to be sent to every later reader.
  expect([first.headers["x-request-id"], second.headers["x-request-id"]]).toEqual([undefined, undefined]);
  await instancesCaughtUp();
  expect(answeredBy(requestId(first))).toBeDefined();
  expect(answeredBy(requestId(second))).toBeUndefined();
});

test("keeps one copy per encoding the server chooses, however the browser words its offer", async () => {
  const chromium = await ask(`/articles/${STORY}`, { headers: { "Accept-Encoding": "gzip, deflate, br, zstd" } });
  expect(chromium.headers["content-encoding"]).toBe("br");
  expect(chromium.headers["x-cache-status"]).toBe("MISS");
  const brOnly = await ask(`/articles/${STORY}`, { headers: { "Accept-Encoding": "br" } });
  expect(brOnly.headers["content-encoding"]).toBe("br");
  expect(brOnly.headers["x-cache-status"]).toBe("HIT");
  const gzip = await ask(`/articles/${STORY}`, { headers: { "Accept-Encoding": "deflate, gzip" } });
  expect(gzip.headers["content-encoding"]).toBe("gzip");
  expect(gzip.headers["x-cache-status"]).toBe("HIT");
  const none = await ask(`/articles/${STORY}`, { headers: { "Accept-Encoding": "identity" } });
  expect(none.headers["content-encoding"]).toBeUndefined();
  expect(none.headers["x-cache-status"]).toBe("MISS");
  expect(new Set([chromium, brOnly, gzip, none].map(decoded)).size).toBe(1);
});

test("passes on the reader's address and https, and believes no address the reader writes", async () => {
  // Twice the limit and one more at each instance, which nginx takes in turn: the last two are refused.
  const reader = "127.0.0.2";
  const statuses: number[] = [];
  const answers: Answer[] = [];
  for (let index = 0; index < 2 * (RATE_LIMIT + 1); index += 1) {
    const answer = await signup(`reader-${index}@example.com`, reader);
    statuses.push(answer.status);
    answers.push(answer);
  }
  expect(statuses).toEqual([...Array(2 * RATE_LIMIT).fill(202), 429, 429]);
  // Naming another address is not believed: the instances count the reader nginx saw.
  for (const index of [0, 1]) {
    const forged = await signup(`forged-${index}@example.com`, reader, { "X-Forwarded-For": "198.51.100.7" });
    expect(forged.status).toBe(429);
  }
  // Another reader is counted apart, at both instances: the instances see past nginx.
  for (const index of [0, 1]) {
    const neighbour = await signup(`neighbour-${index}@example.com`, "127.0.0.3");
    expect(neighbour.status).toBe(202);
    answers.push(neighbour);
  }
  await expectAnsweredByAnInstance(...answers);
  const protocols = answers.map((answer) => {
    const id = requestId(answer);
    return answeredBy(id)?.log.find((line) => line.id === id)?.protocol;
  });
  expect(new Set(protocols)).toEqual(new Set(["https"]));
});

test("caches no signup, Display form, health check or page for another Host", async () => {
  const signups = [await signup("once@example.com", "127.0.0.4"), await signup("twice@example.com", "127.0.0.4")];
  expect(signups.map((answer) => answer.status)).toEqual([202, 202]);
  const display = await ask("/preferences", {
    method: "POST",
    body: "theme=dark",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: `https://${SITE}` },
  });
  expect(display.status).toBe(303);
  for (const cookie of display.headers["set-cookie"] ?? []) expect(cookie).toMatch(/; Secure$/);
  const health = [await ask("/healthz"), await ask("/readyz"), await ask("/readyz")];
  expect(health.map((answer) => answer.status)).toEqual([200, 200, 200]);
  for (const answer of [...signups, display, ...health]) expect(answer.headers["x-cache-status"]).toBeUndefined();

  const stray = [await ask(`/articles/${STORY}`, { host: "stray.example" })];
  stray.push(await ask(`/articles/${STORY}`, { host: "stray.example" }));
  for (const answer of stray) {
    expect(answer.status).toBe(200);
    expect(answer.headers["cache-control"]).toBe("no-store");
    expect(answer.headers["x-cache-status"]).toBe("MISS");
  }
  await expectAnsweredByAnInstance(...signups, display, ...health, ...stray);
});

test("sends a reader on plain http to https", async () => {
  const answer = await ask(`/articles/${STORY}`, { plain: true });
  expect(answer.status).toBe(301);
  expect(answer.headers.location).toBe(`https://${SITE}/articles/${STORY}`);
});

test("keeps answering, signups too, while one instance is stopped", async () => {
  const [stopped, left] = instances;
  if (!stopped || !left) throw new Error("Both instances should be running.");
  stopped.child.kill("SIGTERM");
  expect(await stopped.exited).toBe(0);

  const answers = [
    await ask("/readyz"),
    await ask("/readyz"),
    await ask(`/articles/${OTHER_STORY}`),
    await signup("after-the-stop@example.com", "127.0.0.5"),
    await ask("/readyz"),
  ];
  expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 202, 200]);
  await expectAnsweredByAnInstance(...answers);
  for (const answer of answers) expect(answeredBy(requestId(answer))).toBe(left);
  expect((await ask(`/articles/${STORY}`, { headers: { "Accept-Encoding": "gzip" } })).headers["x-cache-status"]).toBe(
    "HIT",
  );
});
