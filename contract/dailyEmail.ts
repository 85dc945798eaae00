/**
 * When the daily email goes out, as the server's settings (DIGEST_AT, DIGEST_TIMEZONE) say, and
 * the words that promise it: the same for the dialog, the server's pages and the confirmation
 * email, so no page promises a time the settings do not keep.
 */

import type { DAILY_HEADLINES } from "./signup.ts";

/** A time of day, HH:MM, in an IANA time zone. */
export type DailySchedule = { time: string; timeZone: string };

/** GET {base}/subscriptions/daily-headlines: `schedule` null when the server sends no edition by itself. */
export type DailyEmailInfo = { list: typeof DAILY_HEADLINES; schedule: DailySchedule | null };

/** "each morning" and the like, or undefined when nothing is sent on a schedule. */
export function partOfDay(schedule: DailySchedule | null | undefined): string | undefined {
  if (!schedule) return undefined;
  const hour = Number(schedule.time.slice(0, 2));
  if (hour < 12) return "each morning";
  return hour < 17 ? "each afternoon" : "each evening";
}

/** What a subscriber gets, as a sentence for the signup forms. */
export function dailyEmailOffer(schedule: DailySchedule | null | undefined): string {
  const when = partOfDay(schedule);
  return when
    ? `One email ${when} with the day's top headlines. Every email has a link to unsubscribe.`
    : "The day's top headlines by email. Every email has a link to unsubscribe.";
}
