import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../app.ts";
import type { Store } from "../store/index.ts";
import { STORE_TARGETS } from "../testing/stores.ts";
import type { StoreTarget } from "../testing/stores.ts";
import { createTestSite, startServer, TEST_SIGNUP_SECRET, TEST_SITE_URL } from "../testing/site.ts";
import type { TestSite } from "../testing/site.ts";
import type { Mailer } from "./mailer.ts";
import { createSubscriptions } from "./subscriptions.ts";
import { linksIn, startSmtpServer, testMailer } from "../testing/mail.ts";
import type { TestSmtpServer } from "../testing/mail.ts";

describe.each(STORE_TARGETS)("two app instances on one %s database", (_, makeTarget) => {
  let site: TestSite;
  let target: StoreTarget;
  let smtp: TestSmtpServer;
  const closers: (() => Promise<void> | void)[] = [];

  beforeEach(async () => {
    site = createTestSite();
    target = await makeTarget();
    smtp = await startSmtpServer();
  });
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
    await smtp.close();
    await target.remove();
    await site.remove();
  });

  /** One instance as main.ts starts it: its own store connection and mail pool, real HTTP. */
  async function instance(signupRateLimit = 10_000) {
    const store: Store = await target.open();
    const mailer: Mailer = testMailer(smtp.url, { outboxDir: site.outboxDir });
    const subscriptions = createSubscriptions({
      store,
      mailer,
      secret: TEST_SIGNUP_SECRET,
      siteUrl: TEST_SITE_URL,
      signupRateLimit,
    });
    const server = await startServer(
      createApp({ contentDir: site.contentDir, distDir: site.distDir, subscriptions, siteUrl: TEST_SITE_URL }),
    );
    const stop = async () => {
      await server.close();
      mailer.close();
      await store.close();
    };
    closers.push(stop);
    return { url: server.url, store, stop };
  }

  const signUp = (url: string, email: string) =>
    fetch(`${url}/api/subscriptions`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email, list: "daily-headlines" }),
    });

  it("200 concurrent signups over both, a third duplicates in case and space: one row and one email per address, no 5xx", async () => {
    const [a, b] = [await instance(), await instance()];
    const unique = Array.from({ length: 134 }, (_, index) => `reader${index}@example.com`);
    const duplicates = unique.slice(0, 66).map((email, index) => (index % 2 ? email.toUpperCase() : `  ${email} `));
    const emails = [...unique, ...duplicates];
    const responses = await Promise.all(emails.map((email, index) => signUp(index % 2 ? a.url : b.url, email)));
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status >= 500)).toEqual([]);
    expect(statuses.every((status) => status === 202)).toBe(true);

    const rows = await a.store.subscribers();
    expect(rows).toHaveLength(134);
    expect(new Set(rows.map((row) => row.emailNormalized))).toEqual(new Set(unique));
    expect(smtp.received).toHaveLength(134);
    expect(new Set(smtp.received.map((mail) => mail.to[0]?.toLowerCase())).size).toBe(134);
  });

  it("a restart of either loses nothing, and a link sent by one works on the other", async () => {
    const a = await instance();
    const b = await instance();
    expect((await signUp(a.url, "kept@example.com")).status).toBe(202);
    await a.stop();
    closers.splice(closers.indexOf(a.stop), 1);
    const link = linksIn(smtp.received[0]?.parsed.text ?? "").find((found) => found.includes("/confirm/")) ?? "";
    const confirmed = await fetch(`${b.url}${new URL(link).pathname}`, { method: "POST" });
    expect(confirmed.status).toBe(200);

    const restarted = await instance();
    expect((await signUp(restarted.url, "KEPT@example.com")).status).toBe(200);
    expect((await restarted.store.subscribers()).map((row) => [row.email, row.status])).toEqual([
      ["kept@example.com", "confirmed"],
    ]);
  });

  it("share one signup rate limit per client", async () => {
    const [a, b] = [await instance(3), await instance(3)];
    const answers = [];
    for (let i = 0; i < 4; i += 1) answers.push((await signUp(i % 2 ? a.url : b.url, `r${i}@example.com`)).status);
    expect(answers).toEqual([202, 202, 202, 429]);
  });
});
