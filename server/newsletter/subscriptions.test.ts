import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { DailySchedule } from "../../contract/dailyEmail.ts";
import { createApp } from "../app.ts";
import { createTestSite, TEST_SIGNUP_SECRET, TEST_SITE_URL } from "../testing/site.ts";
import type { TestSite } from "../testing/site.ts";
import type { Mailer } from "./mailer.ts";
import { createSubscriptions } from "./subscriptions.ts";
import type { Subscriptions } from "./subscriptions.ts";
import { hrefsIn, linksIn, startSmtpServer, testMailer } from "../testing/mail.ts";
import type { TestSmtpServer } from "../testing/mail.ts";
import { unsubscribeToken } from "./tokens.ts";
import { log } from "../http/log.ts";

const T0 = Date.parse("2026-12-01T08:00:00Z");
const MINUTE = 60_000;

let site: TestSite;
let smtp: TestSmtpServer;
let mailer: Mailer;
let time: number;
let subscriptions: Subscriptions;

beforeEach(async () => {
  site = createTestSite();
  site.write("dist/index.html", '<!doctype html><link rel="stylesheet" crossorigin href="/assets/index-abc123.css">');
  time = T0;
  sendingTo(await startSmtpServer());
});

/** The signup flow, sending its email through `server`. */
function sendingTo(server: TestSmtpServer): void {
  smtp = server;
  mailer = testMailer(smtp.url, { outboxDir: site.outboxDir });
  subscriptions = signupFlow();
}

/** The signup flow on the test site, sending with `mailer`, keeping `schedule` if given. */
function signupFlow(schedule?: DailySchedule): Subscriptions {
  return createSubscriptions({
    store: site.store,
    mailer,
    secret: TEST_SIGNUP_SECRET,
    siteUrl: TEST_SITE_URL,
    signupRateLimit: 100,
    now: () => time,
    schedule,
  });
}
afterEach(async () => {
  mailer.close();
  await smtp.close();
  await site.remove();
});

function app() {
  return createApp({ contentDir: site.contentDir, distDir: site.distDir, subscriptions, siteUrl: TEST_SITE_URL });
}

/** A request as a browser or mail client makes it: to the path of a link in an email. */
function follow(link: string, init?: RequestInit) {
  const url = new URL(link);
  expect(url.origin).toBe(TEST_SITE_URL);
  return app().request(url.pathname, init);
}

const postForm = (body: string): RequestInit => ({
  method: "POST",
  headers: { "Content-Type": "application/x-www-form-urlencoded" },
  body,
});

async function signUp(email: string) {
  return app().request("/api/subscriptions", {
    method: "POST",
    headers: { "Content-Type": "application/json", Referer: "http://localhost:4173/articles/harbour" },
    body: JSON.stringify({ email, list: "daily-headlines" }),
  });
}

const statuses = async () => (await site.store.subscribers()).map((row) => row.status);

function confirmLink(index = 0): string {
  const text = smtp.received[index]?.parsed.text ?? "";
  const link = linksIn(text).find((candidate) => candidate.includes("/subscriptions/confirm/"));
  if (!link) throw new Error("No confirmation link in the email.");
  return link;
}

/** The page's forms and buttons, as a reader without JavaScript would use them. */
function formsOf(html: string) {
  return [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)].map(([, attributes = "", inner = ""]) => ({
    method: /method="([^"]+)"/.exec(attributes)?.[1],
    action: /action="([^"]+)"/.exec(attributes)?.[1],
    buttons: [...inner.matchAll(/<button\b[^>]*>([^<]*)<\/button>/g)].map(([, label]) => label),
  }));
}

describe("double opt-in over real SMTP", () => {
  it("sends one confirmation email with the list, one link, its validity and what happens if ignored", async () => {
    const response = await signUp("Reader@Example.com");
    expect(response.status).toBe(202);
    expect(smtp.received).toHaveLength(1);
    const [mail] = smtp.received;
    // nodemailer lowercases the domain in the envelope; the header keeps the address as typed.
    expect(mail?.to).toEqual(["Reader@example.com"]);
    expect(JSON.stringify(mail?.parsed.headers.get("to"))).toContain("Reader@example.com");
    expect(mail?.parsed.from?.value).toEqual([{ name: "Dispatch", address: "headlines@example.com" }]);
    expect(mail?.parsed.subject).toBe("Confirm your Daily Headlines subscription");
    expect(mail?.parsed.messageId).toMatch(/^<.+@localhost>$/);
    const text = mail?.parsed.text ?? "";
    expect(text).toContain("48 hours");
    expect(text).toMatch(/ignore this email/);
    const link = confirmLink();
    expect(link).toMatch(/^http:\/\/localhost:4173\/subscriptions\/confirm\/[A-Za-z0-9_-]{43}$/);
    expect(hrefsIn(String(mail?.parsed.html))).toEqual([link]);
    expect((await site.store.subscribers())[0]).toMatchObject({ status: "pending", sourcePage: "/articles/harbour" });
  });

  it("GET on the link shows one Confirm button and changes nothing; its POST confirms; a second POST says used", async () => {
    await signUp("reader@example.com");
    const link = confirmLink();

    for (let i = 0; i < 3; i += 1) {
      const page = await follow(link);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(formsOf(html)).toEqual([{ method: "post", action: new URL(link).pathname, buttons: ["Confirm"] }]);
    }
    expect(await statuses()).toEqual(["pending"]);

    const confirmed = await follow(link, { method: "POST" });
    expect(confirmed.status).toBe(200);
    const html = await confirmed.text();
    expect(html).toContain("You&#39;re subscribed");
    expect(html).toContain('href="/"');
    expect(await statuses()).toEqual(["confirmed"]);
    expect((await site.store.subscribers())[0]?.consentGivenAt).toBe(new Date(T0).toISOString());

    const reused = await follow(link, { method: "POST" });
    expect(reused.status).toBe(410);
    expect(await reused.text()).toContain("already been used");
    expect((await signUp("READER@example.com ")).status).toBe(200);
    expect(smtp.received).toHaveLength(1);
  });

  it("a pending address gets at most one new email per 10 minutes, and the answer is the same either way", async () => {
    await signUp("reader@example.com");
    time += 9 * MINUTE;
    const early = await signUp("reader@example.com");
    expect(early.status).toBe(202);
    expect(await early.json()).toEqual({ status: "confirmation-sent" });
    expect(smtp.received).toHaveLength(1);
    time += 2 * MINUTE;
    expect((await signUp("reader@example.com")).status).toBe(202);
    expect(smtp.received).toHaveLength(2);
    expect(confirmLink(1)).not.toBe(confirmLink(0));
  });

  it.each([
    ["forged", () => `${TEST_SITE_URL}/subscriptions/confirm/${"A".repeat(43)}`, 404, "not valid"],
    ["truncated", () => confirmLink().slice(0, -5), 404, "not valid"],
    ["overlong", () => `${confirmLink()}x`, 404, "not valid"],
  ])("a %s confirmation link gets a clear page and changes nothing", async (_, link, status, message) => {
    await signUp("reader@example.com");
    for (const init of [undefined, { method: "POST" }]) {
      const page = await follow(link(), init);
      expect(page.status).toBe(status);
      expect(await page.text()).toContain(message);
    }
    expect(await statuses()).toEqual(["pending"]);
  });

  it("an expired confirmation link gets a clear page and changes nothing", async () => {
    await signUp("reader@example.com");
    time += 48 * 60 * MINUTE + 1;
    for (const init of [undefined, { method: "POST" }]) {
      const page = await follow(confirmLink(), init);
      expect(page.status).toBe(410);
      expect(await page.text()).toContain("expired");
    }
    expect(await statuses()).toEqual(["pending"]);
  });

  it("503 when the mail server refuses the confirmation, logged without the address; the reader may try again at once", async () => {
    smtp.reject.add("reader@example.com");
    const logged = vi.spyOn(log, "error").mockImplementation(() => {});
    expect((await signUp("reader@example.com")).status).toBe(503);
    expect(logged).toHaveBeenCalledOnce();
    expect(String(logged.mock.calls[0]?.[0])).not.toContain("reader@example.com");
    logged.mockRestore();
    await smtp.close();
    expect(await statuses()).toEqual(["pending"]);
    mailer.close();
    sendingTo(await startSmtpServer());
    expect((await signUp("reader@example.com")).status).toBe(202);
    expect(smtp.received).toHaveLength(1);
  });
});

describe("unsubscribe links", () => {
  async function confirmedSubscriber() {
    await signUp("reader@example.com");
    await follow(confirmLink(), { method: "POST" });
    const [row] = await site.store.subscribers();
    if (!row) throw new Error("no subscriber");
    return row.id;
  }

  it("GET shows one Unsubscribe button and changes nothing; a one-click POST without cookie unsubscribes with 200", async () => {
    const id = await confirmedSubscriber();
    const link = subscriptions.unsubscribeUrl(id);
    const page = await follow(link);
    expect(page.status).toBe(200);
    expect(formsOf(await page.text())).toEqual([
      { method: "post", action: new URL(link).pathname, buttons: ["Unsubscribe"] },
    ]);
    expect(await statuses()).toEqual(["confirmed"]);

    const done = await follow(link, postForm("List-Unsubscribe=One-Click"));
    expect(done.status).toBe(200);
    expect(done.headers.get("Location")).toBeNull();
    expect(await done.text()).toContain("You&#39;re unsubscribed");
    expect(await statuses()).toEqual(["unsubscribed"]);

    expect((await follow(link, postForm("List-Unsubscribe=One-Click"))).status).toBe(200);
    expect((await signUp("reader@example.com")).status).toBe(202);
    expect(smtp.received).toHaveLength(2);
    expect(await statuses()).toEqual(["pending"]);
  });

  it.each([
    ["a forged signature", (id: number) => unsubscribeToken("another-secret", id)],
    [
      "another subscriber's signature",
      (id: number) => `${id + 1}.${unsubscribeToken(TEST_SIGNUP_SECRET, id).split(".")[1]}`,
    ],
    ["a truncated token", (id: number) => unsubscribeToken(TEST_SIGNUP_SECRET, id).slice(0, -3)],
    ["no signature", (id: number) => `${id}`],
  ])("%s gets a clear page and changes nothing", async (_, token) => {
    const id = await confirmedSubscriber();
    for (const init of [undefined, postForm("List-Unsubscribe=One-Click")]) {
      const page = await app().request(`/subscriptions/unsubscribe/${token(id)}`, init);
      expect(page.status).toBe(404);
      expect(await page.text()).toContain("unsubscribe link cannot be used");
    }
    expect(await statuses()).toEqual(["confirmed"]);
  });
});

describe("the plain HTML signup page", () => {
  it("has a real form that works without JavaScript", async () => {
    const page = await app().request("/subscribe");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(formsOf(html)).toEqual([{ method: "post", action: "/subscribe", buttons: ["Sign up"] }]);
    expect(html).toMatch(/<label for="signup-email">Email address<\/label>/);
    expect(html).toMatch(/<input id="signup-email" name="email" type="email"/);
    expect(html).toContain('<input type="hidden" name="list" value="daily-headlines">');
  });

  it("a form POST goes through the same flow: check your inbox, and the confirmation email", async () => {
    const page = await app().request("/subscribe", postForm("email=Form%40Example.com&list=daily-headlines"));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Check your inbox");
    expect(smtp.received[0]?.to).toEqual(["Form@example.com"]);
    expect(await statuses()).toEqual(["pending"]);
  });

  it("a bad address answers with the error and the form again, keeping what was typed, storing nothing", async () => {
    const page = await app().request("/subscribe", postForm("email=not-an-address&list=daily-headlines"));
    expect(page.status).toBe(400);
    const html = await page.text();
    expect(html).toContain('role="alert"');
    expect(html).toContain("Enter a valid email address.");
    expect(html).toContain('value="not-an-address"');
    expect(formsOf(html)).toHaveLength(1);
    expect(await statuses()).toEqual([]);
  });

  it("escapes what was typed", async () => {
    const page = await app().request(
      "/subscribe",
      postForm(`email=${encodeURIComponent('"><script>x</script>')}&list=daily-headlines`),
    );
    expect(await page.text()).not.toContain("<script>");
  });

  it("is rate limited with the API, and refuses huge bodies", async () => {
    subscriptions = createSubscriptions({
      store: site.store,
      mailer,
      secret: TEST_SIGNUP_SECRET,
      siteUrl: TEST_SITE_URL,
      signupRateLimit: 1,
      now: () => time,
    });
    expect((await app().request("/subscribe", postForm(`email=${"a".repeat(5000)}`))).status).toBe(413);
    const limited = await app().request("/subscribe", postForm("email=a%40example.com&list=daily-headlines"));
    expect(limited.status).toBe(429);
    expect(limited.headers.get("Retry-After")).toBe("60");
  });

  it("every page uses the built stylesheet, no inline script or style, a strict CSP, and no caching", async () => {
    await signUp("reader@example.com");
    const pages = ["/subscribe", new URL(confirmLink()).pathname, "/subscriptions/unsubscribe/1.x"];
    for (const path of pages) {
      const response = await app().request(path);
      const html = await response.text();
      expect(html).toContain('<link rel="stylesheet" href="/assets/index-abc123.css">');
      expect(html).toContain('<html lang="en">');
      expect(html).toMatch(/<main id="main"/);
      expect(html).not.toMatch(/<script|<style|\sstyle=/);
      const csp = response.headers.get("Content-Security-Policy") ?? "";
      expect(csp).toContain("style-src 'self'");
      expect(csp).not.toContain("unsafe-inline");
      expect(response.headers.get("Cache-Control")).toBe("no-store");
    }
  });
});

describe("what the pages and emails promise, from the schedule the server keeps", () => {
  async function journey(schedule: DailySchedule | undefined) {
    subscriptions = signupFlow(schedule);
    const info = await app().request("/api/subscriptions/daily-headlines");
    const form = await (await app().request("/subscribe")).text();
    await signUp("reader@example.com");
    const confirm = await (await follow(confirmLink())).text();
    const confirmed = await (await follow(confirmLink(), { method: "POST" })).text();
    const already = await (
      await app().request("/subscribe", postForm("email=reader%40example.com&list=daily-headlines"))
    ).text();
    const email = smtp.received[0]?.parsed;
    return {
      info: await info.json(),
      texts: [form, confirm, confirmed, already, email?.text ?? "", String(email?.html)],
    };
  }

  it("with DIGEST_AT, each says the email comes each morning, and the API tells the dialog when", async () => {
    const { info, texts } = await journey({ time: "07:00", timeZone: "Europe/London" });
    expect(info).toEqual({ list: "daily-headlines", schedule: { time: "07:00", timeZone: "Europe/London" } });
    const [form, confirm, confirmed, already, text, html] = texts;
    expect(form).toContain("One email each morning with the day&#39;s top headlines.");
    expect(confirm).toContain("one email each morning");
    expect(confirmed).toContain("Daily Headlines arrives each morning");
    expect(already).toContain("Daily Headlines arrives each morning");
    expect(text).toContain("One email each morning with the day's top headlines.");
    expect(html).toContain("One email each morning with the day&#x27;s top headlines.");
  });

  it("with DIGEST_AT=off, none of them promises a time", async () => {
    const { info, texts } = await journey(undefined);
    expect(info).toEqual({ list: "daily-headlines", schedule: null });
    for (const text of texts) expect(text).not.toMatch(/morning|each day|tomorrow/);
    expect(texts[0]).toContain("The day&#39;s top headlines by email.");
    expect(texts[2]).toContain("You're on the list for Daily Headlines");
  });

  it("an evening schedule is not called a morning", async () => {
    const { texts } = await journey({ time: "18:30", timeZone: "UTC" });
    for (const text of texts) expect(text).not.toContain("morning");
    expect(texts[2]).toContain("Daily Headlines arrives each evening");
  });
});
