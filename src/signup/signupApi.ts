import { queryOptions } from "@tanstack/react-query";
import * as v from "valibot";
import type { DailySchedule } from "../../contract/dailyEmail.ts";
import { DAILY_EMAIL_DOCUMENT } from "../../contract/paths.ts";
import { DAILY_HEADLINES } from "../../contract/signup.ts";
import { apiUrl } from "../api/index.ts";

export type SignupResult =
  | { kind: "confirmation-sent" }
  | { kind: "subscribed" }
  | { kind: "already-subscribed" }
  | { kind: "rate-limited"; retryAfterSeconds: number }
  | { kind: "rejected"; message: string }
  | { kind: "failed" };

// Contract 1.1: 202 confirmation-sent (double opt-in), 201 subscribed, 200 already-subscribed.
const StatusSchema = v.object({ status: v.picklist(["confirmation-sent", "subscribed", "already-subscribed"]) });
const ErrorSchema = v.object({ error: v.string() });

function retryAfter(header: string | null): number {
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds > 0) return Math.ceil(seconds);
  const date = header ? Date.parse(header) : Number.NaN;
  return Number.isNaN(date) ? 60 : Math.max(1, Math.ceil((date - Date.now()) / 1000));
}

/** POST {base}/subscriptions, as the contract says; every answer becomes a SignupResult. */
export async function requestSignup(email: string): Promise<SignupResult> {
  let response: Response;
  try {
    response = await fetch(apiUrl("subscriptions"), {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ email, list: DAILY_HEADLINES }),
      signal: AbortSignal.timeout(15_000),
    });
  } catch {
    return { kind: "failed" };
  }
  if (response.status === 429)
    return { kind: "rate-limited", retryAfterSeconds: retryAfter(response.headers.get("Retry-After")) };
  const body: unknown = await response.json().catch(() => null);
  if (response.status === 400) {
    const error = v.safeParse(ErrorSchema, body);
    return { kind: "rejected", message: error.success ? error.output.error : "The address was not accepted." };
  }
  const status = v.safeParse(StatusSchema, body);
  if (!response.ok || !status.success) return { kind: "failed" };
  return { kind: status.output.status };
}

const InfoSchema = v.object({
  schedule: v.nullable(
    v.object({ time: v.pipe(v.string(), v.regex(/^([01]\d|2[0-3]):[0-5]\d$/)), timeZone: v.string() }),
  ),
});

/**
 * When the server sends the daily email, or null when it sends none by itself. Anything else
 * (offline, an API without this address, a malformed answer) is null too: a page that cannot
 * tell when the email comes promises no time.
 */
export async function fetchDailySchedule(signal?: AbortSignal): Promise<DailySchedule | null> {
  try {
    const response = await fetch(apiUrl(DAILY_EMAIL_DOCUMENT), {
      headers: { Accept: "application/json" },
      signal,
    });
    if (!response.ok) return null;
    const info = v.safeParse(InfoSchema, await response.json());
    return info.success ? info.output.schedule : null;
  } catch (error) {
    if (!signal?.aborted) console.warn("The daily email's schedule could not be read:", error);
    return null;
  }
}

/** The schedule, asked once per visit: it changes only when the server restarts with new settings. */
export const dailyScheduleQuery = () =>
  queryOptions({
    queryKey: ["daily-schedule"],
    queryFn: ({ signal }) => fetchDailySchedule(signal),
    staleTime: Number.POSITIVE_INFINITY,
  });
