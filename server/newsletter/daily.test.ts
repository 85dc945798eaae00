import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { FrontPage } from "../../contract/schema.ts";
import { readConfig } from "../config.ts";
import { createTestSite } from "../testing/site.ts";
import { signUpSubscriber } from "../testing/stores.ts";
import type { TestSite } from "../testing/site.ts";
import { readMailConfig } from "./config.ts";
import { isPast, startDailyEmail } from "./daily.ts";
import { openMailService } from "./service.ts";
import { startSmtpServer } from "../testing/mail.ts";
import type { TestSmtpServer } from "../testing/mail.ts";
import { log } from "../http/log.ts";

const FRONT_PAGE: FrontPage = {
  updated: "2026-12-02T06:00:00Z",
  headlines: [{ slug: "one-story", headline: "One story", datePublished: "2026-12-02T05:00:00Z" }],
};

describe("isPast", () => {
  const at = new Date("2026-12-02T06:30:00Z");
  it.each([
    ["06:00", "UTC", true],
    ["07:00", "UTC", false],
    ["06:30", "UTC", true],
    // 07:30 in Paris, 01:30 in New York.
    ["07:00", "Europe/Paris", true],
    ["07:00", "America/New_York", false],
  ])("%s in %s", (time, zone, expected) => {
    expect(isPast(time, at, zone)).toBe(expected);
  });
});

describe("the running server's daily email", () => {
  let site: TestSite;
  let smtp: TestSmtpServer;

  beforeEach(async () => {
    site = createTestSite();
    smtp = await startSmtpServer();
  });
  afterEach(async () => {
    await smtp.close();
    await site.remove();
  });

  it("catches up at start when DIGEST_AT has passed today, once, and purges old pending signups", async () => {
    const logged = vi.spyOn(log, "info").mockImplementation(() => {});
    const config = readConfig({ DATABASE_PATH: site.databasePath, SITE_URL: "https://news.example" });
    const mail = readMailConfig({ SMTP_URL: smtp.url, DIGEST_AT: "00:00", DIGEST_TIMEZONE: "UTC", SIGNUP_SECRET: "s" });
    const service = await openMailService(config, mail);
    const now = new Date();
    await signUpSubscriber(service.store, "reader@example.com", { now });
    const longAgo = new Date(now.getTime() - 31 * 24 * 3_600_000);
    await signUpSubscriber(service.store, "forgotten@example.com", { now: longAgo, confirm: false });

    const daily = startDailyEmail(config, mail, service, async () => FRONT_PAGE);
    await vi.waitFor(() => expect(smtp.received).toHaveLength(1), { timeout: 10_000 });
    await vi.waitFor(async () =>
      expect((await service.store.subscribers()).map((row) => row.email)).toEqual(["reader@example.com"]),
    );
    await daily.stop();

    // A second start the same day (a restart) sends nothing more.
    const again = startDailyEmail(config, mail, service, async () => FRONT_PAGE);
    await vi.waitFor(() =>
      expect(logged).toHaveBeenCalledWith(expect.anything(), expect.stringContaining("This run: 0 sent")),
    );
    await again.stop();
    expect(smtp.received).toHaveLength(1);
    await service.close();
    logged.mockRestore();
  });

  it("sends at 07:00 in the site's zone unless told otherwise", async () => {
    const logged = vi.spyOn(log, "info").mockImplementation(() => {});
    const config = readConfig({ DATABASE_PATH: site.databasePath });
    const mail = readMailConfig({ SMTP_URL: smtp.url, SIGNUP_SECRET: "s", TZ: "Asia/Tokyo" });
    const service = await openMailService(config, mail);
    const daily = startDailyEmail(config, mail, service, async () => FRONT_PAGE);
    const next = daily.nextRun;
    await daily.stop();
    await service.close();
    logged.mockRestore();
    expect(next).toBeInstanceOf(Date);
    const local = new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Tokyo", timeStyle: "short" });
    expect(local.format(next)).toBe("07:00");
    expect(next && next.getTime() - Date.now()).toBeLessThanOrEqual(24 * 3_600_000);
  });

  it("with DIGEST_AT=off sends nothing, even after the hour, and says so", async () => {
    const logged = vi.spyOn(log, "info").mockImplementation(() => {});
    const config = readConfig({ DATABASE_PATH: site.databasePath });
    const mail = readMailConfig({ SMTP_URL: smtp.url, SIGNUP_SECRET: "s", DIGEST_AT: "off" });
    const service = await openMailService(config, mail);
    await signUpSubscriber(service.store, "reader@example.com");
    const daily = startDailyEmail(config, mail, service, async () => FRONT_PAGE);
    expect(daily.nextRun).toBeUndefined();
    // stop() waits for a run in progress: with none started, nothing is sent.
    await daily.stop();
    expect(smtp.received).toEqual([]);
    expect(logged).toHaveBeenCalledWith(expect.stringContaining("DIGEST_AT=off"));
    await service.close();
    logged.mockRestore();
  });
});
