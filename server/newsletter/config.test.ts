import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { dailySchedule, localDate, readMailConfig } from "./config.ts";

describe("readMailConfig", () => {
  it("has defaults that work on a fresh machine: the outbox, 07:00 UTC, 10 messages a second", () => {
    expect(readMailConfig({})).toEqual({
      databaseUrl: undefined,
      smtpUrl: undefined,
      mailFrom: "Dispatch <headlines@localhost>",
      ratePerSecond: 10,
      outboxDir: "data/outbox",
      postalAddress: "",
      signupSecret: undefined,
      digestAt: "07:00",
      digestTimezone: "UTC",
      webhooks: {},
      dkim: undefined,
    });
  });

  it("DIGEST_AT=off sends nothing by itself, and then there is no schedule to promise", () => {
    const off = readMailConfig({ DIGEST_AT: "off" });
    expect(off.digestAt).toBeUndefined();
    expect(dailySchedule(off)).toBeUndefined();
    expect(readMailConfig({ DIGEST_AT: "OFF" }).digestAt).toBeUndefined();
    expect(dailySchedule(readMailConfig({ DIGEST_AT: "06:15", DIGEST_TIMEZONE: "Europe/Oslo" }))).toEqual({
      time: "06:15",
      timeZone: "Europe/Oslo",
    });
  });

  it("DIGEST_TIMEZONE defaults to the zone the server runs in (TZ) when that is an IANA zone, else UTC", () => {
    expect(readMailConfig({ TZ: "Europe/Stockholm" }).digestTimezone).toBe("Europe/Stockholm");
    expect(readMailConfig({ TZ: "Europe/Stockholm", DIGEST_TIMEZONE: "Asia/Tokyo" }).digestTimezone).toBe("Asia/Tokyo");
    expect(readMailConfig({ TZ: ":/etc/localtime" }).digestTimezone).toBe("UTC");
  });

  it("reads every setting", () => {
    const config = readMailConfig({
      DATABASE_URL: "postgres://u:p@db:5432/dispatch",
      SMTP_URL: "smtp://u:p@smtp.example.com:587",
      MAIL_FROM: "News <news@example.com>",
      MAIL_RATE_PER_SECOND: "0",
      MAIL_OUTBOX_DIR: "/tmp/out",
      MAIL_POSTAL_ADDRESS: "1 Harbour Street",
      SIGNUP_SECRET: "s3cret",
      DIGEST_AT: "07:00",
      DIGEST_TIMEZONE: "Europe/London",
    });
    expect(config).toMatchObject({ ratePerSecond: 0, digestAt: "07:00", digestTimezone: "Europe/London" });
  });

  it.each([
    ["MAIL_RATE_PER_SECOND", "fast"],
    ["DIGEST_AT", "7am"],
    ["DIGEST_AT", "24:00"],
    ["DIGEST_AT", "never"],
    ["DIGEST_TIMEZONE", "Mars/Olympus"],
    ["SMTP_URL", "http://smtp.example.com"],
    ["DATABASE_URL", "mysql://db"],
  ])("refuses %s=%s with a readable message", (name, value) => {
    expect(() => readMailConfig({ [name]: value })).toThrow(name);
  });
});

describe("localDate", () => {
  it("is the day in the given time zone", () => {
    const at = new Date("2026-12-01T23:30:00Z");
    expect(localDate(at, "UTC")).toBe("2026-12-01");
    expect(localDate(at, "Europe/Berlin")).toBe("2026-12-02");
  });
});

describe("DKIM settings", () => {
  const dir = mkdtempSync(join(tmpdir(), "dispatch-dkim-config-"));
  const keyFile = join(dir, "dkim.pem");
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  writeFileSync(keyFile, privateKey.export({ format: "pem", type: "pkcs8" }));
  const notAKey = join(dir, "notes.txt");
  writeFileSync(notAKey, "not a key");
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const env = (file: string) => ({
    MAIL_DKIM_DOMAIN: "news.example",
    MAIL_DKIM_SELECTOR: "dispatch2026",
    MAIL_DKIM_PRIVATE_KEY_FILE: file,
  });

  it("reads the key file at start when all three are set", () => {
    expect(readMailConfig(env(keyFile)).dkim).toEqual({
      domainName: "news.example",
      keySelector: "dispatch2026",
      privateKey: readFileSync(keyFile, "utf8"),
    });
  });

  it.each([
    [
      "an unreadable key file",
      { ...env(join(dir, "missing.pem")) },
      /MAIL_DKIM_PRIVATE_KEY_FILE could not be read .*missing\.pem/,
    ],
    ["a file that holds no key", { ...env(notAKey) }, /MAIL_DKIM_PRIVATE_KEY_FILE .* holds no private key/],
    [
      "only some of the settings",
      { MAIL_DKIM_DOMAIN: "news.example" },
      /MAIL_DKIM_SELECTOR and MAIL_DKIM_PRIVATE_KEY_FILE not set/,
    ],
    ["a selector that is no DNS label", { ...env(keyFile), MAIL_DKIM_SELECTOR: "two words" }, /MAIL_DKIM_SELECTOR/],
  ])("refuses %s with a clear message", (_, settings, message) => {
    expect(() => readMailConfig(settings)).toThrow(message);
  });
});
