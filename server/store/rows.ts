/**
 * The two stores' tables have the same columns (times as ISO 8601 text on both): their rows are
 * read into the store's types here, once.
 */
import type { Headline, Story } from "../../contract/schema.ts";
import type { OtherStory } from "./stories.ts";
import type {
  ArchivedStory,
  Edition,
  HeadlinePage,
  MailEventCounts,
  RecipientCounts,
  Subscriber,
  SubscriberStatus,
  TokenState,
} from "./store.ts";
import { MAIL_EVENT_KINDS } from "./store.ts";

export type SubscriberRow = {
  id: number;
  email: string;
  email_normalized: string;
  list: string;
  status: SubscriberStatus;
  consent_asked_at: string;
  consent_given_at: string | null;
  source_page: string | null;
  confirmation_sent_at: string | null;
  created_at: string;
};

export type EditionRow = {
  id: number;
  list: string;
  edition_date: string;
  subject: string;
  html: string;
  text: string;
  created_at: string;
};

export function toSubscriber(row: SubscriberRow): Subscriber {
  return {
    id: row.id,
    email: row.email,
    emailNormalized: row.email_normalized,
    list: row.list,
    status: row.status,
    consentAskedAt: row.consent_asked_at,
    consentGivenAt: row.consent_given_at,
    sourcePage: row.source_page,
    createdAt: row.created_at,
  };
}

export function toEdition(row: EditionRow): Edition {
  return {
    id: row.id,
    list: row.list,
    date: row.edition_date,
    subject: row.subject,
    html: row.html,
    text: row.text,
    createdAt: row.created_at,
  };
}

export function tokenStateOf(token: { expires_at: string; used_at: string | null } | undefined, now: Date): TokenState {
  if (!token) return "invalid";
  if (token.used_at !== null) return "used";
  return token.expires_at <= now.toISOString() ? "expired" : "valid";
}

export function countsFrom(rows: readonly { status: string; count: number | string }[]): RecipientCounts {
  const counts: RecipientCounts = { pending: 0, sending: 0, sent: 0, failed: 0, skipped: 0 };
  for (const row of rows) {
    if (row.status in counts) counts[row.status as keyof RecipientCounts] = Number(row.count);
  }
  return counts;
}

export function mailEventCountsFrom(rows: readonly { kind: string; count: number | string }[]): MailEventCounts {
  const counts: MailEventCounts = { "hard-bounce": 0, "soft-bounce": 0, complaint: 0 };
  for (const row of rows) {
    const kind = MAIL_EVENT_KINDS.find((candidate) => candidate === row.kind);
    if (kind) counts[kind] = Number(row.count);
  }
  return counts;
}

export type OtherRow = {
  id: number;
  slug: string;
  source: string;
  identity: string;
  content_hash: string;
  priority: number | null;
  date_published: string;
  canonical_link: string | null;
  fingerprint: string | null;
};

export function toOtherStory(row: OtherRow): OtherStory {
  return {
    id: row.id,
    slug: row.slug,
    source: row.source,
    identity: row.identity,
    contentHash: row.content_hash,
    priority: row.priority,
    datePublished: row.date_published,
    canonicalLink: row.canonical_link,
    fingerprint: row.fingerprint,
  };
}

export type HeadlineRow = { id: number; slug: string; date_published: string; summary: string };

export function toHeadline(row: HeadlineRow): Headline {
  return { slug: row.slug, ...(JSON.parse(row.summary) as Omit<Headline, "slug">) };
}

/** One more row than asked for was read: its presence says an older page follows. */
export function toHeadlinePage(rows: readonly HeadlineRow[], limit: number): HeadlinePage {
  const shown = rows.slice(0, limit);
  const last = shown.at(-1);
  return {
    headlines: shown.map(toHeadline),
    next: rows.length > limit && last ? { datePublished: last.date_published, id: last.id } : undefined,
  };
}

export type StoryRow = {
  id: number;
  slug: string;
  source: string;
  source_name: string;
  identity: string;
  document: string;
  first_seen_at: string;
  last_changed_at: string;
  taken_down_at: string | null;
  taken_down_reason: string | null;
  taken_down_by: string | null;
};

export function toArchivedStory(row: StoryRow): ArchivedStory {
  return {
    id: row.id,
    slug: row.slug,
    // Checked against the contract when it was kept.
    story: JSON.parse(row.document) as Story,
    source: row.source,
    sourceName: row.source_name,
    identity: row.identity,
    firstSeenAt: row.first_seen_at,
    lastChangedAt: row.last_changed_at,
    takenDown:
      row.taken_down_at === null
        ? null
        : { at: row.taken_down_at, reason: row.taken_down_reason ?? "", by: row.taken_down_by ?? "" },
  };
}
