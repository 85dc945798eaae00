import { createPrivateKey } from "node:crypto";
import type { KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";
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
  /** DKIM signing of every message, with MAIL_DKIM_DOMAIN, MAIL_DKIM_SELECTOR and MAIL_DKIM_PRIVATE_KEY_FILE. */
  dkim: DkimSettings | undefined;
};

/** nodemailer's own `dkim` option. */
export type DkimSettings = { domainName: string; keySelector: string; privateKey: string };

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
    dkim: readDkim(env),
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

const DKIM_SETTINGS = ["MAIL_DKIM_DOMAIN", "MAIL_DKIM_SELECTOR", "MAIL_DKIM_PRIVATE_KEY_FILE"] as const;

/** DKIM is on when all three settings are given; the key file is read now, so a bad one stops the start. */
function readDkim(env: Env): DkimSettings | undefined {
  const given = DKIM_SETTINGS.filter((name) => env[name]);
  if (given.length === 0) return undefined;
  if (given.length < DKIM_SETTINGS.length) {
    const missing = DKIM_SETTINGS.filter((name) => !env[name]);
    throw new Error(`DKIM signing needs all of ${DKIM_SETTINGS.join(", ")}; ${missing.join(" and ")} not set.`);
  }
  const domainName = env.MAIL_DKIM_DOMAIN ?? "";
  const keySelector = env.MAIL_DKIM_SELECTOR ?? "";
  const file = env.MAIL_DKIM_PRIVATE_KEY_FILE ?? "";
  if (!/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$/i.test(domainName)) {
    throw new Error(`MAIL_DKIM_DOMAIN must be a domain name such as news.example, got "${domainName}".`);
  }
  if (!/^[a-z0-9](?:[a-z0-9._-]{0,62})$/i.test(keySelector)) {
    throw new Error(`MAIL_DKIM_SELECTOR must be a DNS label such as dispatch2026, got "${keySelector}".`);
  }
  let privateKey: string;
  try {
    privateKey = readFileSync(file, "utf8");
  } catch (error) {
    throw new Error(
      `MAIL_DKIM_PRIVATE_KEY_FILE could not be read (${file}): ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(privateKey);
  } catch (error) {
    throw new Error(
      `MAIL_DKIM_PRIVATE_KEY_FILE (${file}) holds no private key in PEM form: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (key.asymmetricKeyType !== "rsa") {
    throw new Error(`MAIL_DKIM_PRIVATE_KEY_FILE (${file}) must hold an RSA key: DKIM signs with rsa-sha256.`);
  }
  return { domainName, keySelector, privateKey };
}

/** When the running server sends each day's edition, or undefined when it does not. */
export function dailySchedule(mail: Pick<MailConfig, "digestAt" | "digestTimezone">): DailySchedule | undefined {
  return mail.digestAt ? { time: mail.digestAt, timeZone: mail.digestTimezone } : undefined;
}

/** The day it is in `timeZone`, as YYYY-MM-DD. */
export function localDate(now: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}
