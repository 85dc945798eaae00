import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openSignupStore } from "./signups.ts";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "dispatch-signups-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("openSignupStore", () => {
  it("creates the parent directory, the file and the schema on first use", () => {
    const path = join(dir, "nested", "data", "signups.sqlite");
    openSignupStore(path).close();

    const db = new Database(path, { readonly: true });
    expect(db.pragma("user_version", { simple: true })).toBe(1);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    const columns = db.prepare<[], { name: string }>("PRAGMA table_info(subscriptions)").all();
    expect(columns.map((column) => column.name)).toEqual(["id", "email", "email_normalized", "list", "created_at"]);
    db.close();
  });

  it("stores the address as typed, trimmed, and reports repeats case-insensitively", () => {
    const store = openSignupStore(join(dir, "signups.sqlite"));
    expect(store.subscribe("  Reader@Example.com ", "daily-headlines")).toBe("subscribed");
    expect(store.subscribe("reader@example.COM", "daily-headlines")).toBe("already-subscribed");
    expect(store.subscribe("reader@example.com", "weekly-digest")).toBe("subscribed");

    const rows = store.all();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      email: "Reader@Example.com",
      email_normalized: "reader@example.com",
      list: "daily-headlines",
    });
    expect(Date.parse(rows[0]?.created_at ?? "")).not.toBeNaN();
    store.close();
  });

  it("keeps committed signups across a reopen", () => {
    const path = join(dir, "signups.sqlite");
    const first = openSignupStore(path);
    first.subscribe("Durable@Example.com", "daily-headlines");
    first.close();

    const second = openSignupStore(path);
    expect(second.all().map((row) => row.email)).toEqual(["Durable@Example.com"]);
    expect(second.subscribe("durable@example.com", "daily-headlines")).toBe("already-subscribed");
    second.close();
  });

  it("does not re-run migrations on a database already at the current version", () => {
    const path = join(dir, "signups.sqlite");
    const db = new Database(path);
    db.exec(`CREATE TABLE subscriptions (id INTEGER PRIMARY KEY, email TEXT NOT NULL,
      email_normalized TEXT NOT NULL, list TEXT NOT NULL, created_at TEXT NOT NULL,
      marker TEXT, UNIQUE (email_normalized, list))`);
    db.pragma("user_version = 1");
    db.close();

    openSignupStore(path).close();

    const reopened = new Database(path, { readonly: true });
    const columns = reopened.prepare<[], { name: string }>("PRAGMA table_info(subscriptions)").all();
    expect(columns.map((column) => column.name)).toContain("marker");
    reopened.close();
  });

  it("refuses a database written by a newer schema version", () => {
    const path = join(dir, "signups.sqlite");
    const db = new Database(path);
    db.pragma("user_version = 99");
    db.close();

    expect(() => openSignupStore(path)).toThrow(/version 99 is newer/);
  });
});
