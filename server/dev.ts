import type { Hono } from "hono";
import { createApi } from "./api.ts";
import { readConfig } from "./config.ts";
import { readMailConfig } from "./newsletter/config.ts";
import { openMailService } from "./newsletter/service.ts";

/** The API as `npm run dev` serves it through Vite: the same handlers and settings as production. */
export async function createDevApi(): Promise<Hono> {
  const config = readConfig(process.env);
  const { subscriptions } = await openMailService(config, readMailConfig(process.env));
  return createApi({ ...config, subscriptions });
}
