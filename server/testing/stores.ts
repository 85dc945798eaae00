import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { inject } from "vitest";
import { DAILY_HEADLINES } from "../../contract/signup.ts";
import type { Story } from "../../contract/schema.ts";
import { openPostgresStore } from "../store/postgres.ts";
import { openSqliteStore } from "../store/sqlite.ts";
import type { Edition, Store } from "../store/store.ts";

/** Where a test's stores live: a fresh SQLite file or a fresh database on the test PostgreSQL server. */
export type StoreTarget = {
  kind: "sqlite" | "postgres";
  /** A store on this target; call again for a second instance on the same data. */
  open(): Promise<Store>;
  /** What `openStore` takes to reach the same data, e.g. in a child process. */
  location: { databaseUrl?: string; databasePath: string };
  remove(): Promise<void>;
};

export async function sqliteTarget(): Promise<StoreTarget> {
  const dir = mkdtempSync(join(tmpdir(), "dispatch-store-"));
  const databasePath = join(dir, "dispatch.sqlite");
  return {
    kind: "sqlite",
    open: async () => openSqliteStore(databasePath),
    location: { databasePath },
    remove: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

export async function postgresTarget(): Promise<StoreTarget> {
  const adminUrl = inject("postgresUrl");
  const name = `test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  return {
    kind: "postgres",
    open: () => openPostgresStore(databaseUrl),
    location: { databaseUrl, databasePath: "unused.sqlite" },
    async remove() {
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

/**
 * A reader signed up for the daily headlines as the signup flow records one (a fresh token,
 * valid for an hour), and confirmed unless `confirm` is false: the subscriber's id.
 */
export async function signUpSubscriber(
  store: Store,
  email: string,
  {
    confirm = true,
    now = new Date(),
    sourcePage = null,
  }: { confirm?: boolean; now?: Date; sourcePage?: string | null } = {},
): Promise<number> {
  const hash = createHash("sha256").update(randomBytes(32)).digest("hex");
  const outcome = await store.signUp({
    email,
    list: DAILY_HEADLINES,
    sourcePage,
    now,
    tokenHash: hash,
    tokenExpiresAt: new Date(now.getTime() + 3_600_000),
    resendIntervalMs: 0,
  });
  if (outcome.status !== "confirmation-sent") throw new Error(`expected a new signup for ${email}`);
  if (confirm) await store.confirm(hash, now);
  return outcome.subscriberId;
}

/** The daily edition already recorded for `date` (recording it again returns the first). */
export async function recordedEdition(store: Store, date: string): Promise<Edition> {
  const { edition } = await store.createEdition({
    list: DAILY_HEADLINES,
    date,
    subject: "",
    html: "",
    text: "",
    now: new Date(),
  });
  return edition;
}

/** Both implementations, for `describe.each`: every store test runs against each. */
export const STORE_TARGETS = [
  ["SQLite", sqliteTarget],
  ["PostgreSQL", postgresTarget],
] as const;

/** A small contract story for the archive's tests: two paragraphs, the first one given or made from the slug. */
export function testStory(fields: {
  slug: string;
  headline?: string;
  datePublished?: string;
  section?: string;
  opening?: string;
}): Story {
  const { slug, headline = slug.replace(/-/g, " "), datePublished = "2026-12-01T08:00:00Z", section } = fields;
  return {
    slug,
    headline,
    datePublished,
    ...(section !== undefined && { section }),
    body: [
      { type: "paragraph", html: fields.opening ?? `The opening of <em>${headline}</em>.` },
      { type: "paragraph", html: "What followed." },
    ],
    related: [],
  };
}
