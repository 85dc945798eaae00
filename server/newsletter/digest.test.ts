import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { FrontPage } from "../../contract/schema.ts";
import { createApp } from "../app.ts";
import type { Store } from "../store/index.ts";
import { recordedEdition, signUpSubscriber, STORE_TARGETS } from "../testing/stores.ts";
import type { StoreTarget } from "../testing/stores.ts";
import { TEST_SIGNUP_SECRET, TEST_SITE_URL } from "../testing/site.ts";
import { describeReport, runDigest } from "./digest.ts";
import type { DigestOptions } from "./digest.ts";
import type { Mailer } from "./mailer.ts";
import { createSubscriptions } from "./subscriptions.ts";
import { hrefsIn, linksIn, startSmtpServer, testMailer } from "../testing/mail.ts";
import type { ReceivedMail, TestSmtpServer } from "../testing/mail.ts";
import { unsubscribeToken } from "./tokens.ts";

const FRONT_PAGE: FrontPage = {
  updated: "2026-12-02T06:00:00Z",
  headlines: Array.from({ length: 12 }, (_, index) => ({
    slug: `story-${index}`,
    headline: `Headline number ${index}`,
    datePublished: "2026-12-02T05:00:00Z",
    standfirst: `What story ${index} is about.`,
    image:
      index === 0
        ? { src: "/media/lead.jpg", width: 1200, height: 800, alt: "The harbour bridge at dusk", sources: [] }
        : undefined,
  })),
};

/** One header's value as sent, unfolded. */
function header(mail: ReceivedMail | undefined, name: string): string | undefined {
  const line = mail?.parsed.headerLines.find((entry) => entry.key === name.toLowerCase())?.line;
  return line?.replace(/\r?\n[ \t]+/g, " ").slice(name.length + 2);
}

describe.each(STORE_TARGETS)("the daily edition on %s", (_, makeTarget) => {
  let target: StoreTarget;
  let store: Store;
  let smtp: TestSmtpServer;
  const stores: Store[] = [];
  const mailers: Mailer[] = [];

  function mailer(url = smtp.url, maxConnections = 2) {
    const created = testMailer(url, { retries: 2, retryDelayMs: 5, maxConnections });
    mailers.push(created);
    return created;
  }

  function options(overrides: Partial<DigestOptions> = {}): DigestOptions {
    return {
      store,
      mailer: mailer(),
      frontPage: async () => FRONT_PAGE,
      date: "2026-12-02",
      siteUrl: TEST_SITE_URL,
      postalAddress: "Dispatch, 1 Harbour Street, Portsmouth",
      fromAddress: "headlines@example.com",
      unsubscribeUrl: (id) => `${TEST_SITE_URL}/subscriptions/unsubscribe/${unsubscribeToken(TEST_SIGNUP_SECRET, id)}`,
      claimSize: 3,
      ...overrides,
    };
  }

  async function subscriber(email: string, confirm = true): Promise<number> {
    return signUpSubscriber(store, email, { confirm });
  }

  const copies = () => {
    const counts = new Map<string, number>();
    for (const mail of smtp.received) for (const to of mail.to) counts.set(to, (counts.get(to) ?? 0) + 1);
    return counts;
  };

  beforeEach(async () => {
    target = await makeTarget();
    store = await target.open();
    stores.push(store);
    smtp = await startSmtpServer();
  });
  afterEach(async () => {
    for (const created of mailers.splice(0)) created.close();
    await smtp.close();
    for (const opened of stores.splice(0)) await opened.close();
    await target.remove();
  });

  it("sends each confirmed subscriber one copy, with both List-* headers, both parts and every link", async () => {
    const reader = await subscriber("reader@example.com");
    await subscriber("second@example.com");
    await subscriber("pending@example.com", false);
    const gone = await subscriber("gone@example.com");
    await store.unsubscribe(gone, new Date());

    const report = await runDigest(options());
    expect(report).toMatchObject({ edition: "2026-12-02", created: true, sentThisRun: 2, uncertain: [] });
    expect(report.totals).toMatchObject({ sent: 2, pending: 0, sending: 0, failed: 0 });
    expect([...copies()].sort()).toEqual([
      ["reader@example.com", 1],
      ["second@example.com", 1],
    ]);

    const mail = smtp.received.find((received) => received.to.includes("reader@example.com"));
    const unsubscribe = `${TEST_SITE_URL}/subscriptions/unsubscribe/${unsubscribeToken(TEST_SIGNUP_SECRET, reader)}`;
    expect(header(mail, "List-Unsubscribe")).toBe(
      `<${unsubscribe}>, <mailto:headlines@example.com?subject=unsubscribe>`,
    );
    expect(header(mail, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
    expect(mail?.parsed.from?.value).toEqual([{ name: "Dispatch", address: "headlines@example.com" }]);
    expect(header(mail, "To")).toBe("reader@example.com");
    expect(mail?.parsed.subject).toBe("Headline number 0 — Daily Headlines");
    expect(mail?.parsed.messageId).toMatch(/^<[\w.]+@localhost>$/);
    expect(mail?.parsed.messageId).not.toBe(smtp.received.find((other) => other !== mail)?.parsed.messageId);

    const stories = Array.from({ length: 10 }, (_, index) => `${TEST_SITE_URL}/articles/story-${index}`);
    const html = String(mail?.parsed.html);
    expect(hrefsIn(html)).toEqual([stories[0], ...stories, TEST_SITE_URL, unsubscribe]);
    expect(html).not.toContain("story-10");
    expect(html).toContain('alt="The harbour bridge at dusk"');
    expect(html).toContain(`src="${TEST_SITE_URL}/media/lead.jpg"`);
    expect(html).toMatch(/<html[^>]*\slang="en"/);
    expect(html).toContain("Dispatch, 1 Harbour Street, Portsmouth");
    const text = mail?.parsed.text ?? "";
    expect(linksIn(text)).toEqual([...stories, TEST_SITE_URL, unsubscribe]);
    expect(text).toContain("What story 9 is about.");
    expect(text).toContain("Dispatch, 1 Harbour Street, Portsmouth");

    // The reader's mail client uses the one-click link; the next edition skips them.
    const subscriptions = createSubscriptions({
      store,
      mailer: mailer(),
      secret: TEST_SIGNUP_SECRET,
      siteUrl: TEST_SITE_URL,
      signupRateLimit: 10,
    });
    const app = createApp({ contentDir: "unused", distDir: "unused", subscriptions, siteUrl: TEST_SITE_URL });
    const oneClick = await app.request(new URL(unsubscribe).pathname, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    expect(oneClick.status).toBe(200);
    smtp.received.length = 0;
    await runDigest(options({ date: "2026-12-03" }));
    expect([...copies().keys()]).toEqual(["second@example.com"]);
  });

  it("running the same edition again sends nothing more, and keeps the first content", async () => {
    for (let i = 0; i < 5; i += 1) await subscriber(`r${i}@example.com`);
    await runDigest(options());
    const again = await runDigest(
      options({ frontPage: async () => ({ ...FRONT_PAGE, headlines: FRONT_PAGE.headlines.slice(5) }) }),
    );
    expect(again).toMatchObject({ created: false, sentThisRun: 0, totals: { sent: 5 } });
    expect([...copies().values()]).toEqual([1, 1, 1, 1, 1]);

    // What the provider reported later shows with the edition's report.
    const complaint = {
      provider: "postmark",
      eventId: "1",
      kind: "complaint",
      email: "r1@example.com",
      occurredAt: new Date(),
    } as const;
    await store.recordMailEvents("daily-headlines", [complaint], new Date());
    const later = await runDigest(options());
    expect(later.reported).toEqual({ "hard-bounce": 0, "soft-bounce": 0, complaint: 1 });
    expect(describeReport(later)).toContain("0 hard bounces, 0 soft bounces, 1 complaints");
  });

  it("two runs started at the same moment, on two store instances, never send anyone two copies", async () => {
    for (let i = 0; i < 30; i += 1) await subscriber(`r${i}@example.com`);
    const other = await target.open();
    stores.push(other);
    const [a, b] = await Promise.all([runDigest(options()), runDigest(options({ store: other }))]);
    expect(a.sentThisRun + b.sentThisRun).toBe(30);
    expect(copies().size).toBe(30);
    expect([...copies().values()].every((count) => count === 1)).toBe(true);
    // Each report's totals were read when its own run ended, perhaps while the other was still sending.
    const edition = await recordedEdition(store, "2026-12-02");
    expect(await store.recipientCounts(edition.id)).toMatchObject({ sent: 30, pending: 0, sending: 0 });
  });

  it("a 5xx answer marks the address bounced, and it gets nothing more", async () => {
    await subscriber("reader@example.com");
    const bad = await subscriber("nobody@example.com");
    smtp.reject.add("nobody@example.com");
    const report = await runDigest(options());
    expect(report).toMatchObject({ sentThisRun: 1, bouncedThisRun: 1, totals: { sent: 1, failed: 1 } });
    expect((await store.subscriber(bad))?.status).toBe("bounced");
    smtp.reject.clear();
    smtp.received.length = 0;
    await runDigest(options({ date: "2026-12-03" }));
    expect([...copies().keys()]).toEqual(["reader@example.com"]);
  });

  it("a 4xx answer is retried with back-off and the message is sent once", async () => {
    await smtp.close();
    let refused = 0;
    smtp = await startSmtpServer({
      onMessage() {
        if (refused < 2) {
          refused += 1;
          throw Object.assign(new Error("Try again later"), { responseCode: 451 });
        }
      },
    });
    await subscriber("reader@example.com");
    const report = await runDigest(options());
    expect(refused).toBe(2);
    expect(report).toMatchObject({ sentThisRun: 1, deferredThisRun: 0 });
    expect([...copies()]).toEqual([["reader@example.com", 1]]);
  });

  it("a connection that ends after the server took the whole message leaves it uncertain: not re-sent without --resend-uncertain", async () => {
    await smtp.close();
    let dropping = true;
    smtp = await startSmtpServer({ dropAfterData: (to) => dropping && to.includes("lost@example.com") });
    for (let i = 0; i < 4; i += 1) await subscriber(`r${i}@example.com`);
    const lost = await subscriber("lost@example.com");

    const first = await runDigest(options());
    expect(first).toMatchObject({
      sentThisRun: 4,
      deferredThisRun: 0,
      uncertainThisRun: 1,
      uncertain: [lost],
      totals: { sent: 4, sending: 1, pending: 0 },
    });
    // Not retried: the server got the message once, and the reader may well have it.
    expect(smtp.dropped.map((mail) => mail.to)).toEqual([["lost@example.com"]]);
    expect(copies().has("lost@example.com")).toBe(false);
    expect(describeReport(first)).toContain("1 uncertain (no answer after the data)");
    expect(describeReport(first)).toContain(`--resend-uncertain. Subscriber ids: ${lost}.`);

    const rerun = await runDigest(options());
    expect(rerun).toMatchObject({ sentThisRun: 0, uncertainThisRun: 0, uncertain: [lost] });
    expect(smtp.dropped).toHaveLength(1);
    expect(copies().has("lost@example.com")).toBe(false);

    dropping = false;
    const resent = await runDigest(options({ resendUncertain: true }));
    expect(resent).toMatchObject({ resetUncertain: 1, sentThisRun: 1, uncertain: [], totals: { sent: 5, sending: 0 } });
    expect([...copies().values()]).toEqual([1, 1, 1, 1, 1]);
    expect(smtp.dropped).toHaveLength(1);
  });

  it("a connection that ends before the data is retried, and the message is sent once", async () => {
    await smtp.close();
    let drops = 0;
    smtp = await startSmtpServer({
      dropAtRcpt(address) {
        if (address !== "reader@example.com" || drops >= 2) return false;
        drops += 1;
        return true;
      },
    });
    await subscriber("reader@example.com");
    await subscriber("second@example.com");
    const report = await runDigest(options());
    expect(drops).toBe(2);
    expect(report).toMatchObject({ sentThisRun: 2, deferredThisRun: 0, uncertainThisRun: 0, uncertain: [] });
    expect([...copies()].sort()).toEqual([
      ["reader@example.com", 1],
      ["second@example.com", 1],
    ]);
  });

  it("a server that keeps dropping connections after the data stops the run, leaving the rest pending", async () => {
    await smtp.close();
    smtp = await startSmtpServer({ dropAfterData: () => true });
    for (let i = 0; i < 20; i += 1) await subscriber(`r${i}@example.com`);
    const report = await runDigest(options());
    // Two connections: it stops at the second uncertain message, and the one still in flight then may be a third.
    expect(report).toMatchObject({ stopped: "mail server dropping connections", sentThisRun: 0 });
    const uncertain = report.uncertainThisRun;
    expect(uncertain).toBeGreaterThanOrEqual(2);
    expect(uncertain).toBeLessThanOrEqual(3);
    expect(report.uncertain).toHaveLength(uncertain);
    expect(report.totals).toMatchObject({ sending: uncertain, pending: 20 - uncertain });
    expect(smtp.dropped).toHaveLength(uncertain);
  });

  it("with the mail server down every subscriber stays pending, and the next run sends each once", async () => {
    for (let i = 0; i < 20; i += 1) await subscriber(`r${i}@example.com`);
    const down = await runDigest(options({ mailer: mailer("smtp://127.0.0.1:1") }));
    // Six refusals in a row (three per connection), then the run gives up instead of trying every address.
    expect(down).toMatchObject({ sentThisRun: 0, stopped: "mail server unavailable" });
    expect(down.deferredThisRun).toBeGreaterThanOrEqual(6);
    expect(down.deferredThisRun).toBeLessThan(20);
    expect(down.totals).toMatchObject({ pending: 20, sending: 0 });
    const up = await runDigest(options());
    expect(up).toMatchObject({ sentThisRun: 20, totals: { sent: 20, pending: 0 } });
    expect(copies().size).toBe(20);
    expect([...copies().values()].every((count) => count === 1)).toBe(true);
  });

  it("a server that refuses mid-batch leaves the refused ones pending, not lost and not doubled", async () => {
    for (let i = 0; i < 8; i += 1) await subscriber(`r${i}@example.com`);
    await smtp.close();
    smtp = await startSmtpServer({
      onMessage(to) {
        if (to.some((address) => /r[57]@/.test(address))) {
          throw Object.assign(new Error("Mailbox busy"), { responseCode: 450 });
        }
      },
    });
    const first = await runDigest(options());
    expect(first).toMatchObject({ sentThisRun: 6, deferredThisRun: 2, totals: { sent: 6, pending: 2 } });
    // The pooled connections stay open until their mailer closes, and the server waits for them.
    for (const created of mailers.splice(0)) created.close();
    await smtp.close();
    const received = smtp.received;
    smtp = await startSmtpServer();
    const second = await runDigest(options());
    expect(second).toMatchObject({ sentThisRun: 2, totals: { sent: 8, pending: 0 } });
    expect([...received, ...smtp.received].map((mail) => mail.to[0]).sort()).toEqual(
      Array.from({ length: 8 }, (_, i) => `r${i}@example.com`),
    );
  });
});
