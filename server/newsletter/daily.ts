import { Cron } from "croner";
import type { FrontPage } from "../../contract/schema.ts";
import type { Config } from "../config.ts";
import type { MailConfig } from "./config.ts";
import { localDate } from "./config.ts";
import { addressOf, describeReport, runDigest } from "./digest.ts";
import { contentFrontPage } from "./frontPage.ts";
import type { MailService } from "./service.ts";
import { log } from "../http/log.ts";

const PURGE_EVERY_MS = 6 * 3_600_000;
const PENDING_KEPT_MS = 30 * 24 * 3_600_000;

/** Whether `time` (HH:MM) has passed today in `timeZone`. */
export function isPast(time: string, now: Date, timeZone: string): boolean {
  const clock = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(now);
  return clock >= time;
}

/**
 * What the running server does for the daily email: purges unconfirmed signups, and sends each
 * day's edition at DIGEST_AT (07:00 unless set), catching up at start when it was down then;
 * with DIGEST_AT=off it sends nothing by itself.
 */
export function startDailyEmail(
  config: Config,
  mail: MailConfig,
  service: MailService,
  frontPage: () => Promise<FrontPage> = contentFrontPage(config.contentDir),
): { nextRun: Date | undefined; stop(): Promise<void> } {
  const stopping = new AbortController();

  async function purge() {
    const now = new Date();
    const purged = await service.store.purge(new Date(now.getTime() - PENDING_KEPT_MS), now);
    if (purged > 0) log.info({ purged }, "purged signups never confirmed in 30 days");
  }
  const purgeLoudly = () => purge().catch((error: unknown) => log.error({ err: error }, "purging old signups failed"));
  void purgeLoudly();
  const purger = setInterval(purgeLoudly, PURGE_EVERY_MS);
  purger.unref();

  let running: Promise<void> | undefined;
  function send(): void {
    if (running || stopping.signal.aborted) return;
    running = sendNow().finally(() => {
      running = undefined;
    });
  }
  async function sendNow() {
    try {
      const report = await runDigest({
        store: service.store,
        mailer: service.mailer,
        frontPage,
        date: localDate(new Date(), mail.digestTimezone),
        siteUrl: config.siteUrl,
        postalAddress: mail.postalAddress,
        fromAddress: addressOf(mail.mailFrom),
        unsubscribeUrl: service.subscriptions.unsubscribeUrl,
        signal: stopping.signal,
      });
      log.info({ report }, describeReport(report));
    } catch (error) {
      log.error({ err: error }, "the daily email could not be sent");
    }
  }

  let job: Cron | undefined;
  if (mail.digestAt) {
    const [hours, minutes] = mail.digestAt.split(":").map(Number);
    job = new Cron(`${minutes} ${hours} * * *`, { timezone: mail.digestTimezone }, send);
    log.info(
      { at: mail.digestAt, timeZone: mail.digestTimezone },
      `the daily email is sent at ${mail.digestAt} (${mail.digestTimezone}) each day`,
    );
    // Sending again is harmless: a run sends only to recipients not yet sent.
    if (isPast(mail.digestAt, new Date(), mail.digestTimezone)) send();
  } else {
    log.info("DIGEST_AT=off: the server sends no daily email by itself; npm run digest sends one");
  }

  return {
    /** When the next edition is due, or undefined with DIGEST_AT=off. */
    nextRun: job?.nextRun() ?? undefined,
    /** Stops scheduling; resolves once a run in progress has finished the messages in flight. */
    async stop() {
      stopping.abort();
      job?.stop();
      clearInterval(purger);
      await running;
    },
  };
}
