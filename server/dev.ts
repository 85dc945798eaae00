import type { Hono } from "hono";
import { createApi } from "./api.ts";
import { readConfig } from "./config.ts";
import { openSignupStore } from "./signups.ts";

/** The API as `npm run dev` serves it through Vite: the same handlers and settings as production. */
export function createDevApi(): Hono {
  const config = readConfig(process.env);
  return createApi({ ...config, store: openSignupStore(config.databasePath) });
}
