import { existsSync } from "node:fs";
import { openStore } from "../store/index.ts";
import { subscribersCsv } from "./subscribersCsv.ts";

/**
 * `npm run subscribers:export`: every subscriber as CSV on stdout. Compiled with the server
 * (dist-server/export-subscribers.js), so a production install runs it with plain node.
 */
const databaseUrl = process.env.DATABASE_URL || undefined;
const databasePath = process.env.DATABASE_PATH || "data/dispatch.sqlite";
if (!databaseUrl && !existsSync(databasePath)) {
  console.error(`No signup database at ${databasePath} (set DATABASE_PATH, or DATABASE_URL for PostgreSQL).`);
  process.exit(1);
}
const store = await openStore({ databaseUrl, databasePath });
try {
  process.stdout.write(subscribersCsv(await store.subscribers()));
} finally {
  await store.close();
}
