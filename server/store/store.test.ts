import { createHash, randomBytes } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Store } from "./store.ts";
import { STORE_TARGETS } from "../testing/stores.ts";
import type { StoreTarget } from "../testing/stores.ts";

const LIST = "daily-headlines";
const HOUR = 3_600_000;
const T0 = new Date("2026-12-01T08:00:00.000Z");
const at = (ms: number) => new Date(T0.getTime() + ms);

function token() {
  const raw = randomBytes(32).toString("base64url");
  return { raw, hash: createHash("sha256").update(raw).digest("hex") };
}

describe.each(STORE_TARGETS)("the %s store", (_, makeTarget) => {
  let target: StoreTarget;
  let store: Store;
  const opened: Store[] = [];

  async function open() {
    const instance = await target.open();
    opened.push(instance);
    return instance;
  }

  beforeEach(async () => {
    target = await makeTarget();
    store = await open();
  });
  afterEach(async () => {
    for (const instance of opened.splice(0)) await instance.close();
    await target.remove();
  });

  function signUp(email: string, tokenHash: string, now = T0, instance = store) {
    return instance.signUp({
      email,
      list: LIST,
      sourcePage: "/articles/harbour",
      now,
      tokenHash,
      tokenExpiresAt: new Date(now.getTime() + 48 * HOUR),
      resendIntervalMs: 10 * 60_000,
    });
  }

  it("stores a new address as pending, with when consent was asked and from which page", async () => {
    const outcome = await signUp("  Reader@Example.com ", token().hash);
    expect(outcome).toMatchObject({ status: "confirmation-sent", email: "Reader@Example.com", send: true });
    const [row] = await store.subscribers();
    expect(row).toMatchObject({
      email: "Reader@Example.com",
      emailNormalized: "reader@example.com",
      status: "pending",
      consentAskedAt: T0.toISOString(),
      consentGivenAt: null,
      sourcePage: "/articles/harbour",
    });
  });

  it("sends at most one confirmation per ten minutes to a pending address, any case", async () => {
    await signUp("reader@example.com", token().hash);
    expect(await signUp(" READER@example.com", token().hash, at(9 * 60_000))).toMatchObject({ send: false });
    expect(await signUp("reader@example.com", token().hash, at(11 * 60_000))).toMatchObject({ send: true });
    expect(await store.subscribers()).toHaveLength(1);
  });

  it("lets a confirmation go out again at once after the last one was released", async () => {
    const first = await signUp("reader@example.com", token().hash);
    if (first.status !== "confirmation-sent") throw new Error("expected a pending signup");
    await store.releaseConfirmation(first.subscriberId);
    expect(await signUp("reader@example.com", token().hash, at(1000))).toMatchObject({ send: true });
  });

  it("confirms with a valid token once; checking changes nothing; reuse and expiry are told apart", async () => {
    const { hash } = token();
    await signUp("reader@example.com", hash);
    expect(await store.checkConfirmation(hash, at(HOUR))).toBe("valid");
    expect(await store.checkConfirmation(hash, at(HOUR))).toBe("valid");
    expect((await store.subscribers())[0]?.status).toBe("pending");

    expect(await store.confirm(hash, at(HOUR))).toBe("valid");
    expect((await store.subscribers())[0]).toMatchObject({
      status: "confirmed",
      consentGivenAt: at(HOUR).toISOString(),
    });
    expect(await store.confirm(hash, at(HOUR))).toBe("used");
    expect(await store.confirm(token().hash, at(HOUR))).toBe("invalid");
    expect(await signUp("reader@example.com", token().hash, at(2 * HOUR))).toEqual({ status: "already-subscribed" });

    const late = token();
    await signUp("late@example.com", late.hash);
    expect(await store.confirm(late.hash, at(49 * HOUR))).toBe("expired");
    expect((await store.subscribers())[1]?.status).toBe("pending");
  });

  it("unsubscribes, and a new signup starts a new confirmation", async () => {
    const { hash } = token();
    const outcome = await signUp("reader@example.com", hash);
    if (outcome.status !== "confirmation-sent") throw new Error("expected a pending signup");
    await store.confirm(hash, T0);
    expect(await store.unsubscribe(outcome.subscriberId, at(HOUR))).toBe(true);
    expect(await store.unsubscribe(outcome.subscriberId, at(HOUR))).toBe(true);
    expect((await store.subscriber(outcome.subscriberId))?.status).toBe("unsubscribed");
    expect(await store.unsubscribe(999_999, T0)).toBe(false);

    const again = token();
    expect(await signUp("reader@example.com", again.hash, at(2 * HOUR))).toMatchObject({ send: true });
    expect((await store.subscriber(outcome.subscriberId))?.status).toBe("pending");
    expect(await store.confirm(again.hash, at(2 * HOUR))).toBe("valid");
  });

  it("a token issued before an unsubscribe no longer confirms", async () => {
    const first = token();
    const outcome = await signUp("reader@example.com", first.hash);
    if (outcome.status !== "confirmation-sent") throw new Error("expected a pending signup");
    await store.unsubscribe(outcome.subscriberId, T0);
    expect(await store.checkConfirmation(first.hash, T0)).toBe("invalid");
    expect(await store.confirm(first.hash, T0)).toBe("invalid");
    expect((await store.subscriber(outcome.subscriberId))?.status).toBe("unsubscribed");
  });

  it("purges pending addresses asked more than 30 days ago, and keeps the rest", async () => {
    await signUp("old@example.com", token().hash);
    const kept = token();
    await signUp("confirmed@example.com", kept.hash);
    await store.confirm(kept.hash, T0);
    await signUp("recent@example.com", token().hash, at(20 * 24 * HOUR));
    const now = at(31 * 24 * HOUR);
    expect(await store.purge(new Date(now.getTime() - 30 * 24 * HOUR), now)).toBe(1);
    expect((await store.subscribers()).map((row) => row.email)).toEqual([
      "confirmed@example.com",
      "recent@example.com",
    ]);
  });

  it("rate limits per key in fixed windows, shared by two instances", async () => {
    const other = await open();
    const now = T0.getTime();
    const answers = [];
    for (let i = 0; i < 4; i += 1)
      answers.push(await (i % 2 ? other : store).hitRateLimit("203.0.113.7", 3, 60_000, now));
    expect(answers.slice(0, 3)).toEqual([{ allowed: true }, { allowed: true }, { allowed: true }]);
    expect(answers[3]).toEqual({ allowed: false, retryAfterSeconds: 60 });
    expect(await store.hitRateLimit("198.51.100.1", 3, 60_000, now)).toEqual({ allowed: true });
    expect(await other.hitRateLimit("203.0.113.7", 3, 60_000, now + 60_000)).toEqual({ allowed: true });
  });

  it("keeps the first value of a setting, for every instance", async () => {
    const other = await open();
    expect(await store.setting("signup-secret", "first")).toBe("first");
    expect(await other.setting("signup-secret", "second")).toBe("first");
  });

  it("keeps everything across a reopen", async () => {
    const { hash } = token();
    await signUp("durable@example.com", hash);
    await store.close();
    opened.splice(opened.indexOf(store), 1);
    const reopened = await open();
    expect(await reopened.confirm(hash, T0)).toBe("valid");
    expect((await reopened.subscribers()).map((row) => row.status)).toEqual(["confirmed"]);
  });

  it("two instances opened at once both start on the same schema", async () => {
    const [a, b] = await Promise.all([open(), open()]);
    await signUp("one@example.com", token().hash, T0, a);
    expect(await signUp("ONE@example.com", token().hash, T0, b)).toMatchObject({ send: false });
    expect(await b.subscribers()).toHaveLength(1);
  });

  describe("editions", () => {
    async function confirmed(email: string) {
      const { hash } = token();
      const outcome = await signUp(email, hash);
      if (outcome.status !== "confirmation-sent") throw new Error("expected a pending signup");
      await store.confirm(hash, T0);
      return outcome.subscriberId;
    }

    const edition = { list: LIST, date: "2026-12-02", subject: "Top stories", html: "<p>h</p>", text: "t", now: T0 };

    it("records an edition and its confirmed recipients once", async () => {
      await confirmed("a@example.com");
      await confirmed("b@example.com");
      await signUp("pending@example.com", token().hash);
      const first = await store.createEdition(edition);
      expect(first.created).toBe(true);
      await confirmed("late@example.com");
      const second = await store.createEdition({ ...edition, subject: "Another" });
      expect(second).toEqual({ edition: first.edition, created: false });
      expect(await store.recipientCounts(first.edition.id)).toEqual({
        pending: 2,
        sending: 0,
        sent: 0,
        failed: 0,
        skipped: 0,
      });
    });

    it("hands each recipient to one claimer only, and tracks sent, bounced and released", async () => {
      const ids = [];
      for (let i = 0; i < 6; i += 1) ids.push(await confirmed(`r${i}@example.com`));
      const { edition: e } = await store.createEdition(edition);
      const other = await open();
      const [a, b] = await Promise.all([store.claimRecipients(e.id, 4, T0), other.claimRecipients(e.id, 4, T0)]);
      const claimed = [...a, ...b].map((r) => r.subscriberId).sort((x, y) => x - y);
      expect(claimed).toEqual(ids);
      const [r0, , r2, r3] = [...a, ...b];
      if (!r0 || !r2 || !r3) throw new Error("expected four recipients");
      await store.markSent([{ recipientId: r0.id, messageId: "<m0@example.com>" }], T0);
      await store.markBounced(r2.id, "550 no such user", T0);
      await store.releaseRecipients([r3.id]);
      expect((await store.subscriber(r2.subscriberId))?.status).toBe("bounced");
      expect(await store.recipientCounts(e.id)).toEqual({ pending: 1, sending: 3, sent: 1, failed: 1, skipped: 0 });
      expect(await store.uncertainRecipients(e.id)).toHaveLength(3);
      expect(await store.resendUncertain(e.id)).toBe(3);
      expect(await store.recipientCounts(e.id)).toMatchObject({ pending: 4, sending: 0 });
    });

    it("does not claim a recipient who unsubscribed after the edition was recorded", async () => {
      const gone = await confirmed("gone@example.com");
      await confirmed("stays@example.com");
      const { edition: e } = await store.createEdition(edition);
      await store.unsubscribe(gone, T0);
      const claimed = await store.claimRecipients(e.id, 10, T0);
      expect(claimed.map((r) => r.email)).toEqual(["stays@example.com"]);
      expect(await store.recipientCounts(e.id)).toMatchObject({ sending: 1, skipped: 1 });
    });
  });
});
