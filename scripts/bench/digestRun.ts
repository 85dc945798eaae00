/**
 * One digest run, in its own process so that its peak memory is its own: the bench's
 * digest driver (scripts/bench/digest.ts) starts it. Prints one JSON line.
 */
import { createMailer } from "../../server/mail/mailer.ts";
import { runDigest } from "../../server/mail/digest.ts";
import { contentFrontPage } from "../../server/mail/frontPage.ts";
import { unsubscribeToken } from "../../server/mail/tokens.ts";
import { openStore } from "../../server/store/index.ts";

const { DATABASE_PATH = "", DATABASE_URL, SMTP_URL = "", CONTENT_DIR = "content" } = process.env;
const store = await openStore({ databaseUrl: DATABASE_URL || undefined, databasePath: DATABASE_PATH });
const mailer = createMailer({
  smtpUrl: SMTP_URL,
  from: "Dispatch <headlines@example.com>",
  outboxDir: "unused",
  ratePerSecond: 0,
  messageIdHost: "bench.localhost",
});
const started = performance.now();
const report = await runDigest({
  store,
  mailer,
  frontPage: contentFrontPage(CONTENT_DIR),
  date: "2026-12-02",
  siteUrl: "https://news.example",
  postalAddress: "Dispatch, 1 Harbour Street",
  fromAddress: "headlines@example.com",
  unsubscribeUrl: (id) => `https://news.example/subscriptions/unsubscribe/${unsubscribeToken("bench-secret", id)}`,
});
const seconds = (performance.now() - started) / 1000;
mailer.close();
await store.close();
// maxRSS is in kilobytes: the process's peak resident memory over its whole life.
console.log(JSON.stringify({ sent: report.sentThisRun, seconds, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
