import { stat } from "node:fs/promises";
import { join } from "node:path";
import Database from "better-sqlite3";
import type { ReadinessCheck } from "./health.ts";

/** The SQLite file answers a query, through a read-only handle of its own. */
export function sqliteReadiness(path: string): ReadinessCheck & { close(): void } {
  let db: Database.Database | undefined;
  return {
    name: "database",
    async check() {
      db ??= new Database(path, { readonly: true, fileMustExist: true });
      db.prepare("SELECT count(*) FROM sqlite_schema").get();
      return true;
    },
    close() {
      db?.close();
      db = undefined;
    },
  };
}

/**
 * The stories can be read: the bundled content's front page, or, when the app reads another
 * server's API, that API's front page.
 */
export function contentReadiness(options: {
  contentDir: string;
  apiBase: string;
  apiOrigin: string | undefined;
  fetch?: typeof fetch;
}): ReadinessCheck {
  const { contentDir, apiBase, apiOrigin, fetch: request = fetch } = options;
  return {
    name: "content",
    async check() {
      if (apiOrigin) {
        // A scheme-relative base follows the page's scheme; the server asks over https.
        const url = new URL("headlines.json", new URL(apiBase.replace(/\/?$/, "/"), "https://localhost"));
        const response = await request(url, { method: "HEAD", signal: AbortSignal.timeout(2000) });
        return response.ok;
      }
      return (await stat(join(contentDir, "api", "headlines.json"))).isFile();
    },
  };
}
