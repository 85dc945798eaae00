import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";

export type SubscribeResult = "subscribed" | "already-subscribed";

export type SubscriptionRow = {
  id: number;
  email: string;
  email_normalized: string;
  list: string;
  created_at: string;
};

export type SignupStore = {
  subscribe(email: string, list: string): SubscribeResult;
  all(): SubscriptionRow[];
  close(): void;
};

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
];

function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function openSignupStore(path: string): SignupStore {
  mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  try {
    db.pragma("journal_mode = WAL");
    // FULL makes every committed signup survive a power cut, not only a crash.
    db.pragma("synchronous = FULL");
    db.pragma("busy_timeout = 5000");
    migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }

  const insert = db.prepare<[string, string, string, string]>(
    `INSERT INTO subscriptions (email, email_normalized, list, created_at)
     VALUES (?, ?, ?, ?)
     ON CONFLICT (email_normalized, list) DO NOTHING`,
  );
  const selectAll = db.prepare<[], SubscriptionRow>("SELECT * FROM subscriptions ORDER BY id");

  return {
    subscribe(email, list) {
      const typed = email.trim();
      const { changes } = insert.run(typed, normalizeEmail(typed), list, new Date().toISOString());
      return changes === 1 ? "subscribed" : "already-subscribed";
    },
    all: () => selectAll.all(),
    close: () => db.close(),
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
