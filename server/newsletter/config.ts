import type { DailySchedule } from "../../contract/dailyEmail.ts";
import type { MailHookSettings } from "./bounces/settings.ts";
import { readMailHookSettings } from "./bounces/settings.ts";

export type MailConfig = {
  databaseUrl: string | undefined;
  smtpUrl: string | undefined;
  mailFrom: string;
  ratePerSecond: number;
  outboxDir: string;
  postalAddress: string;
  signupSecret: string | undefined;
  /** HH:MM in digestTimezone, when the running server sends each day's edition; undefined with DIGEST_AT=off. */
  digestAt: string | undefined;
  digestTimezone: string;
  /** Bounce and complaint webhooks, each on only when its setting is given. */
  webhooks: MailHookSettings;
};

export const DEFAULT_DIGEST_AT = "07:00";

type Env = Record<string, string | undefined>;

/** The daily email's settings; throws a readable Error for bad values. */
export function readMailConfig(env: Env): MailConfig {
  const rate = env.MAIL_RATE_PER_SECOND || "10";
  if (!/^\d+$/.test(rate) || Number(rate) > 100_000) {
    throw new Error(`MAIL_RATE_PER_SECOND must be a whole number from 0 (no limit) to 100000, got "${rate}".`);
  }
  const digestAt = digestTime(env.DIGEST_AT);
  // The site's zone is the one its server runs in (TZ) when that names an IANA zone.
  const digestTimezone = env.DIGEST_TIMEZONE || (env.TZ && isTimeZone(env.TZ) ? env.TZ : "UTC");
  if (!isTimeZone(digestTimezone)) {
    throw new Error(`DIGEST_TIMEZONE must be an IANA time zone such as Europe/London, got "${digestTimezone}".`);
  }
  const smtpUrl = env.SMTP_URL || undefined;
  if (smtpUrl !== undefined && !/^smtps?:\/\//.test(smtpUrl)) {
    throw new Error("SMTP_URL must start with smtp:// or smtps://.");
  }
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new Error("DATABASE_URL must start with postgres://.");
  }
  return {
    databaseUrl,
    smtpUrl,
    mailFrom: env.MAIL_FROM || "Dispatch <headlines@localhost>",
    ratePerSecond: Number(rate),
    outboxDir: env.MAIL_OUTBOX_DIR || "data/outbox",
    postalAddress: env.MAIL_POSTAL_ADDRESS || "",
    signupSecret: env.SIGNUP_SECRET || undefined,
    digestAt,
    digestTimezone,
    webhooks: readMailHookSettings(env),
  };
}

/** DIGEST_AT: 07:00 when unset, so a fresh install sends what its signup forms promise; `off` sends nothing by itself. */
function digestTime(raw: string | undefined): string | undefined {
  if (!raw) return DEFAULT_DIGEST_AT;
  if (raw.toLowerCase() === "off") return undefined;
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(raw)) {
    throw new Error(`DIGEST_AT must be a time of day such as 07:00, or off, got "${raw}".`);
  }
  return raw;
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** When the running server sends each day's edition, or undefined when it does not. */
export function dailySchedule(mail: Pick<MailConfig, "digestAt" | "digestTimezone">): DailySchedule | undefined {
  return mail.digestAt ? { time: mail.digestAt, timeZone: mail.digestTimezone } : undefined;
}

/** The day it is in `timeZone`, as YYYY-MM-DD. */
export function localDate(now: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}
