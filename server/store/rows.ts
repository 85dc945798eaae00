/**
 * The two stores' tables have the same columns (times as ISO 8601 text on both): their rows are
 * read into the store's types here, once.
 */
import type { Edition, MailEventCounts, RecipientCounts, Subscriber, SubscriberStatus, TokenState } from "./store.ts";
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
