import type { Config } from "../config.ts";
import { openStore } from "../store/index.ts";
import type { Store } from "../store/index.ts";
import type { MailConfig } from "./config.ts";
import { dailySchedule } from "./config.ts";
import { createMailer } from "./mailer.ts";
import type { Mailer } from "./mailer.ts";
import { createSubscriptions } from "./subscriptions.ts";
import type { Subscriptions } from "./subscriptions.ts";
import { loadSignupSecret } from "./tokens.ts";
import { log } from "../http/log.ts";

export type MailService = {
  store: Store;
  mailer: Mailer;
  secret: string;
  subscriptions: Subscriptions;
  close(): Promise<void>;
};

/** The store, the mailer and the signup flow, as the server and the digest command use them. */
export async function openMailService(
  config: Config,
  mail: MailConfig,
  options: { ratePerSecond?: number } = {},
): Promise<MailService> {
  const store = await openStore({ databaseUrl: mail.databaseUrl, databasePath: config.databasePath });
  try {
    const secret = await loadSignupSecret(store, mail.signupSecret);
    const mailer = createMailer({
      smtpUrl: mail.smtpUrl,
      from: mail.mailFrom,
      outboxDir: mail.outboxDir,
      ratePerSecond: options.ratePerSecond ?? mail.ratePerSecond,
      messageIdHost: new URL(config.siteUrl).hostname,
      dkim: mail.dkim,
    });
    const subscriptions = createSubscriptions({
      store,
      mailer,
      secret,
      siteUrl: config.siteUrl,
      signupRateLimit: config.signupRateLimit,
      logConfirmationLinks: !mail.smtpUrl,
      schedule: dailySchedule(mail),
    });
    if (!mail.smtpUrl)
      log.info({ outbox: mail.outboxDir }, "no SMTP_URL: email is written to the outbox folder instead of sent");
    return {
      store,
      mailer,
      secret,
      subscriptions,
      async close() {
        mailer.close();
        await store.close();
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}
