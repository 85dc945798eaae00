import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Hono } from "hono";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../../app.ts";
import { createLogger } from "../../http/log.ts";
import { createResponseCache } from "../../http/responseCache.ts";
import type { ResponseCache } from "../../http/responseCache.ts";
import type { Store } from "../../store/index.ts";
import {
  sendGridHeaders,
  sendGridKeys,
  signedSnsMessage,
  snsCertificate,
  startSnsEndpoint,
} from "../../testing/mailProviders.ts";
import type { SnsFields } from "../../testing/mailProviders.ts";
import { createTestSite, TEST_SITE_URL } from "../../testing/site.ts";
import type { TestSite } from "../../testing/site.ts";
import { recordedEdition, signUpSubscriber, STORE_TARGETS } from "../../testing/stores.ts";
import type { StoreTarget } from "../../testing/stores.ts";
import { readMailConfig } from "../config.ts";
import { createMailHooks, MAX_HOOK_BYTES } from "./hooks.ts";

const POSTMARK_SECRET = "a-long-random-postmark-password";
const TOPIC = "arn:aws:sns:eu-west-1:123456789012:dispatch-bounces";
const READERS = ["reader", "gone", "full", "dropped", "annoyed", "happy"].map((name) => `${name}@example.com`);

const fixture = (name: string) => readFileSync(join(import.meta.dirname, "fixtures", name), "utf8");
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

const sendGrid = sendGridKeys();
const forger = sendGridKeys();
const sns = snsCertificate();
const snsForger = snsCertificate();
let snsEndpoint: Awaited<ReturnType<typeof startSnsEndpoint>>;

beforeAll(async () => {
  snsEndpoint = await startSnsEndpoint(sns.pem);
});
afterAll(() => snsEndpoint.close());

describe.each(STORE_TARGETS)("mail webhooks on %s", (_, makeTarget) => {
  let target: StoreTarget;
  let store: Store;
  let site: TestSite;
  let cache: ResponseCache;
  let logged: string[];
  const ids = new Map<string, number>();
  let editionId = 0;

  /** The app as main.ts builds it, with the webhooks' settings read from `env` as at start. */
  function app(env: Record<string, string> = {}): Hono {
    const settings = readMailConfig(env).webhooks;
    const logger = createLogger("info", { write: (line: string) => logged.push(line) });
    return createApp({
      contentDir: site.contentDir,
      distDir: site.distDir,
      subscriptions: site.subscriptions({ store }),
      siteUrl: TEST_SITE_URL,
      responseCache: cache,
      logger,
      mailHooks: createMailHooks({ store, settings, logger }),
    });
  }

  const everything = {
    MAIL_WEBHOOK_POSTMARK_SECRET: POSTMARK_SECRET,
    MAIL_WEBHOOK_SENDGRID_KEY: sendGrid.verificationKey,
    MAIL_WEBHOOK_SES_TOPIC_ARN: TOPIC,
  };

  const post = (to: Hono, provider: string, body: string, headers: Record<string, string> = {}) =>
    to.request(`${TEST_SITE_URL}/hooks/mail/${provider}`, { method: "POST", headers, body });

  const status = async (email: string) => (await store.subscriber(ids.get(email) ?? 0))?.status;
  const messageIdOf = (email: string) => `<edition-1.${ids.get(email)}@news.example>`;

  beforeEach(async () => {
    logged = [];
    site = createTestSite();
    target = await makeTarget();
    store = await target.open();
    cache = createResponseCache({ siteUrl: TEST_SITE_URL, logger: createLogger("silent") });
    const now = new Date();
    for (const email of READERS) ids.set(email, await signUpSubscriber(store, email, { now }));
    // One edition sent to everyone, each message with its own Message-ID.
    const edition = await recordedEdition(store, "2026-12-02");
    editionId = edition.id;
    const claimed = await store.claimRecipients(edition.id, "run", 100, now);
    await store.recordProgress({ run: "run", answers: [], handOver: claimed.map((r) => r.id) }, now);
    const answers = claimed.map((r) => ({
      outcome: "sent" as const,
      recipientId: r.id,
      messageId: messageIdOf(r.email),
    }));
    await store.recordProgress({ run: "run", answers, handOver: [] }, now);
  });
  afterEach(async () => {
    await store.close();
    await target.remove();
    await site.remove();
    // Whatever came in, no address reached the log, and no answer was kept by the response cache.
    expect(logged.join("\n")).not.toMatch(/@example\.com/);
    expect(cache.size()).toBe(0);
  });

  it("each webhook is off until its setting is given: 404, and nothing read", async () => {
    const off = app();
    for (const provider of ["postmark", "sendgrid", "ses", "mailgun"]) {
      const response = await post(off, provider, "[]");
      expect(response.status, provider).toBe(404);
    }
    expect((await post(app(everything), "mailgun", "[]")).status).toBe(404);
    expect((await app(everything).request(`${TEST_SITE_URL}/hooks/mail/postmark`)).status).toBe(404);
  });

  describe("Postmark", () => {
    it("without credentials 401, with a wrong password 403, and nothing changes", async () => {
      const hooks = app(everything);
      const body = fixture("postmark-bounce.json").replace("READER@example.com", "reader@example.com");
      const unsigned = await post(hooks, "postmark", body, { "Content-Type": "application/json" });
      expect(unsigned.status).toBe(401);
      expect(unsigned.headers.get("WWW-Authenticate")).toContain("Basic");
      const forged = await post(hooks, "postmark", body, { Authorization: basic("postmark", "guessed-password-1234") });
      expect(forged.status).toBe(403);
      expect(forged.headers.get("Cache-Control")).toBe("no-store");
      expect(await status("reader@example.com")).toBe("confirmed");
      expect(logged.some((line) => line.includes("wrong basic-auth password"))).toBe(true);
    });

    it("a HardBounce marks the address bounced, counted against its edition; the same record again changes nothing", async () => {
      const hooks = app(everything);
      const headers = { "Content-Type": "application/json", Authorization: basic("postmark", POSTMARK_SECRET) };
      const response = await post(hooks, "postmark", fixture("postmark-bounce.json"), headers);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ recorded: 1, ignored: 0 });
      expect(await status("reader@example.com")).toBe("bounced");
      const again = await post(hooks, "postmark", fixture("postmark-bounce.json"), headers);
      expect(await again.json()).toEqual({ recorded: 0, ignored: 1 });
      expect(await store.mailEventCounts(editionId)).toEqual({ "hard-bounce": 1, "soft-bounce": 0, complaint: 0 });
    });

    it("a SpamComplaint unsubscribes; a Transient bounce is soft; an auto-reply and an unknown address change nothing", async () => {
      const hooks = app(everything);
      const headers = { Authorization: basic("any-user", POSTMARK_SECRET) };
      const complaint = fixture("postmark-spam-complaint.json");
      expect(await (await post(hooks, "postmark", complaint, headers)).json()).toEqual({ recorded: 1, ignored: 0 });
      expect(await status("reader@example.com")).toBe("unsubscribed");

      const bounce = JSON.parse(fixture("postmark-bounce.json"));
      const soft = { ...bounce, ID: 99, Type: "Transient", TypeCode: 2, Email: "full@example.com" };
      expect(await (await post(hooks, "postmark", JSON.stringify(soft), headers)).json()).toEqual({
        recorded: 1,
        ignored: 0,
      });
      expect(await status("full@example.com")).toBe("confirmed");
      const autoReply = { ...bounce, ID: 100, Type: "AutoResponder", TypeCode: 64, Email: "happy@example.com" };
      expect(await (await post(hooks, "postmark", JSON.stringify(autoReply), headers)).json()).toEqual({
        recorded: 0,
        ignored: 0,
      });
      const stranger = { ...bounce, ID: 101, Email: "stranger@example.com" };
      expect(await (await post(hooks, "postmark", JSON.stringify(stranger), headers)).json()).toEqual({
        recorded: 0,
        ignored: 1,
      });
      expect(await store.mailEventCounts(editionId)).toEqual({ "hard-bounce": 0, "soft-bounce": 1, complaint: 1 });
      expect((await post(hooks, "postmark", "{not json", headers)).status).toBe(400);
    });
  });

  describe("SendGrid", () => {
    /** The fixture's events, each about the reader it names and its edition's Message-ID. */
    function events(): string {
      const list: Record<string, unknown>[] = JSON.parse(fixture("sendgrid-events.json"));
      return JSON.stringify(list.map((event) => ({ ...event, "smtp-id": messageIdOf(String(event.email)) })));
    }

    /** Posts `body` to the SendGrid hook, signed now with SendGrid's key, as SendGrid sends it. */
    function postSigned(body: string) {
      return post(app(everything), "sendgrid", body, sendGridHeaders(body, sendGrid.privateKey, new Date()));
    }

    it("bounce, blocked, dropped and spamreport, each about its reader; delivered is left alone", async () => {
      const body = events();
      const response = await postSigned(body);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ recorded: 4, ignored: 0 });
      expect(await status("gone@example.com")).toBe("bounced");
      expect(await status("full@example.com")).toBe("confirmed");
      expect(await status("dropped@example.com")).toBe("bounced");
      expect(await status("annoyed@example.com")).toBe("unsubscribed");
      expect(await status("happy@example.com")).toBe("confirmed");
      expect(await store.mailEventCounts(editionId)).toEqual({ "hard-bounce": 2, "soft-bounce": 1, complaint: 1 });
      // The next edition goes to neither the bounced nor the complaining.
      const edition = await recordedEdition(store, "2026-12-03");
      const next = await store.claimRecipients(edition.id, "next", 100, new Date());
      expect(next.map((r) => r.email).sort()).toEqual(["full@example.com", "happy@example.com", "reader@example.com"]);
    });

    it("unsigned 401; signed by another key, altered after signing, or stale (a replay) 403; nothing changes", async () => {
      const hooks = app(everything);
      const body = events();
      const now = new Date();
      expect((await post(hooks, "sendgrid", body, { "Content-Type": "application/json" })).status).toBe(401);
      expect((await post(hooks, "sendgrid", body, sendGridHeaders(body, forger.privateKey, now))).status).toBe(403);
      const altered = body.replace("gone@example.com", "happy@example.com");
      expect((await post(hooks, "sendgrid", altered, sendGridHeaders(body, sendGrid.privateKey, now))).status).toBe(
        403,
      );
      const old = new Date(now.getTime() - 11 * 60_000);
      expect((await post(hooks, "sendgrid", body, sendGridHeaders(body, sendGrid.privateKey, old))).status).toBe(403);
      for (const email of READERS) expect(await status(email), email).toBe("confirmed");
      expect(await store.mailEventCounts(editionId)).toEqual({ "hard-bounce": 0, "soft-bounce": 0, complaint: 0 });
      expect(logged.filter((line) => line.includes("mail webhook refused"))).toHaveLength(4);
    });

    it("10,000 events in one post are processed at once; a post over the limit is refused with 413, unread", async () => {
      // Soft bounces about every reader's message, each its own event.
      const many = Array.from({ length: 10_000 }, (_, index) => {
        const email = READERS[index % READERS.length] ?? "";
        return {
          email,
          timestamp: Math.floor(Date.now() / 1000),
          "smtp-id": messageIdOf(email),
          event: "bounce",
          category: ["daily-headlines"],
          sg_event_id: `event-${index}-${randomBytes(8).toString("hex")}`,
          sg_message_id: `14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.${index}`,
          reason: "452 4.2.2 The email account that you tried to reach is over quota.",
          status: "4.2.2",
          type: "blocked",
        };
      });
      const body = JSON.stringify(many);
      expect(body.length).toBeLessThan(MAX_HOOK_BYTES);
      const response = await postSigned(body);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ recorded: 10_000, ignored: 0 });
      expect(await store.mailEventCounts(editionId)).toMatchObject({ "soft-bounce": 10_000 });
      // One edition's soft bounces are one in a row, however many reports say so.
      expect(await status("reader@example.com")).toBe("confirmed");

      const padding = "x".repeat(MAX_HOOK_BYTES);
      const huge = JSON.stringify([{ ...many[0], sg_event_id: "huge", reason: padding }]);
      const refused = await post(
        app(everything),
        "sendgrid",
        huge,
        sendGridHeaders(huge, sendGrid.privateKey, new Date()),
      );
      expect(refused.status).toBe(413);
      expect(await store.mailEventCounts(editionId)).toMatchObject({ "soft-bounce": 10_000 });
    });
  });

  describe("Amazon SES through SNS", () => {
    const sesEnv = () => ({ ...everything, MAIL_WEBHOOK_SES_TEST_CERT_ORIGIN: snsEndpoint.origin });

    function notification(content: string, overrides: Partial<SnsFields> = {}): SnsFields {
      return {
        Type: "Notification",
        MessageId: `22b80b92-fdea-4c2c-8f9d-${randomBytes(6).toString("hex")}`,
        TopicArn: TOPIC,
        Message: content,
        Timestamp: new Date().toISOString(),
        ...overrides,
      };
    }
    const bounce = (bounceType: string, email: string) => {
      const content = JSON.parse(fixture("ses-bounce.json"));
      content.bounce.bounceType = bounceType;
      content.bounce.bouncedRecipients[0].emailAddress = email;
      content.mail.commonHeaders.messageId = messageIdOf(email);
      return JSON.stringify(content);
    };
    const send = (hooks: Hono, message: Record<string, string>) =>
      post(hooks, "ses", JSON.stringify(message), {
        "Content-Type": "text/plain; charset=UTF-8",
        "x-amz-sns-message-type": message.Type ?? "",
      });

    it("a Permanent bounce is hard and a Transient one soft, signed with SignatureVersion 1 or 2; a complaint unsubscribes", async () => {
      const hooks = app(sesEnv());
      const visited = snsEndpoint.visits.length;
      const permanent = signedSnsMessage(
        notification(bounce("Permanent", "gone@example.com")),
        sns.privateKey,
        snsEndpoint.certUrl,
        "1",
      );
      expect(await (await send(hooks, permanent)).json()).toEqual({ recorded: 1, ignored: 0 });
      const transient = signedSnsMessage(
        notification(bounce("Transient", "full@example.com"), { Subject: "Amazon SES Email Event Notification" }),
        sns.privateKey,
        snsEndpoint.certUrl,
        "2",
      );
      expect(await (await send(hooks, transient)).json()).toEqual({ recorded: 1, ignored: 0 });
      const complaint = signedSnsMessage(
        notification(fixture("ses-complaint.json")),
        sns.privateKey,
        snsEndpoint.certUrl,
      );
      expect(await (await send(hooks, complaint)).json()).toEqual({ recorded: 1, ignored: 0 });
      expect(await status("gone@example.com")).toBe("bounced");
      expect(await status("full@example.com")).toBe("confirmed");
      expect(await status("reader@example.com")).toBe("unsubscribed");
      expect(await store.mailEventCounts(editionId)).toEqual({ "hard-bounce": 1, "soft-bounce": 1, complaint: 1 });
      // SNS delivers again when unsure it was heard: the same message counts once.
      expect(await (await send(hooks, permanent)).json()).toEqual({ recorded: 0, ignored: 1 });
      // The certificate is fetched once and kept.
      expect(snsEndpoint.visits.slice(visited)).toEqual(["/SimpleNotificationService-test.pem"]);
    });

    it("unsigned 401; another topic, a foreign certificate address, a forged or altered signature, or a stale message 403", async () => {
      const hooks = app(sesEnv());
      const fields = notification(bounce("Permanent", "gone@example.com"));
      const { Signature: _, ...unsigned } = signedSnsMessage(fields, sns.privateKey, snsEndpoint.certUrl);
      expect((await send(hooks, unsigned)).status).toBe(401);
      const otherTopic = signedSnsMessage(
        { ...fields, TopicArn: `${TOPIC}-other` },
        sns.privateKey,
        snsEndpoint.certUrl,
      );
      expect((await send(hooks, otherTopic)).status).toBe(403);
      const before = snsEndpoint.visits.length;
      const foreign = signedSnsMessage(
        fields,
        sns.privateKey,
        "https://sns.eu-west-1.amazonaws.com.evil.example/cert.pem",
      );
      expect((await send(hooks, foreign)).status).toBe(403);
      const plainHttp = signedSnsMessage(fields, sns.privateKey, "http://sns.eu-west-1.amazonaws.com/cert.pem");
      expect((await send(hooks, plainHttp)).status).toBe(403);
      expect(snsEndpoint.visits.length).toBe(before);
      const forged = signedSnsMessage(fields, snsForger.privateKey, snsEndpoint.certUrl);
      expect((await send(hooks, forged)).status).toBe(403);
      const altered = {
        ...signedSnsMessage(fields, sns.privateKey, snsEndpoint.certUrl),
        Message: bounce("Permanent", "happy@example.com"),
      };
      expect((await send(hooks, altered)).status).toBe(403);
      const stale = signedSnsMessage(
        { ...fields, Timestamp: new Date(Date.now() - 2 * 3_600_000).toISOString() },
        sns.privateKey,
        snsEndpoint.certUrl,
      );
      expect((await send(hooks, stale)).status).toBe(403);
      for (const email of READERS) expect(await status(email), email).toBe("confirmed");
    });

    it("confirms its subscription by visiting SNS's link, and no other", async () => {
      const hooks = app(sesEnv());
      const visited = snsEndpoint.visits.length;
      const confirmations = () =>
        snsEndpoint.visits.slice(visited).filter((path) => path.includes("ConfirmSubscription"));
      const confirmation = (subscribeUrl: string): SnsFields => ({
        Type: "SubscriptionConfirmation",
        MessageId: randomBytes(8).toString("hex"),
        TopicArn: TOPIC,
        Message: `You have chosen to subscribe to the topic ${TOPIC}.\nTo confirm the subscription, visit the SubscribeURL included in this message.`,
        Timestamp: new Date().toISOString(),
        Token: "2336412f37fb687f5d51e6e2425f004aed",
        SubscribeURL: subscribeUrl,
      });
      const good = signedSnsMessage(
        confirmation(snsEndpoint.subscribeUrl("2336412f37fb687f5d51e6e2425f004aed")),
        sns.privateKey,
        snsEndpoint.certUrl,
      );
      expect((await send(hooks, good)).status).toBe(200);
      expect(confirmations()).toHaveLength(1);
      const elsewhere = signedSnsMessage(
        confirmation("https://attacker.example/?Action=ConfirmSubscription"),
        sns.privateKey,
        snsEndpoint.certUrl,
      );
      expect((await send(hooks, elsewhere)).status).toBe(403);
      expect(confirmations()).toHaveLength(1);
      // SNS's link failing now is SNS's to retry.
      const failing = signedSnsMessage(
        confirmation(`${snsEndpoint.origin}/gone?Action=ConfirmSubscription`),
        sns.privateKey,
        snsEndpoint.certUrl,
      );
      expect((await send(hooks, failing)).status).toBe(503);
      expect(logged.some((line) => line.includes("SNS answered 404"))).toBe(true);
    });

    it("without the test origin setting, a certificate on the loopback interface is not believed", async () => {
      const hooks = app(everything);
      const message = signedSnsMessage(
        notification(bounce("Permanent", "gone@example.com")),
        sns.privateKey,
        snsEndpoint.certUrl,
      );
      expect((await send(hooks, message)).status).toBe(403);
      expect(await status("gone@example.com")).toBe("confirmed");
    });
  });
});

describe("the webhooks' settings", () => {
  it.each([
    [{ MAIL_WEBHOOK_POSTMARK_SECRET: "short" }, "MAIL_WEBHOOK_POSTMARK_SECRET"],
    [{ MAIL_WEBHOOK_SENDGRID_KEY: "bm90IGEga2V5" }, "MAIL_WEBHOOK_SENDGRID_KEY"],
    [{ MAIL_WEBHOOK_SES_TOPIC_ARN: "my-topic" }, "MAIL_WEBHOOK_SES_TOPIC_ARN"],
    [
      { MAIL_WEBHOOK_SES_TOPIC_ARN: TOPIC, MAIL_WEBHOOK_SES_TEST_CERT_ORIGIN: "https://sns.example.com" },
      "for tests only",
    ],
    [{ MAIL_WEBHOOK_SES_TEST_CERT_ORIGIN: "http://127.0.0.1:9000" }, "MAIL_WEBHOOK_SES_TOPIC_ARN"],
  ])("refuses %o at start with a clear message", (env, message) => {
    expect(() => readMailConfig(env)).toThrow(message);
  });

  it("takes SendGrid's key as base64 DER or PEM, and refuses a key of another kind", () => {
    expect(readMailConfig({ MAIL_WEBHOOK_SENDGRID_KEY: sendGrid.verificationKey }).webhooks.sendgridKey).toBeDefined();
    const pem = `-----BEGIN PUBLIC KEY-----\n${sendGrid.verificationKey}\n-----END PUBLIC KEY-----\n`;
    expect(readMailConfig({ MAIL_WEBHOOK_SENDGRID_KEY: pem }).webhooks.sendgridKey).toBeDefined();
    const rsa = sns.privateKey.export({ format: "pem", type: "pkcs8" });
    expect(() => readMailConfig({ MAIL_WEBHOOK_SENDGRID_KEY: String(rsa) })).toThrow("MAIL_WEBHOOK_SENDGRID_KEY");
  });
});
