import { openPostgresStore } from "./postgres.ts";
import { openSqliteStore } from "./sqlite.ts";
import type { Store } from "./store.ts";

export type {
  ArchiveCursor,
  ArchivedStory,
  ArchiveEntry,
  ArchiveOutcome,
  ArchiveSource,
  ArchiveStatus,
  Edition,
  MailEvent,
  MailEventCounts,
  MailEventKind,
  MailEventOutcome,
  HeadlinePage,
  HeadlineQuery,
  RestoreResult,
  Takedown,
  TakedownResult,
  RateLimitHit,
  RateLimitResult,
  Recipient,
  RecipientAnswer,
  RecipientCounts,
  RunProgress,
  SentMessage,
  Store,
  Subscriber,
  SubscriberStatus,
  TokenState,
} from "./store.ts";
export { normalizeEmail, SOFT_BOUNCES_IN_A_ROW, UNSUBSCRIBE_PLACEHOLDER } from "./store.ts";
export { encodeCursor, parseCursor } from "./stories.ts";
export { openPostgresStore } from "./postgres.ts";
export { openSqliteStore } from "./sqlite.ts";

/** PostgreSQL when DATABASE_URL is set, otherwise SQLite at DATABASE_PATH. */
export function openStore(options: { databaseUrl?: string; databasePath: string }): Promise<Store> {
  return options.databaseUrl
    ? openPostgresStore(options.databaseUrl)
    : Promise.resolve(openSqliteStore(options.databasePath));
}
