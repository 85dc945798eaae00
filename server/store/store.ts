/** Everything Dispatch keeps: one interface, implemented on SQLite (sqlite.ts) and PostgreSQL (postgres.ts). */
import type { Headline, Story } from "../../contract/schema.ts";

export const SUBSCRIBER_STATUSES = ["pending", "confirmed", "unsubscribed", "bounced"] as const;
export type SubscriberStatus = (typeof SUBSCRIBER_STATUSES)[number];

export const RECIPIENT_STATUSES = ["pending", "sending", "sent", "failed"] as const;
export type RecipientStatus = (typeof RECIPIENT_STATUSES)[number];

export type Subscriber = {
  id: number;
  /** As first typed, trimmed. */
  email: string;
  emailNormalized: string;
  list: string;
  status: SubscriberStatus;
  consentAskedAt: string;
  consentGivenAt: string | null;
  sourcePage: string | null;
  createdAt: string;
};

export type SignUpInput = {
  email: string;
  list: string;
  sourcePage: string | null;
  now: Date;
  /** SHA-256 of a fresh confirmation token, stored only if a confirmation email is due. */
  tokenHash: string;
  tokenExpiresAt: Date;
  /** A pending address gets at most one confirmation email in this time. */
  resendIntervalMs: number;
  /** Counted first, in the same transaction: over the limit, nothing else changes. */
  rateLimit?: RateLimitHit;
};

/** One attempt counted against `key`'s fixed window of `windowMs`, which allows `limit`. */
export type RateLimitHit = { key: string; limit: number; windowMs: number };

export type SignUpOutcome =
  | { status: "already-subscribed" }
  | { status: "rate-limited"; retryAfterSeconds: number }
  /** `send` is false when no email is due: one went out recently, or the address bounced. */
  | { status: "confirmation-sent"; subscriberId: number; email: string; send: boolean };

export type TokenState = "valid" | "invalid" | "expired" | "used";

export type RateLimitResult = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Seconds until a window that started at `windowStart` (ms) and lasts `windowMs` ends, at `now`; at least 1. */
export function retryAfterSeconds(windowStart: number, windowMs: number, now: number): number {
  return Math.max(1, Math.ceil((windowStart + windowMs - now) / 1000));
}

/** What a window holding `count` attempts since `windowStart` (ms) allows, at `now`. */
export function rateLimitResult(
  window: { windowStart: number; count: number },
  hit: Pick<RateLimitHit, "limit" | "windowMs">,
  now: number,
): RateLimitResult {
  if (window.count <= hit.limit) return { allowed: true };
  return { allowed: false, retryAfterSeconds: retryAfterSeconds(window.windowStart, hit.windowMs, now) };
}

export type Edition = {
  id: number;
  list: string;
  /** The edition's day, YYYY-MM-DD. */
  date: string;
  subject: string;
  /** The message parts, with UNSUBSCRIBE_PLACEHOLDER where each recipient's own link goes. */
  html: string;
  text: string;
  createdAt: string;
};

export type NewEdition = Omit<Edition, "id" | "createdAt"> & { now: Date };

export type Recipient = { id: number; subscriberId: number; email: string };

export type SentMessage = { recipientId: number; messageId: string };

/**
 * What became of a message handed to the mail server. `deferred` was certainly not accepted
 * (refused with a 4xx, or the connection ended before the data): the recipient goes back to
 * pending, still claimed by its run so that run does not try again at once.
 */
export type RecipientAnswer =
  | ({ outcome: "sent" } & SentMessage)
  | { outcome: "bounced"; recipientId: number; error: string }
  | { outcome: "deferred"; recipientId: number };

/** One step of a run: the answers since its last step, and the recipients it is about to hand over. */
export type RunProgress = {
  /** The run's own id: its claims are its own. */
  run: string;
  answers: readonly RecipientAnswer[];
  handOver: readonly number[];
};

export type RecipientCounts = Record<RecipientStatus, number> & { skipped: number };

export const MAIL_EVENT_KINDS = ["hard-bounce", "soft-bounce", "complaint"] as const;
export type MailEventKind = (typeof MAIL_EVENT_KINDS)[number];

/** A bounce or complaint a mail provider reported after the message left, verified and read. */
export type MailEvent = {
  provider: "postmark" | "sendgrid" | "ses";
  /** The provider's own id for the event: a post retried or replayed counts once. */
  eventId: string;
  kind: MailEventKind;
  email: string;
  /** The Message-ID the digest gave the message, when the provider reports it. */
  messageId?: string;
  occurredAt: Date;
};

/** Soft bounces of this many editions in a row mark an address bounced. */
export const SOFT_BOUNCES_IN_A_ROW = 3;

export type MailEventOutcome = {
  /** Matched a subscriber and recorded. */
  recorded: number;
  /** No such address or message, or a replay of an event already recorded: changes nothing. */
  ignored: number;
};

export type MailEventCounts = Record<MailEventKind, number>;
/** A source as the archive knows it: its key in CONTENT_SOURCE, its name for readers, its rank (0 first). */
export type ArchiveSource = { key: string; name: string; priority: number };

/** A story ready to keep, validated and reduced by the ingester (server/archive/ingest.ts). */
export type ArchiveEntry = {
  /** The story's identity at its source: WordPress post id, feed guid/id/link, ninjs uri. */
  identity: string;
  /** A hash of what the source gave: equal means nothing changed, and nothing is written. */
  contentHash: string;
  /** The address asked for; it is the story's for good unless another story has it already. */
  slug: string;
  /** The contract document; its slug and related headlines are the archive's, not the source's. */
  story: Story;
  /** datePublished in UTC (toISOString), so text order is time order. */
  datePublished: string;
  /** The section's address part (`World news` → `world-news`), or null. */
  sectionKey: string | null;
  /** The story's link with scheme, `www.`, trailing slash and tracking parameters gone, or null. */
  canonicalLink: string | null;
  /** A hash of the headline and opening paragraph as words, or null when there is no opening paragraph. */
  fingerprint: string | null;
};

/**
 * What keeping an entry did. `copy`: another source ranked higher, or first, already carries
 * the story, so this source's item is only remembered. `took-over`: this source outranks the
 * one that carried the story; its text replaces the other's at the story's first address.
 */
export type ArchiveStatus = "added" | "revised" | "unchanged" | "copy" | "took-over";
export type ArchiveOutcome = { identity: string; slug: string; status: ArchiveStatus };

export type Takedown = { at: string; reason: string; by: string };

export type ArchivedStory = {
  id: number;
  slug: string;
  story: Story;
  source: string;
  sourceName: string;
  identity: string;
  firstSeenAt: string;
  lastChangedAt: string;
  takenDown: Takedown | null;
};

/** Where a page of headlines ends: the next page starts after this story. */
export type ArchiveCursor = { datePublished: string; id: number };

export type HeadlineQuery = {
  limit: number;
  /** A section's key: only its stories. */
  section?: string;
  before?: ArchiveCursor;
};

/** Newest first; `next` is set when older stories follow. */
export type HeadlinePage = { headlines: Headline[]; next: ArchiveCursor | undefined };

export type TakedownResult = "taken-down" | "already-taken-down" | "unknown";
export type RestoreResult = "restored" | "not-taken-down" | "unknown";

export type Store = {
  readonly kind: "sqlite" | "postgres";
  /** Stores or refreshes a pending signup in one transaction; see SignUpOutcome. */
  signUp(input: SignUpInput): Promise<SignUpOutcome>;
  /** Lets a new confirmation email go out at once, after the last one could not be sent. */
  releaseConfirmation(subscriberId: number): Promise<void>;
  /** What a token would do, changing nothing. */
  checkConfirmation(tokenHash: string, now: Date): Promise<TokenState>;
  /** Spends the token and confirms its subscriber; "valid" means confirmed now. */
  confirm(tokenHash: string, now: Date): Promise<TokenState>;
  subscriber(id: number): Promise<Subscriber | undefined>;
  /** True when the subscriber exists; unsubscribing twice is not an error. */
  unsubscribe(id: number, now: Date): Promise<boolean>;
  /** Fixed window shared by every instance on the database. */
  hitRateLimit(key: string, limit: number, windowMs: number, now: number): Promise<RateLimitResult>;
  /** Deletes pending subscribers asked before `before`, expired tokens and old rate-limit windows. */
  purge(before: Date, now: Date): Promise<number>;
  /** The stored value of a setting, storing `candidate` first if there is none: every instance agrees. */
  setting(name: string, candidate: string): Promise<string>;
  subscribers(): Promise<Subscriber[]>;
  /** Records the edition and its recipients (every confirmed subscriber now) once; a second call returns the first. */
  createEdition(edition: NewEdition): Promise<{ edition: Edition; created: boolean }>;
  /**
   * Claims up to `limit` pending recipients, unclaimed and still subscribed, for `run`; no two
   * runs get the same one. A claim only says who means to send: the recipient stays pending.
   */
  claimRecipients(editionId: number, run: string, limit: number, now: Date): Promise<Recipient[]>;
  /**
   * In one transaction: records `answers`, then moves each of `handOver` still pending and
   * claimed by the run to `sending`. Returns the ids it moved: only those may be handed over.
   */
  recordProgress(progress: RunProgress, now: Date): Promise<number[]>;
  /** Drops the claims on the edition's pending recipients: `run`'s own, or every run's. Returns how many. */
  releaseClaims(editionId: number, run?: string): Promise<number>;
  /** Puts recipients left in `sending` (by a crash) back to pending; returns how many. */
  resendUncertain(editionId: number): Promise<number>;
  recipientCounts(editionId: number): Promise<RecipientCounts>;
  /** Subscriber ids left in `sending`: in flight at a crash, or in another run now. */
  uncertainRecipients(editionId: number): Promise<number[]>;
  /**
   * In one transaction, for each event not recorded before, about a known address or message:
   * records it against its edition (by Message-ID, else the latest edition sent to the address);
   * a hard bounce, or soft bounces of SOFT_BOUNCES_IN_A_ROW editions in a row (an edition sent in
   * between without one breaks the row), marks the address bounced; a complaint unsubscribes it.
   */
  recordMailEvents(list: string, events: readonly MailEvent[], now: Date): Promise<MailEventOutcome>;
  /** The bounces and complaints reported so far about one edition. */
  mailEventCounts(editionId: number): Promise<MailEventCounts>;
  /** The content hashes of the items of `source` the archive holds, by identity, among `identities`. */
  archivedHashes(source: string, identities: readonly string[]): Promise<Map<string, string>>;
  /** Keeps the entries in one transaction, in the order given; see ArchiveStatus. */
  archiveStories(source: ArchiveSource, entries: readonly ArchiveEntry[], now: Date): Promise<ArchiveOutcome[]>;
  /** The story at an address, taken down or not. */
  storyBySlug(slug: string): Promise<ArchivedStory | undefined>;
  /** Stories not taken down, newest first (datePublished, then the order they were first kept). */
  headlines(query: HeadlineQuery): Promise<HeadlinePage>;
  /** The newest stories of the story's section (of all, when it has none), not it, not taken down. */
  relatedHeadlines(slug: string, limit: number): Promise<Headline[]>;
  /** Stories not taken down. */
  countStories(): Promise<number>;
  takeDown(slug: string, takedown: { reason: string; by: string; now: Date }): Promise<TakedownResult>;
  restore(slug: string): Promise<RestoreResult>;
  /** Resolves when the database answers a query (for readiness checks). */
  ping(): Promise<void>;
  close(): Promise<void>;
};

export const UNSUBSCRIBE_PLACEHOLDER = "%%UNSUBSCRIBE_URL%%";

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
