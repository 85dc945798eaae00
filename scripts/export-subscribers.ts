import { existsSync } from "node:fs";
import { openSignupStore } from "../server/signups.ts";
import { subscribersCsv } from "../server/subscribersCsv.ts";

const path = process.env.DATABASE_PATH || "data/dispatch.sqlite";
if (!existsSync(path)) {
  console.error(`No signup database at ${path} (set DATABASE_PATH).`);
  process.exit(1);
}
const store = openSignupStore(path);
try {
  process.stdout.write(subscribersCsv(store.all()));
} finally {
  store.close();
}
