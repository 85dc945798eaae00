import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import {
  countsFrom,
  mailEventCountsFrom,
  toArchivedStory,
  toEdition,
  toHeadline,
  toHeadlinePage,
  tokenStateOf,
  toOtherStory,
  toSubscriber,
} from "./rows.ts";
import type { EditionRow, HeadlineRow, OtherRow, StoryRow, SubscriberRow } from "./rows.ts";
import type {
  ArchiveEntry,
  ArchiveOutcome,
  ArchiveSource,
  RateLimitHit,
  RateLimitResult,
  Recipient,
  MailEvent,
  MailEventOutcome,
  RecipientAnswer,
  RecipientCounts,
  SignUpOutcome,
  Store,
  SubscriberStatus,
  TokenState,
} from "./store.ts";
import { normalizeEmail, rateLimitResult, SOFT_BOUNCES_IN_A_ROW } from "./store.ts";
import {
  documentJson,
  inEntryOrder,
  MAX_PASSES,
  planArchive,
  settle,
  STORY_COLUMNS,
  storyColumns,
  suffixRange,
} from "./stories.ts";
import type { ArchivePlan, ArchiveView, OtherStory, StoryColumns } from "./stories.ts";

// Append only: position N upgrades a database from user_version N to N + 1.
const migrations = [
  `CREATE TABLE subscriptions (
     id INTEGER PRIMARY KEY,
     email TEXT NOT NULL,
     email_normalized TEXT NOT NULL,
     list TEXT NOT NULL,
     created_at TEXT NOT NULL,
     UNIQUE (email_normalized, list)
   )`,
  // Double opt-in. Addresses stored before it had signed up with a form that promised the
  // email at once, so they stay subscribed, their signup time standing for their consent.
  `CREATE TABLE subscribers (
     id INTEGER PRIMARY KEY,
     email TEXT NOT NULL,
     email_normalized TEXT NOT NULL,
     list TEXT NOT NULL,
     status TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'unsubscribed', 'bounced')),
     consent_asked_at TEXT NOT NULL,
     consent_given_at TEXT,
     source_page TEXT,
     confirmation_sent_at TEXT,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     UNIQUE (email_normalized, list)
   );
   INSERT INTO subscribers (id, email, email_normalized, list, status, consent_asked_at, consent_given_at, created_at, updated_at)
     SELECT id, email, email_normalized, list, 'confirmed', created_at, created_at, created_at, created_at FROM subscriptions;
   DROP TABLE subscriptions;
   CREATE TABLE confirmation_tokens (
     token_hash TEXT PRIMARY KEY,
     subscriber_id INTEGER NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
     expires_at TEXT NOT NULL,
     used_at TEXT,
     created_at TEXT NOT NULL
   );
   CREATE INDEX confirmation_tokens_subscriber ON confirmation_tokens (subscriber_id);
   CREATE TABLE rate_limits (key TEXT PRIMARY KEY, window_start REAL NOT NULL, count INTEGER NOT NULL);
   CREATE TABLE settings (name TEXT PRIMARY KEY, value TEXT NOT NULL);
   CREATE TABLE editions (
     id INTEGER PRIMARY KEY,
     list TEXT NOT NULL,
     edition_date TEXT NOT NULL,
     subject TEXT NOT NULL,
     html TEXT NOT NULL,
     text TEXT NOT NULL,
     created_at TEXT NOT NULL,
     UNIQUE (list, edition_date)
   );
   CREATE TABLE edition_recipients (
     id INTEGER PRIMARY KEY,
     edition_id INTEGER NOT NULL REFERENCES editions (id),
     subscriber_id INTEGER NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
     email TEXT NOT NULL,
     status TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
     claimed_at TEXT,
     finished_at TEXT,
     message_id TEXT,
     error TEXT,
     UNIQUE (edition_id, subscriber_id)
   );
   CREATE INDEX edition_recipients_status ON edition_recipients (edition_id, status, id);`,
  // A run claims pending recipients before it hands them over; a claim of a run that died is
  // dropped by the next run, since only `sending` means the mail server may have the message.
  "ALTER TABLE edition_recipients ADD COLUMN claimed_by TEXT",
  // Bounces and complaints reported by the mail provider after the message left (webhooks).
  // A subscriber keeps their run of soft-bounced editions: its length and its latest edition.
  `CREATE TABLE mail_events (
     id INTEGER PRIMARY KEY,
     provider TEXT NOT NULL,
     event_id TEXT NOT NULL,
     kind TEXT NOT NULL CHECK (kind IN ('hard-bounce', 'soft-bounce', 'complaint')),
     subscriber_id INTEGER NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
     edition_id INTEGER REFERENCES editions (id),
     occurred_at TEXT NOT NULL,
     received_at TEXT NOT NULL,
     UNIQUE (provider, event_id)
   );
   CREATE INDEX mail_events_edition ON mail_events (edition_id, kind);
   CREATE INDEX mail_events_subscriber ON mail_events (subscriber_id);
   ALTER TABLE subscribers ADD COLUMN soft_bounces INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE subscribers ADD COLUMN soft_bounce_edition INTEGER;
   CREATE INDEX edition_recipients_message ON edition_recipients (message_id);
   CREATE INDEX edition_recipients_subscriber ON edition_recipients (subscriber_id, edition_id);`,
  // The archive: every story any source gave, at one address for good (server/archive/ingest.ts).
  // A story carried by a source ranked below the one that has it is a row in story_copies; its
  // document is in story_documents, so the rows a page of headlines reads stay small. The integer
  // id keeps the order of arrival for cursors, and is what a full-text index will join on.
  `CREATE TABLE archive_sources (
     key TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     priority INTEGER NOT NULL,
     updated_at TEXT NOT NULL
   );
   CREATE TABLE stories (
     id INTEGER PRIMARY KEY,
     source TEXT NOT NULL,
     source_name TEXT NOT NULL,
     identity TEXT NOT NULL,
     slug TEXT NOT NULL UNIQUE,
     headline TEXT NOT NULL,
     section TEXT,
     section_key TEXT,
     date_published TEXT NOT NULL,
     canonical_link TEXT,
     fingerprint TEXT,
     content_hash TEXT NOT NULL,
     summary TEXT NOT NULL,
     first_seen_at TEXT NOT NULL,
     last_changed_at TEXT NOT NULL,
     taken_down_at TEXT,
     taken_down_reason TEXT,
     taken_down_by TEXT,
     UNIQUE (source, identity),
     CHECK ((taken_down_at IS NULL) = (taken_down_reason IS NULL))
   );
   CREATE INDEX stories_newest ON stories (date_published, id) WHERE taken_down_at IS NULL;
   CREATE INDEX stories_section_newest ON stories (section_key, date_published, id) WHERE taken_down_at IS NULL;
   CREATE INDEX stories_canonical_link ON stories (canonical_link) WHERE canonical_link IS NOT NULL;
   CREATE INDEX stories_fingerprint ON stories (fingerprint, date_published) WHERE fingerprint IS NOT NULL;
   CREATE TABLE story_documents (
     story_id INTEGER PRIMARY KEY REFERENCES stories (id),
     document TEXT NOT NULL
   );
   CREATE TABLE story_copies (
     source TEXT NOT NULL,
     identity TEXT NOT NULL,
     story_id INTEGER NOT NULL REFERENCES stories (id),
     content_hash TEXT NOT NULL,
     first_seen_at TEXT NOT NULL,
     PRIMARY KEY (source, identity)
   );
   CREATE INDEX story_copies_story ON story_copies (story_id);`,
];

export const SQLITE_SCHEMA_VERSION = migrations.length;

/** The embedded store: one file, safe for several processes on one machine. */
export function openSqliteStore(path: string): Store {
  mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  try {
    db.pragma("journal_mode = WAL");
    // FULL makes every committed signup survive a power cut, not only a crash.
    db.pragma("synchronous = FULL");
    db.pragma("busy_timeout = 5000");
    db.pragma("foreign_keys = ON");
    migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }

  const insertSubscriber = db.prepare<[string, string, string, string, string | null, string, string]>(
    `INSERT INTO subscribers (email, email_normalized, list, status, consent_asked_at, source_page, created_at, updated_at)
     VALUES (?, ?, ?, 'pending', ?, ?, ?, ?)
     ON CONFLICT (email_normalized, list) DO NOTHING`,
  );
  const selectByAddress = db.prepare<[string, string], SubscriberRow>(
    "SELECT * FROM subscribers WHERE email_normalized = ? AND list = ?",
  );
  const selectById = db.prepare<[number], SubscriberRow>("SELECT * FROM subscribers WHERE id = ?");
  const askAgain = db.prepare<[string, string | null, string, number]>(
    `UPDATE subscribers SET status = 'pending', consent_asked_at = ?, consent_given_at = NULL, source_page = ?,
       confirmation_sent_at = NULL, updated_at = ? WHERE id = ?`,
  );
  const noteSent = db.prepare<[string, string, number]>(
    "UPDATE subscribers SET confirmation_sent_at = ?, consent_asked_at = ?, updated_at = consent_asked_at WHERE id = ?",
  );
  const insertToken = db.prepare<[string, number, string, string]>(
    "INSERT INTO confirmation_tokens (token_hash, subscriber_id, expires_at, created_at) VALUES (?, ?, ?, ?)",
  );
  const selectToken = db.prepare<
    [string],
    { subscriber_id: number; expires_at: string; used_at: string | null; status: SubscriberStatus }
  >(
    `SELECT t.subscriber_id, t.expires_at, t.used_at, s.status FROM confirmation_tokens t
     JOIN subscribers s ON s.id = t.subscriber_id WHERE t.token_hash = ?`,
  );

  const hitRateLimit = db.prepare<
    [string, number, number, number, number, number],
    { window_start: number; count: number }
  >(
    `INSERT INTO rate_limits (key, window_start, count) VALUES (?, ?, 1)
     ON CONFLICT (key) DO UPDATE SET
       count = CASE WHEN window_start + ? <= ? THEN 1 ELSE count + 1 END,
       window_start = CASE WHEN window_start + ? <= ? THEN excluded.window_start ELSE window_start END
     RETURNING window_start, count`,
  );

  function countAttempt(hit: RateLimitHit, now: number): RateLimitResult {
    const row = hitRateLimit.get(hit.key, now, hit.windowMs, now, hit.windowMs, now);
    if (!row) throw new Error("The rate limit upsert returned no row.");
    return rateLimitResult({ windowStart: row.window_start, count: row.count }, hit, now);
  }

  const signUp = db.transaction(
    (
      email: string,
      list: string,
      sourcePage: string | null,
      now: string,
      tokenHash: string,
      expiresAt: string,
      resendBefore: string,
      rateLimit: RateLimitHit | undefined,
    ): SignUpOutcome => {
      const limited = rateLimit && countAttempt(rateLimit, Date.parse(now));
      if (limited && !limited.allowed) return { status: "rate-limited", retryAfterSeconds: limited.retryAfterSeconds };
      const typed = email.trim();
      const normalized = normalizeEmail(typed);
      insertSubscriber.run(typed, normalized, list, now, sourcePage, now, now);
      const row = selectByAddress.get(normalized, list);
      if (!row) throw new Error("A subscriber row vanished inside its own transaction.");
      if (row.status === "confirmed") return { status: "already-subscribed" };
      const outcome = { status: "confirmation-sent", subscriberId: row.id, email: row.email } as const;
      if (row.status === "bounced") return { ...outcome, send: false };
      if (row.status === "unsubscribed") askAgain.run(now, sourcePage, now, row.id);
      else if (row.confirmation_sent_at !== null && row.confirmation_sent_at > resendBefore) {
        return { ...outcome, send: false };
      }
      noteSent.run(now, now, row.id);
      insertToken.run(tokenHash, row.id, expiresAt, now);
      return { ...outcome, send: true };
    },
  );

  const confirm = db.transaction((tokenHash: string, now: Date): TokenState => {
    const token = selectToken.get(tokenHash);
    const state = tokenStateOf(token, now);
    if (state !== "valid" || !token) return state;
    if (token.status === "unsubscribed" || token.status === "bounced") return "invalid";
    const time = now.toISOString();
    db.prepare("UPDATE confirmation_tokens SET used_at = ? WHERE token_hash = ?").run(time, tokenHash);
    db.prepare(
      `UPDATE subscribers SET status = 'confirmed', consent_given_at = ?, updated_at = ?
       WHERE id = ? AND status = 'pending'`,
    ).run(time, time, token.subscriber_id);
    return "valid";
  });

  const createEdition = db.transaction((edition: Omit<EditionRow, "id">) => {
    const inserted = db
      .prepare<[string, string, string, string, string, string], { id: number }>(
        `INSERT INTO editions (list, edition_date, subject, html, text, created_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (list, edition_date) DO NOTHING RETURNING id`,
      )
      .get(edition.list, edition.edition_date, edition.subject, edition.html, edition.text, edition.created_at);
    if (inserted) {
      db.prepare<[number, string]>(
        `INSERT INTO edition_recipients (edition_id, subscriber_id, email, status)
         SELECT ?, id, email, 'pending' FROM subscribers WHERE list = ? AND status = 'confirmed' ORDER BY id`,
      ).run(inserted.id, edition.list);
    }
    const row = db
      .prepare<[string, string], EditionRow>("SELECT * FROM editions WHERE list = ? AND edition_date = ?")
      .get(edition.list, edition.edition_date);
    if (!row) throw new Error("An edition vanished inside its own transaction.");
    return { edition: toEdition(row), created: inserted !== undefined };
  });

  const claim = db.prepare<[string, string, number, number], { id: number; subscriber_id: number; email: string }>(
    `UPDATE edition_recipients SET claimed_by = ?, claimed_at = ?
     WHERE id IN (
       SELECT r.id FROM edition_recipients r JOIN subscribers s ON s.id = r.subscriber_id
       WHERE r.edition_id = ? AND r.status = 'pending' AND r.claimed_by IS NULL AND s.status = 'confirmed'
       ORDER BY r.id LIMIT ?
     )
     RETURNING id, subscriber_id, email`,
  );
  const finish = db.prepare<[string, string, string | null, string | null, number]>(
    "UPDATE edition_recipients SET status = ?, finished_at = ?, message_id = ?, error = ? WHERE id = ? AND status = 'sending'",
  );
  const bounceSubscriber = db.prepare<[string, number]>(
    `UPDATE subscribers SET status = 'bounced', updated_at = ?
     WHERE id = (SELECT subscriber_id FROM edition_recipients WHERE id = ?)`,
  );
  const defer = db.prepare<[number]>(
    "UPDATE edition_recipients SET status = 'pending' WHERE id = ? AND status = 'sending'",
  );
  const handOver = db.prepare<[number, string], { id: number }>(
    `UPDATE edition_recipients SET status = 'sending'
     WHERE id = ? AND status = 'pending' AND claimed_by = ? RETURNING id`,
  );
  const recordProgress = db.transaction(
    (run: string, answers: readonly RecipientAnswer[], ids: readonly number[], now: string): number[] => {
      for (const answer of answers) {
        if (answer.outcome === "sent") finish.run("sent", now, answer.messageId, null, answer.recipientId);
        else if (answer.outcome === "deferred") defer.run(answer.recipientId);
        else {
          finish.run("failed", now, null, answer.error, answer.recipientId);
          bounceSubscriber.run(now, answer.recipientId);
        }
      }
      return ids.flatMap((id) => handOver.get(id, run)?.id ?? []);
    },
  );

  const recipientByMessage = db.prepare<[string], { subscriber_id: number; edition_id: number }>(
    "SELECT subscriber_id, edition_id FROM edition_recipients WHERE message_id = ? LIMIT 1",
  );
  const subscriberByAddress = db.prepare<[string, string], { id: number }>(
    "SELECT id FROM subscribers WHERE email_normalized = ? AND list = ?",
  );
  const latestSent = db.prepare<[number], { edition_id: number }>(
    "SELECT max(edition_id) AS edition_id FROM edition_recipients WHERE subscriber_id = ? AND status = 'sent'",
  );
  const insertEvent = db.prepare<[string, string, string, number, number | null, string, string]>(
    `INSERT INTO mail_events (provider, event_id, kind, subscriber_id, edition_id, occurred_at, received_at)
     VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (provider, event_id) DO NOTHING`,
  );
  const hardBounce = db.prepare<[string, number]>(
    "UPDATE subscribers SET status = 'bounced', updated_at = ? WHERE id = ? AND status <> 'bounced'",
  );
  const complain = db.prepare<[string, number]>(
    "UPDATE subscribers SET status = 'unsubscribed', updated_at = ? WHERE id = ? AND status IN ('pending', 'confirmed')",
  );
  const softBounceRun = db.prepare<[number], { soft_bounces: number; soft_bounce_edition: number | null }>(
    "SELECT soft_bounces, soft_bounce_edition FROM subscribers WHERE id = ?",
  );
  const sentBetween = db.prepare<[number, number, number], { found: number }>(
    `SELECT 1 AS found FROM edition_recipients
     WHERE subscriber_id = ? AND edition_id > ? AND edition_id < ? AND status = 'sent' LIMIT 1`,
  );
  const noteSoftBounce = db.prepare<[number, number, number, string, number]>(
    `UPDATE subscribers SET soft_bounces = ?, soft_bounce_edition = ?,
       status = CASE WHEN ? >= ${SOFT_BOUNCES_IN_A_ROW} AND status IN ('pending', 'confirmed') THEN 'bounced' ELSE status END,
       updated_at = ?
     WHERE id = ?`,
  );

  function softBounce(subscriberId: number, editionId: number, now: string): void {
    const run = softBounceRun.get(subscriberId);
    const last = run?.soft_bounce_edition ?? null;
    // The same edition once, and a late report of an older edition does not change the run.
    if (!run || (last !== null && editionId <= last)) return;
    const inARow = last !== null && sentBetween.get(subscriberId, last, editionId) === undefined;
    const length = inARow ? run.soft_bounces + 1 : 1;
    noteSoftBounce.run(length, editionId, length, now, subscriberId);
  }

  const recordMailEvents = db.transaction(
    (list: string, events: readonly MailEvent[], now: string): MailEventOutcome => {
      const outcome = { recorded: 0, ignored: 0 };
      for (const event of events) {
        const recipient = event.messageId ? recipientByMessage.get(event.messageId) : undefined;
        const subscriberId = recipient?.subscriber_id ?? subscriberByAddress.get(normalizeEmail(event.email), list)?.id;
        if (subscriberId === undefined) {
          outcome.ignored += 1;
          continue;
        }
        const editionId = recipient?.edition_id ?? latestSent.get(subscriberId)?.edition_id ?? null;
        const { changes } = insertEvent.run(
          event.provider,
          event.eventId,
          event.kind,
          subscriberId,
          editionId,
          event.occurredAt.toISOString(),
          now,
        );
        if (changes === 0) {
          outcome.ignored += 1;
          continue;
        }
        outcome.recorded += 1;
        if (event.kind === "hard-bounce") hardBounce.run(now, subscriberId);
        else if (event.kind === "complaint") complain.run(now, subscriberId);
        else if (editionId !== null) softBounce(subscriberId, editionId, now);
      }
      return outcome;
    },
  );

  const archive = sqliteArchive(db);

  return {
    kind: "sqlite",
    ...archive,
    async signUp(input) {
      return signUp.immediate(
        input.email,
        input.list,
        input.sourcePage,
        input.now.toISOString(),
        input.tokenHash,
        input.tokenExpiresAt.toISOString(),
        new Date(input.now.getTime() - input.resendIntervalMs).toISOString(),
        input.rateLimit,
      );
    },
    async releaseConfirmation(subscriberId) {
      db.prepare("UPDATE subscribers SET confirmation_sent_at = NULL WHERE id = ?").run(subscriberId);
    },
    async checkConfirmation(tokenHash, now) {
      const token = selectToken.get(tokenHash);
      const state = tokenStateOf(token, now);
      return state === "valid" && (token?.status === "unsubscribed" || token?.status === "bounced") ? "invalid" : state;
    },
    async confirm(tokenHash, now) {
      return confirm.immediate(tokenHash, now);
    },
    async subscriber(id) {
      const row = selectById.get(id);
      return row ? toSubscriber(row) : undefined;
    },
    async unsubscribe(id, now) {
      const time = now.toISOString();
      db.prepare(
        "UPDATE subscribers SET status = 'unsubscribed', updated_at = ? WHERE id = ? AND status IN ('pending', 'confirmed')",
      ).run(time, id);
      return selectById.get(id) !== undefined;
    },
    async hitRateLimit(key, limit, windowMs, now) {
      return countAttempt({ key, limit, windowMs }, now);
    },
    async purge(before, now) {
      return db
        .transaction(() => {
          const { changes } = db
            .prepare("DELETE FROM subscribers WHERE status = 'pending' AND consent_asked_at < ?")
            .run(before.toISOString());
          db.prepare("DELETE FROM confirmation_tokens WHERE expires_at < ?").run(before.toISOString());
          // A window an hour old limits nothing any more.
          db.prepare("DELETE FROM rate_limits WHERE window_start < ?").run(now.getTime() - 3_600_000);
          return changes;
        })
        .immediate();
    },
    async setting(name, candidate) {
      db.prepare("INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING").run(name, candidate);
      const row = db.prepare<[string], { value: string }>("SELECT value FROM settings WHERE name = ?").get(name);
      if (!row) throw new Error(`The setting ${name} could not be stored.`);
      return row.value;
    },
    async subscribers() {
      return db.prepare<[], SubscriberRow>("SELECT * FROM subscribers ORDER BY id").all().map(toSubscriber);
    },
    async createEdition(edition) {
      return createEdition.immediate({
        list: edition.list,
        edition_date: edition.date,
        subject: edition.subject,
        html: edition.html,
        text: edition.text,
        created_at: edition.now.toISOString(),
      });
    },
    async claimRecipients(editionId, run, limit, now): Promise<Recipient[]> {
      return claim
        .all(run, now.toISOString(), editionId, limit)
        .map((row) => ({ id: row.id, subscriberId: row.subscriber_id, email: row.email }))
        .sort((a, b) => a.id - b.id);
    },
    async recordProgress({ run, answers, handOver: ids }, now) {
      if (answers.length === 0 && ids.length === 0) return [];
      return recordProgress.immediate(run, answers, ids, now.toISOString());
    },
    async releaseClaims(editionId, run) {
      const release = db.prepare<[number, string | null]>(
        `UPDATE edition_recipients SET claimed_by = NULL, claimed_at = NULL
         WHERE edition_id = ? AND status = 'pending' AND claimed_by IS NOT NULL AND claimed_by = coalesce(?, claimed_by)`,
      );
      return release.run(editionId, run ?? null).changes;
    },
    async resendUncertain(editionId) {
      return db
        .prepare(
          "UPDATE edition_recipients SET status = 'pending', claimed_by = NULL, claimed_at = NULL WHERE edition_id = ? AND status = 'sending'",
        )
        .run(editionId).changes;
    },
    async recipientCounts(editionId): Promise<RecipientCounts> {
      const rows = db
        .prepare<[number], { status: string; count: number }>(
          `SELECT CASE WHEN r.status = 'pending' AND s.status <> 'confirmed' THEN 'skipped' ELSE r.status END AS status,
             COUNT(*) AS count
           FROM edition_recipients r JOIN subscribers s ON s.id = r.subscriber_id
           WHERE r.edition_id = ? GROUP BY 1`,
        )
        .all(editionId);
      return countsFrom(rows);
    },
    async uncertainRecipients(editionId) {
      return db
        .prepare<[number], { subscriber_id: number }>(
          "SELECT subscriber_id FROM edition_recipients WHERE edition_id = ? AND status = 'sending' ORDER BY id",
        )
        .all(editionId)
        .map((row) => row.subscriber_id);
    },
    async recordMailEvents(list, events, now) {
      return recordMailEvents.immediate(list, events, now.toISOString());
    },
    async mailEventCounts(editionId) {
      const rows = db
        .prepare<[number], { kind: string; count: number }>(
          "SELECT kind, COUNT(*) AS count FROM mail_events WHERE edition_id = ? GROUP BY kind",
        )
        .all(editionId);
      return mailEventCountsFrom(rows);
    },
    async ping() {
      db.prepare("SELECT 1").get();
    },
    async close() {
      db.close();
    },
  };
}

/** The archive's statements; see ArchiveStatus in store.ts for what keeping an entry does. */
function sqliteArchive(
  db: Database.Database,
): Pick<
  Store,
  | "archivedHashes"
  | "archiveStories"
  | "storyBySlug"
  | "headlines"
  | "relatedHeadlines"
  | "countStories"
  | "takeDown"
  | "restore"
> {
  const upsertSource = db.prepare<[string, string, number, string]>(
    `INSERT INTO archive_sources (key, name, priority, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET name = excluded.name, priority = excluded.priority, updated_at = excluded.updated_at`,
  );
  const ownStory = db.prepare<[string, string], { id: number; slug: string; content_hash: string }>(
    "SELECT id, slug, content_hash FROM stories WHERE source = ? AND identity = ?",
  );
  const copyOf = db.prepare<[string, string], { story_id: number; slug: string; content_hash: string }>(
    `SELECT c.story_id, s.slug, c.content_hash FROM story_copies c JOIN stories s ON s.id = c.story_id
     WHERE c.source = ? AND c.identity = ?`,
  );
  const otherColumns = `SELECT s.id, s.slug, s.source, s.identity, s.content_hash, src.priority, s.date_published,
      s.canonical_link, s.fingerprint
    FROM stories s LEFT JOIN archive_sources src ON src.key = s.source`;
  const sameLink = db.prepare<[string, string], OtherRow>(
    `${otherColumns} WHERE s.canonical_link = ? AND s.source <> ?`,
  );
  const sameWords = db.prepare<[string, string], OtherRow>(`${otherColumns} WHERE s.fingerprint = ? AND s.source <> ?`);
  const takenSlugs = db
    .prepare<[string, string, string], string>("SELECT slug FROM stories WHERE slug = ? OR (slug >= ? AND slug < ?)")
    .pluck();
  const insertStory = db.prepare<[StoryColumns & { slug: string; now: string }], { id: number }>(
    `INSERT INTO stories (${STORY_COLUMNS.join(", ")}, slug, first_seen_at, last_changed_at)
     VALUES (${STORY_COLUMNS.map((name) => `@${name}`).join(", ")}, @slug, @now, @now)
     ON CONFLICT DO NOTHING RETURNING id`,
  );
  const reviseStory = db.prepare<[StoryColumns & { id: number; now: string }]>(
    `UPDATE stories SET ${STORY_COLUMNS.map((name) => `${name} = @${name}`).join(", ")}, last_changed_at = @now
     WHERE id = @id`,
  );
  const insertDocument = db.prepare<[number, string]>("INSERT INTO story_documents (story_id, document) VALUES (?, ?)");
  const reviseDocument = db.prepare<[string, number]>("UPDATE story_documents SET document = ? WHERE story_id = ?");
  const keepCopy = db.prepare<[string, string, number, string, string]>(
    `INSERT INTO story_copies (source, identity, story_id, content_hash, first_seen_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (source, identity) DO UPDATE SET story_id = excluded.story_id, content_hash = excluded.content_hash`,
  );

  function view(source: ArchiveSource, entries: readonly ArchiveEntry[]): ArchiveView {
    const own = new Map<string, { id: number; slug: string; contentHash: string }>();
    const copies = new Map<string, { storyId: number; slug: string; contentHash: string }>();
    const others = new Map<number, OtherStory>();
    const taken = new Set<string>();
    for (const entry of entries) {
      const mine = ownStory.get(source.key, entry.identity);
      if (mine) own.set(entry.identity, { id: mine.id, slug: mine.slug, contentHash: mine.content_hash });
      const copy = copyOf.get(source.key, entry.identity);
      if (copy) copies.set(entry.identity, { storyId: copy.story_id, slug: copy.slug, contentHash: copy.content_hash });
      if (mine || copy) continue;
      const rows = [
        ...(entry.canonicalLink === null ? [] : sameLink.all(entry.canonicalLink, source.key)),
        ...(entry.fingerprint === null ? [] : sameWords.all(entry.fingerprint, source.key)),
      ];
      for (const row of rows) others.set(row.id, toOtherStory(row));
      for (const slug of takenSlugs.all(entry.slug, ...suffixRange(entry.slug))) taken.add(slug);
    }
    return { own, copies, others: [...others.values()].sort((a, b) => a.id - b.id), taken };
  }

  /** The plan's writes; returns the entries whose insert found its address or identity taken meanwhile. */
  function apply(source: ArchiveSource, plan: ArchivePlan, now: string): ArchiveEntry[] {
    for (const { id, slug, entry } of plan.revise) {
      reviseStory.run({ ...storyColumns(source, entry), id, now });
      reviseDocument.run(documentJson(entry.story, slug), id);
    }
    const missed = plan.insert.filter(({ entry, slug }) => {
      const inserted = insertStory.get({ ...storyColumns(source, entry), slug, now });
      if (inserted) insertDocument.run(inserted.id, documentJson(entry.story, slug));
      return inserted === undefined;
    });
    for (const copy of plan.copy) keepCopy.run(copy.source, copy.identity, copy.storyId, copy.contentHash, now);
    return missed.map(({ entry }) => entry);
  }

  const archiveStories = db.transaction((source: ArchiveSource, entries: readonly ArchiveEntry[], now: string) => {
    upsertSource.run(source.key, source.name, source.priority, now);
    const decided = new Map<string, ArchiveOutcome>();
    let pending: readonly ArchiveEntry[] = entries;
    for (let pass = 0; pending.length > 0; pass += 1) {
      if (pass === MAX_PASSES)
        throw new Error("The archive kept losing addresses to another writer; nothing was kept.");
      const plan = planArchive(source, pending, view(source, pending));
      pending = settle(decided, plan, apply(source, plan, now));
    }
    return inEntryOrder(entries, decided);
  });

  const headlineColumns = "SELECT id, slug, date_published, summary FROM stories";
  const newest = "ORDER BY date_published DESC, id DESC LIMIT ?";
  const listAll = db.prepare<[number], HeadlineRow>(`${headlineColumns} WHERE taken_down_at IS NULL ${newest}`);
  const listAllBefore = db.prepare<[string, number, number], HeadlineRow>(
    `${headlineColumns} WHERE taken_down_at IS NULL AND (date_published, id) < (?, ?) ${newest}`,
  );
  const listSection = db.prepare<[string, number], HeadlineRow>(
    `${headlineColumns} WHERE taken_down_at IS NULL AND section_key = ? ${newest}`,
  );
  const listSectionBefore = db.prepare<[string, string, number, number], HeadlineRow>(
    `${headlineColumns} WHERE taken_down_at IS NULL AND section_key = ? AND (date_published, id) < (?, ?) ${newest}`,
  );
  const bySlug = db.prepare<[string], StoryRow>(
    `SELECT s.id, s.slug, s.source, s.source_name, s.identity, d.document, s.first_seen_at, s.last_changed_at,
       s.taken_down_at, s.taken_down_reason, s.taken_down_by
     FROM stories s JOIN story_documents d ON d.story_id = s.id WHERE s.slug = ?`,
  );
  const placeOf = db.prepare<[string], { id: number; section_key: string | null }>(
    "SELECT id, section_key FROM stories WHERE slug = ?",
  );
  const relatedInSection = db.prepare<[string, number, number], HeadlineRow>(
    `${headlineColumns} WHERE taken_down_at IS NULL AND section_key = ? AND id <> ? ${newest}`,
  );
  const relatedInAll = db.prepare<[number, number], HeadlineRow>(
    `${headlineColumns} WHERE taken_down_at IS NULL AND id <> ? ${newest}`,
  );
  const ownHash = db
    .prepare<[string, string], string>("SELECT content_hash FROM stories WHERE source = ? AND identity = ?")
    .pluck();
  const copyHash = db
    .prepare<[string, string], string>("SELECT content_hash FROM story_copies WHERE source = ? AND identity = ?")
    .pluck();
  const takenDownAt = db.prepare<[string], { taken_down_at: string | null }>(
    "SELECT taken_down_at FROM stories WHERE slug = ?",
  );

  return {
    async archivedHashes(source, identities) {
      const hashes = new Map<string, string>();
      for (const identity of identities) {
        const hash = ownHash.get(source, identity) ?? copyHash.get(source, identity);
        if (hash !== undefined) hashes.set(identity, hash);
      }
      return hashes;
    },
    async archiveStories(source, entries, now) {
      if (entries.length === 0) return [];
      return archiveStories.immediate(source, entries, now.toISOString());
    },
    async storyBySlug(slug) {
      const row = bySlug.get(slug);
      return row ? toArchivedStory(row) : undefined;
    },
    async headlines({ limit, section, before }) {
      const rows =
        section === undefined
          ? before
            ? listAllBefore.all(before.datePublished, before.id, limit + 1)
            : listAll.all(limit + 1)
          : before
            ? listSectionBefore.all(section, before.datePublished, before.id, limit + 1)
            : listSection.all(section, limit + 1);
      return toHeadlinePage(rows, limit);
    },
    async relatedHeadlines(slug, limit) {
      const place = placeOf.get(slug);
      if (!place) return [];
      const rows =
        place.section_key === null
          ? relatedInAll.all(place.id, limit)
          : relatedInSection.all(place.section_key, place.id, limit);
      return rows.map(toHeadline);
    },
    async countStories() {
      return Number(db.prepare("SELECT count(*) FROM stories WHERE taken_down_at IS NULL").pluck().get());
    },
    async takeDown(slug, { reason, by, now }) {
      const { changes } = db
        .prepare(
          `UPDATE stories SET taken_down_at = ?, taken_down_reason = ?, taken_down_by = ?
           WHERE slug = ? AND taken_down_at IS NULL`,
        )
        .run(now.toISOString(), reason, by, slug);
      if (changes === 1) return "taken-down";
      return takenDownAt.get(slug) ? "already-taken-down" : "unknown";
    },
    async restore(slug) {
      const { changes } = db
        .prepare(
          `UPDATE stories SET taken_down_at = NULL, taken_down_reason = NULL, taken_down_by = NULL
           WHERE slug = ? AND taken_down_at IS NOT NULL`,
        )
        .run(slug);
      if (changes === 1) return "restored";
      return takenDownAt.get(slug) ? "not-taken-down" : "unknown";
    },
  };
}

function migrate(db: Database.Database): void {
  // IMMEDIATE takes the write lock before reading the version, so two processes
  // opening a fresh file cannot both apply the same migration.
  db.transaction(() => {
    const version = Number(db.pragma("user_version", { simple: true }));
    if (version > migrations.length) {
      throw new Error(`Database schema version ${version} is newer than this server supports (${migrations.length}).`);
    }
    if (version === migrations.length) return;
    for (const sql of migrations.slice(version)) db.exec(sql);
    db.pragma(`user_version = ${migrations.length}`);
  }).immediate();
}
