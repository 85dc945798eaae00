import { parseArgs } from "node:util";
import { readConfig } from "../config.ts";
import { localDate, readMailConfig } from "./config.ts";
import { addressOf, describeReport, runDigest } from "./digest.ts";
import { editionFrontPage } from "./frontPage.ts";
import { openMailService } from "./service.ts";

/** `npm run digest [-- --edition YYYY-MM-DD] [--resend-uncertain] [--json]`: sends one edition now. */
async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      edition: { type: "string" },
      "resend-uncertain": { type: "boolean", default: false },
      json: { type: "boolean", default: false },
    },
  });
  const config = readConfig(process.env);
  const mail = readMailConfig(process.env);
  const date = values.edition ?? localDate(new Date(), mail.digestTimezone);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) {
    console.error(`--edition must be a date such as 2026-12-02, got "${date}".`);
    return 2;
  }
  const service = await openMailService(config, mail);
  const stop = new AbortController();
  process.once("SIGTERM", () => stop.abort());
  process.once("SIGINT", () => stop.abort());
  try {
    const report = await runDigest({
      store: service.store,
      mailer: service.mailer,
      frontPage: await editionFrontPage(config),
      date,
      siteUrl: config.siteUrl,
      postalAddress: mail.postalAddress,
      fromAddress: addressOf(mail.mailFrom),
      unsubscribeUrl: service.subscriptions.unsubscribeUrl,
      resendUncertain: values["resend-uncertain"],
      signal: stop.signal,
    });
    console.log(values.json ? JSON.stringify(report) : describeReport(report));
    return report.stopped ? 1 : 0;
  } finally {
    await service.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
