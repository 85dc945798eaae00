import { createHash, randomBytes } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Story } from "../../contract/schema.ts";
import type { ArchiveEntry, ArchiveSource, MailEvent, Store } from "./store.ts";
import { encodeCursor, parseCursor, pickSlug } from "./stories.ts";
import { recordedEdition, STORE_TARGETS, testStory } from "../testing/stores.ts";
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

  async function confirmed(email: string) {
    const { hash } = token();
    const outcome = await signUp(email, hash);
    if (outcome.status !== "confirmation-sent") throw new Error("expected a pending signup");
    await store.confirm(hash, T0);
    return outcome.subscriberId;
  }

  describe("editions", () => {
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

    it("claims each recipient for one run only; only a run's own claim is handed over", async () => {
      const ids = [];
      for (let i = 0; i < 6; i += 1) ids.push(await confirmed(`r${i}@example.com`));
      const { edition: e } = await store.createEdition(edition);
      const other = await open();
      const [a, b] = await Promise.all([
        store.claimRecipients(e.id, "run-a", 4, T0),
        other.claimRecipients(e.id, "run-b", 4, T0),
      ]);
      const claimed = [...a, ...b].map((r) => r.subscriberId).sort((x, y) => x - y);
      expect(claimed).toEqual(ids);
      // A claim is not a hand-over: nothing is uncertain yet.
      expect(await store.recipientCounts(e.id)).toMatchObject({ pending: 6, sending: 0 });
      const mine = a.map((r) => r.id);
      const theirs = b.map((r) => r.id);
      const moved = await store.recordProgress({ run: "run-a", answers: [], handOver: [...mine, ...theirs] }, T0);
      expect(moved.sort((x, y) => x - y)).toEqual(mine);
      expect(await store.uncertainRecipients(e.id)).toEqual(a.map((r) => r.subscriberId));
      // Handed over once: asking again moves nothing.
      expect(await store.recordProgress({ run: "run-a", answers: [], handOver: mine }, T0)).toEqual([]);
    });

    it("records sent, bounced and deferred answers with the next hand-over, in one step", async () => {
      for (let i = 0; i < 5; i += 1) await confirmed(`r${i}@example.com`);
      const { edition: e } = await store.createEdition(edition);
      const [r0, r1, r2, r3, r4] = await store.claimRecipients(e.id, "run", 10, T0);
      if (!r0 || !r1 || !r2 || !r3 || !r4) throw new Error("expected five recipients");
      await store.recordProgress({ run: "run", answers: [], handOver: [r0.id, r1.id, r2.id, r3.id] }, T0);
      const moved = await store.recordProgress(
        {
          run: "run",
          answers: [
            { outcome: "sent", recipientId: r0.id, messageId: "<m0@example.com>" },
            { outcome: "bounced", recipientId: r1.id, error: "550 no such user" },
            { outcome: "deferred", recipientId: r2.id },
          ],
          handOver: [r4.id],
        },
        T0,
      );
      expect(moved).toEqual([r4.id]);
      expect((await store.subscriber(r1.subscriberId))?.status).toBe("bounced");
      // r3 and r4 were handed over with no answer: uncertain. r2 is pending again, still claimed.
      expect(await store.recipientCounts(e.id)).toEqual({ pending: 1, sending: 2, sent: 1, failed: 1, skipped: 0 });
      expect(await store.uncertainRecipients(e.id)).toEqual([r3.subscriberId, r4.subscriberId]);
      expect(await store.claimRecipients(e.id, "another", 10, T0)).toEqual([]);

      expect(await store.releaseClaims(e.id, "another")).toBe(0);
      expect(await store.releaseClaims(e.id, "run")).toBe(1);
      expect((await store.claimRecipients(e.id, "another", 10, T0)).map((r) => r.id)).toEqual([r2.id]);
      expect(await store.resendUncertain(e.id)).toBe(2);
      expect(await store.recipientCounts(e.id)).toMatchObject({ pending: 3, sending: 0 });
    });

    it("a new run takes back every run's claims, and a run whose claim was taken back cannot hand it over", async () => {
      for (let i = 0; i < 3; i += 1) await confirmed(`r${i}@example.com`);
      const { edition: e } = await store.createEdition(edition);
      const dead = await store.claimRecipients(e.id, "dead", 2, T0);
      expect(await store.releaseClaims(e.id)).toBe(2);
      const next = await store.claimRecipients(e.id, "next", 10, T0);
      expect(next).toHaveLength(3);
      expect(await store.recordProgress({ run: "dead", answers: [], handOver: dead.map((r) => r.id) }, T0)).toEqual([]);
      expect(
        await store.recordProgress({ run: "next", answers: [], handOver: next.map((r) => r.id) }, T0),
      ).toHaveLength(3);
    });

    it("does not claim a recipient who unsubscribed after the edition was recorded", async () => {
      const gone = await confirmed("gone@example.com");
      await confirmed("stays@example.com");
      const { edition: e } = await store.createEdition(edition);
      await store.unsubscribe(gone, T0);
      const claimed = await store.claimRecipients(e.id, "run", 10, T0);
      expect(claimed.map((r) => r.email)).toEqual(["stays@example.com"]);
      expect(await store.recipientCounts(e.id)).toMatchObject({ pending: 1, skipped: 1 });
    });
  });

  describe("bounces and complaints reported later", () => {
    /** Records the edition of `date` and sends it to every confirmed subscriber; returns its id. */
    async function sendEdition(date: string) {
      const { edition } = await store.createEdition({ list: LIST, date, subject: "s", html: "h", text: "t", now: T0 });
      const claimed = await store.claimRecipients(edition.id, date, 100, T0);
      const ids = claimed.map((r) => r.id);
      await store.recordProgress({ run: date, answers: [], handOver: ids }, T0);
      const answers = claimed.map((r) => ({
        outcome: "sent" as const,
        recipientId: r.id,
        messageId: `<${date}.${r.subscriberId}@news.example>`,
      }));
      await store.recordProgress({ run: date, answers, handOver: [] }, T0);
      return edition.id;
    }

    const event = (overrides: Partial<MailEvent> & Pick<MailEvent, "kind" | "email">): MailEvent => ({
      provider: "postmark",
      eventId: randomBytes(6).toString("hex"),
      occurredAt: at(HOUR),
      ...overrides,
    });

    it("a hard bounce marks the address bounced, against the latest edition sent to it, once", async () => {
      const reader = await confirmed("reader@example.com");
      await confirmed("other@example.com");
      const first = await sendEdition("2026-12-01");
      const second = await sendEdition("2026-12-02");
      const bounce = event({ kind: "hard-bounce", email: " Reader@Example.com", eventId: "4001" });
      expect(await store.recordMailEvents(LIST, [bounce], at(HOUR))).toEqual({ recorded: 1, ignored: 0 });
      expect((await store.subscriber(reader))?.status).toBe("bounced");
      expect(await store.mailEventCounts(second)).toEqual({ "hard-bounce": 1, "soft-bounce": 0, complaint: 0 });
      expect(await store.mailEventCounts(first)).toEqual({ "hard-bounce": 0, "soft-bounce": 0, complaint: 0 });
      // Replayed, or about nobody we know: accepted, changes nothing.
      const unknown = event({ kind: "hard-bounce", email: "stranger@example.com" });
      expect(await store.recordMailEvents(LIST, [bounce, unknown], at(HOUR))).toEqual({ recorded: 0, ignored: 2 });
      expect(await store.mailEventCounts(second)).toMatchObject({ "hard-bounce": 1 });
      // The next edition leaves the bounced address out.
      const edition = await recordedEdition(store, "2026-12-03");
      expect((await store.claimRecipients(edition.id, "run", 10, T0)).map((r) => r.email)).toEqual([
        "other@example.com",
      ]);
    });

    it("a message's own Message-ID relates a late report to its edition, whatever was sent since", async () => {
      const reader = await confirmed("reader@example.com");
      const first = await sendEdition("2026-12-01");
      const second = await sendEdition("2026-12-02");
      const complaint = event({
        kind: "complaint",
        email: "changed-since@example.com",
        messageId: `<2026-12-01.${reader}@news.example>`,
      });
      expect(await store.recordMailEvents(LIST, [complaint], at(HOUR))).toEqual({ recorded: 1, ignored: 0 });
      expect(await store.mailEventCounts(first)).toMatchObject({ complaint: 1 });
      expect(await store.mailEventCounts(second)).toMatchObject({ complaint: 0 });
      // A complaint unsubscribes: the reader asked for no more.
      expect((await store.subscriber(reader))?.status).toBe("unsubscribed");
    });

    it("soft bounces of three editions in a row mark the address bounced; an edition between without one starts again", async () => {
      const steady = await confirmed("steady@example.com");
      const flaky = await confirmed("flaky@example.com");
      const soft = (email: string, edition: string) =>
        event({
          kind: "soft-bounce",
          email,
          messageId: `<${edition}.${email === "steady@example.com" ? steady : flaky}@news.example>`,
        });

      await sendEdition("2026-12-01");
      await sendEdition("2026-12-02");
      await sendEdition("2026-12-03");
      await sendEdition("2026-12-04");
      // The same edition reported twice counts once.
      await store.recordMailEvents(
        LIST,
        [soft("steady@example.com", "2026-12-01"), soft("steady@example.com", "2026-12-01")],
        at(HOUR),
      );
      await store.recordMailEvents(LIST, [soft("steady@example.com", "2026-12-02")], at(HOUR));
      expect((await store.subscriber(steady))?.status).toBe("confirmed");
      await store.recordMailEvents(LIST, [soft("steady@example.com", "2026-12-03")], at(HOUR));
      expect((await store.subscriber(steady))?.status).toBe("bounced");

      // 1 and 2 bounce, 3 goes through, 4 bounces: the run is one long again.
      await store.recordMailEvents(
        LIST,
        [
          soft("flaky@example.com", "2026-12-01"),
          soft("flaky@example.com", "2026-12-02"),
          soft("flaky@example.com", "2026-12-04"),
        ],
        at(HOUR),
      );
      expect((await store.subscriber(flaky))?.status).toBe("confirmed");
    });

    it("a complaint about an address already bounced keeps it bounced, and is counted", async () => {
      const reader = await confirmed("reader@example.com");
      const edition = await sendEdition("2026-12-01");
      await store.recordMailEvents(
        LIST,
        [
          event({ kind: "hard-bounce", email: "reader@example.com" }),
          event({ kind: "complaint", email: "reader@example.com" }),
        ],
        at(HOUR),
      );
      expect((await store.subscriber(reader))?.status).toBe("bounced");
      expect(await store.mailEventCounts(edition)).toEqual({ "hard-bounce": 1, "soft-bounce": 0, complaint: 1 });
    });
  });

  describe("the archive", () => {
    const desk: ArchiveSource = { key: "wordpress:https://news.example", name: "News Example", priority: 0 };
    const wire: ArchiveSource = { key: "feed:https://wire.example/world.xml", name: "Wire", priority: 1 };

    function entry(identity: string, story: Story, extra: Partial<ArchiveEntry> = {}): ArchiveEntry {
      return {
        identity,
        contentHash: createHash("sha256").update(JSON.stringify(story)).digest("base64url"),
        slug: story.slug,
        story,
        datePublished: new Date(story.datePublished).toISOString(),
        sectionKey: story.section?.toLowerCase() ?? null,
        canonicalLink: null,
        fingerprint: null,
        ...extra,
      };
    }

    const day = (n: number, hour = 8) =>
      `2026-12-${String(n).padStart(2, "0")}T${String(hour).padStart(2, "0")}:00:00Z`;

    it("keeps a story at its address with its source, identity and times, and lists it", async () => {
      const story = testStory({ slug: "harbour-bridge", section: "Local", datePublished: "2026-12-01T09:00:00+01:00" });
      const [outcome] = await store.archiveStories(desk, [entry("101", story)], T0);
      expect(outcome).toEqual({ identity: "101", slug: "harbour-bridge", status: "added" });
      const kept = await store.storyBySlug("harbour-bridge");
      expect(kept).toMatchObject({
        slug: "harbour-bridge",
        story,
        source: desk.key,
        sourceName: "News Example",
        identity: "101",
        firstSeenAt: T0.toISOString(),
        lastChangedAt: T0.toISOString(),
        takenDown: null,
      });
      expect(await store.headlines({ limit: 10 })).toEqual({
        headlines: [
          { slug: "harbour-bridge", headline: story.headline, datePublished: story.datePublished, section: "Local" },
        ],
        next: undefined,
      });
      expect(await store.countStories()).toBe(1);
      expect(await store.archivedHashes(desk.key, ["101", "102"])).toEqual(
        new Map([["101", entry("101", story).contentHash]]),
      );
    });

    it("gives a clashing address a numbered suffix, never an address another story had, taken down or not", async () => {
      await store.archiveStories(desk, [entry("1", testStory({ slug: "budget-vote" }))], T0);
      await store.takeDown("budget-vote", { reason: "legal", by: "editor", now: T0 });
      const outcomes = await store.archiveStories(
        desk,
        [entry("2", testStory({ slug: "budget-vote" })), entry("3", testStory({ slug: "budget-vote" }))],
        T0,
      );
      expect(outcomes.map((outcome) => outcome.slug)).toEqual(["budget-vote-2", "budget-vote-3"]);
      expect((await store.storyBySlug("budget-vote"))?.identity).toBe("1");
    });

    it("revises a story in place at its first address, and writes nothing when its content is the same", async () => {
      const first = entry("7", testStory({ slug: "ferry-strike" }));
      await store.archiveStories(desk, [first], T0);
      expect(await store.archiveStories(desk, [first], at(HOUR))).toEqual([
        { identity: "7", slug: "ferry-strike", status: "unchanged" },
      ]);
      const revised = entry("7", testStory({ slug: "ferry-strike-called-off", headline: "Ferry strike called off" }));
      expect(await store.archiveStories(desk, [revised], at(2 * HOUR))).toEqual([
        { identity: "7", slug: "ferry-strike", status: "revised" },
      ]);
      const kept = await store.storyBySlug("ferry-strike");
      expect(kept?.story).toMatchObject({ slug: "ferry-strike", headline: "Ferry strike called off" });
      expect(kept).toMatchObject({ firstSeenAt: T0.toISOString(), lastChangedAt: at(2 * HOUR).toISOString() });
      expect(await store.storyBySlug("ferry-strike-called-off")).toBeUndefined();
    });

    it("keeps another source's copy of a story once: a source ranked higher takes it over at its first address", async () => {
      const link = "news.example/2026/12/harbour";
      await store.archiveStories(
        wire,
        [entry("urn:wire:1", testStory({ slug: "harbour-wire" }), { canonicalLink: link })],
        T0,
      );
      const [taken] = await store.archiveStories(
        desk,
        [entry("55", testStory({ slug: "harbour", headline: "Harbour, from the desk" }), { canonicalLink: link })],
        at(HOUR),
      );
      expect(taken).toEqual({ identity: "55", slug: "harbour-wire", status: "took-over" });
      expect(await store.storyBySlug("harbour-wire")).toMatchObject({
        source: desk.key,
        identity: "55",
        story: { headline: "Harbour, from the desk", slug: "harbour-wire" },
      });
      // The wire's item is now a copy: the same item again writes nothing.
      const again = entry("urn:wire:1", testStory({ slug: "harbour-wire" }), { canonicalLink: link });
      expect(await store.archivedHashes(wire.key, ["urn:wire:1"])).toEqual(
        new Map([["urn:wire:1", again.contentHash]]),
      );
      expect(await store.archiveStories(wire, [again], at(2 * HOUR))).toEqual([
        { identity: "urn:wire:1", slug: "harbour-wire", status: "copy" },
      ]);
      expect(await store.countStories()).toBe(1);
    });

    it("matches the same headline and opening paragraph within two days only", async () => {
      const fingerprint = "same-words";
      await store.archiveStories(
        desk,
        [entry("1", testStory({ slug: "tide", datePublished: day(1) }), { fingerprint })],
        T0,
      );
      const outcomes = await store.archiveStories(
        wire,
        [
          entry("w1", testStory({ slug: "tide-w", datePublished: day(2, 20) }), { fingerprint }),
          entry("w2", testStory({ slug: "tide-w2", datePublished: day(4) }), { fingerprint }),
        ],
        T0,
      );
      expect(outcomes.map(({ slug, status }) => [slug, status])).toEqual([
        ["tide", "copy"],
        ["tide-w2", "added"],
      ]);
    });

    it("pages newest first with a cursor that new stories do not shift, a section's pages too", async () => {
      // Two stories an hour share each publication time: the order of arrival breaks the tie.
      const batch = Array.from({ length: 25 }, (_, i) =>
        entry(
          `s${i}`,
          testStory({
            slug: `story-${i}`,
            section: i % 2 ? "Sport" : "World",
            datePublished: day(1 + Math.floor(i / 2)),
          }),
        ),
      );
      await store.archiveStories(desk, batch, T0);
      const first = await store.headlines({ limit: 10 });
      expect(first.headlines.map((h) => h.slug)).toEqual(
        [24, 23, 22, 21, 20, 19, 18, 17, 16, 15].map((i) => `story-${i}`),
      );
      if (!first.next) throw new Error("expected a next page");
      const cursor = parseCursor(encodeCursor(first.next));
      expect(cursor).toEqual(first.next);
      await store.archiveStories(
        desk,
        Array.from({ length: 5 }, (_, i) => entry(`n${i}`, testStory({ slug: `newer-${i}`, datePublished: day(20) }))),
        T0,
      );
      const second = await store.headlines({ limit: 10, before: cursor });
      expect(second.headlines.map((h) => h.slug)).toEqual([14, 13, 12, 11, 10, 9, 8, 7, 6, 5].map((i) => `story-${i}`));
      const third = await store.headlines({ limit: 10, before: second.next });
      expect(third.headlines.map((h) => h.slug)).toEqual([4, 3, 2, 1, 0].map((i) => `story-${i}`));
      expect(third.next).toBeUndefined();

      const sport = await store.headlines({ limit: 5, section: "sport" });
      expect(sport.headlines.map((h) => h.slug)).toEqual([23, 21, 19, 17, 15].map((i) => `story-${i}`));
      const sportNext = await store.headlines({ limit: 5, section: "sport", before: sport.next });
      expect(sportNext.headlines.map((h) => h.slug)).toEqual([13, 11, 9, 7, 5].map((i) => `story-${i}`));
      expect(await store.headlines({ limit: 5, section: "nowhere" })).toEqual({ headlines: [], next: undefined });
    });

    it("relates a story to the newest of its section, or of all when it has none, not itself", async () => {
      await store.archiveStories(
        desk,
        [
          entry("a", testStory({ slug: "a", section: "World", datePublished: day(1) })),
          entry("b", testStory({ slug: "b", section: "World", datePublished: day(2) })),
          entry("c", testStory({ slug: "c", section: "Sport", datePublished: day(3) })),
          entry("d", testStory({ slug: "d", section: "World", datePublished: day(4) })),
          entry("e", testStory({ slug: "e", datePublished: day(5) })),
        ],
        T0,
      );
      expect((await store.relatedHeadlines("b", 5)).map((h) => h.slug)).toEqual(["d", "a"]);
      expect((await store.relatedHeadlines("e", 3)).map((h) => h.slug)).toEqual(["d", "c", "b"]);
      expect(await store.relatedHeadlines("nowhere", 3)).toEqual([]);
    });

    it("takes a story down with a reason and restores it; lists leave it out meanwhile", async () => {
      await store.archiveStories(
        desk,
        [
          entry("a", testStory({ slug: "a", section: "World", datePublished: day(1) })),
          entry("b", testStory({ slug: "b", section: "World", datePublished: day(2) })),
        ],
        T0,
      );
      expect(await store.takeDown("b", { reason: "Court order 12/2026", by: "editor", now: at(HOUR) })).toBe(
        "taken-down",
      );
      expect(await store.takeDown("b", { reason: "again", by: "editor", now: at(2 * HOUR) })).toBe(
        "already-taken-down",
      );
      expect((await store.storyBySlug("b"))?.takenDown).toEqual({
        at: at(HOUR).toISOString(),
        reason: "Court order 12/2026",
        by: "editor",
      });
      expect((await store.headlines({ limit: 10 })).headlines.map((h) => h.slug)).toEqual(["a"]);
      expect((await store.headlines({ limit: 10, section: "world" })).headlines.map((h) => h.slug)).toEqual(["a"]);
      expect(await store.relatedHeadlines("a", 5)).toEqual([]);
      expect(await store.countStories()).toBe(1);
      expect(await store.restore("b")).toBe("restored");
      expect(await store.restore("b")).toBe("not-taken-down");
      expect((await store.storyBySlug("b"))?.takenDown).toBeNull();
      expect((await store.headlines({ limit: 10 })).headlines.map((h) => h.slug)).toEqual(["b", "a"]);
      expect(await store.takeDown("nowhere", { reason: "x", by: "editor", now: T0 })).toBe("unknown");
      expect(await store.restore("nowhere")).toBe("unknown");
    });

    it("keeps nothing of a batch that fails part-way: one transaction", async () => {
      await store.archiveStories(desk, [entry("kept", testStory({ slug: "kept" }))], T0);
      const unreadable = { ...testStory({ slug: "broken" }), dateline: 1n } as unknown as Story;
      await expect(
        store.archiveStories(
          desk,
          [
            entry("new", testStory({ slug: "new" })),
            entry("kept", testStory({ slug: "kept", headline: "Changed" })),
            { ...entry("broken", testStory({ slug: "broken" })), story: unreadable },
          ],
          at(HOUR),
        ),
      ).rejects.toThrow();
      expect(await store.countStories()).toBe(1);
      expect((await store.storyBySlug("kept"))?.story.headline).toBe("kept");
      expect(await store.storyBySlug("new")).toBeUndefined();
    });
  });
});

describe("archive addresses and cursors", () => {
  it("numbers a clashing address from 2, cut so that the suffix fits", () => {
    expect(pickSlug("tide", new Set())).toBe("tide");
    expect(pickSlug("tide", new Set(["tide", "tide-2", "tide-4"]))).toBe("tide-3");
    const long = `${"a".repeat(60)}-${"b".repeat(59)}`;
    const suffixed = pickSlug(long, new Set([long]));
    expect(suffixed).toBe(`${"a".repeat(60)}-${"b".repeat(51)}-2`);
    expect(suffixed.length).toBeLessThanOrEqual(120);
  });

  it("reads only the cursors it writes", () => {
    expect(parseCursor(encodeCursor({ datePublished: "2026-12-01T08:00:00.000Z", id: 42 }))).toEqual({
      datePublished: "2026-12-01T08:00:00.000Z",
      id: 42,
    });
    for (const garbage of ["", "garbage", "1-", "-1", "1.5-2", "99999999999999999-1", "1-2-3", "1e5-2"]) {
      expect(parseCursor(garbage)).toBeUndefined();
    }
  });
});
