import { randomUUID } from "node:crypto";
import { DAILY_HEADLINES } from "../../contract/signup.ts";
import type { FrontPage } from "../../contract/schema.ts";
import type { MailEventCounts, Recipient, RecipientCounts, Store } from "../store/index.ts";
import { UNSUBSCRIBE_PLACEHOLDER } from "../store/index.ts";
import { editionMessage } from "./email/messages.ts";
import { preparedMessage } from "./encodedPart.ts";
import type { Mailer } from "./mailer.ts";
import { createProgress } from "./progress.ts";

export type DigestOptions = {
  store: Store;
  mailer: Mailer;
  frontPage: () => Promise<FrontPage>;
  /** YYYY-MM-DD */
  date: string;
  siteUrl: string;
  postalAddress: string;
  /** MAIL_FROM's address, for the List-Unsubscribe mailto. */
  fromAddress: string;
  unsubscribeUrl: (subscriberId: number) => string;
  /** Re-send to recipients left in `sending` by a crash: only when no other run is going. */
  resendUncertain?: boolean;
  /**
   * Recipients claimed in one round trip. A claim is not a hand-over: a crash leaves claimed
   * recipients pending, and the next run sends them.
   */
  claimSize?: number;
  /** Stops before the next message, leaving the rest pending for the next run. */
  signal?: AbortSignal;
};

export type DigestReport = {
  edition: string;
  /** False when this run found the edition already recorded by an earlier or concurrent run. */
  created: boolean;
  sentThisRun: number;
  bouncedThisRun: number;
  /** Certainly not accepted this run (4xx after retries, connection lost before DATA): still pending, sent by the next run. */
  deferredThisRun: number;
  /** Handed over this run but the connection ended without the server's answer: left in `sending`, among `uncertain`. */
  uncertainThisRun: number;
  resetUncertain: number;
  /** The whole edition's recipients after this run. */
  totals: RecipientCounts;
  /** Bounces and complaints the mail provider has reported about this edition so far (webhooks). */
  reported: MailEventCounts;
  /**
   * Subscriber ids left in `sending`: handed to the mail server with no answer recorded (a crash,
   * a connection lost after the data) or being sent by a concurrent run. At most one per pooled
   * connection per crash. Not re-sent without --resend-uncertain.
   */
  uncertain: number[];
  stopped?: "mail server unavailable" | "mail server dropping connections" | "interrupted";
};

// Refusals in a row, per connection, after which the run gives up for now.
const REFUSED_PER_CONNECTION = 3;

/** Records today's edition once, then sends it to every recipient not yet sent, each exactly once. */
export async function runDigest(options: DigestOptions): Promise<DigestReport> {
  const { store, mailer } = options;
  // One message at a time per pooled connection: each waits for its hand-over to be recorded,
  // so no message waits in the mailer's queue while already counted as handed over.
  const lanes = mailer.connections;
  const claimSize = options.claimSize ?? 10 * lanes;
  const message = await editionMessage(await options.frontPage(), {
    date: options.date,
    siteUrl: options.siteUrl,
    postalAddress: options.postalAddress,
  });
  const now = () => new Date();
  const { edition, created } = await store.createEdition({
    list: DAILY_HEADLINES,
    date: options.date,
    ...message,
    now: now(),
  });
  // Encoded once: each message only fills in its reader's unsubscribe link.
  const messageFor = preparedMessage(edition, UNSUBSCRIBE_PLACEHOLDER);
  const listId = `Daily Headlines <${DAILY_HEADLINES}.${new URL(options.siteUrl).hostname}>`;
  const resetUncertain = options.resendUncertain ? await store.resendUncertain(edition.id) : 0;
  // What a run that died had claimed but not handed over is certainly not sent: taken back now.
  // A run still going loses its claims too, which is safe: it hands over only what is still its own.
  await store.releaseClaims(edition.id);
  const run = randomUUID();
  const progress = createProgress(store, run, now);
  const report: DigestReport = {
    edition: edition.date,
    created,
    sentThisRun: 0,
    bouncedThisRun: 0,
    deferredThisRun: 0,
    uncertainThisRun: 0,
    resetUncertain,
    totals: { pending: 0, sending: 0, sent: 0, failed: 0, skipped: 0 },
    reported: { "hard-bounce": 0, "soft-bounce": 0, complaint: 0 },
    uncertain: [],
  };

  let refusedInARow = 0;
  const giveUpAfter = REFUSED_PER_CONNECTION * lanes;
  // A server that keeps closing the connection after the data would leave the whole list
  // uncertain: stop once it has left as many as a crash could.
  const uncertainLimit = lanes;

  // Claimed recipients waiting for a connection, refilled before they run out.
  const claimed: Recipient[] = [];
  let claiming: Promise<void> | undefined;
  let allClaimed = false;
  function refill(): Promise<void> {
    claiming ??= store
      .claimRecipients(edition.id, run, claimSize, now())
      .then((recipients) => {
        claimed.push(...recipients);
        if (recipients.length < claimSize) allClaimed = true;
      })
      .finally(() => {
        claiming = undefined;
      });
    return claiming;
  }
  async function nextRecipient(): Promise<Recipient | undefined> {
    while (claimed.length === 0 && !allClaimed) await refill();
    const recipient = claimed.shift();
    // Claimed ahead, so a connection seldom waits; a failed claim is retried by the next lane that needs one.
    if (claimed.length < lanes && !allClaimed) refill().catch(() => undefined);
    return recipient;
  }

  async function send(recipient: Recipient): Promise<void> {
    const unsubscribe = options.unsubscribeUrl(recipient.subscriberId);
    const result = await mailer.send({
      to: recipient.email,
      ...messageFor(unsubscribe),
      headers: {
        "List-Unsubscribe": `<${unsubscribe}>, <mailto:${options.fromAddress}?subject=unsubscribe>`,
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": listId,
      },
    });
    if (result.ok) {
      refusedInARow = 0;
      report.sentThisRun += 1;
      progress.done({ outcome: "sent", recipientId: recipient.id, messageId: result.messageId });
    } else if (result.outcome === "bounced") {
      refusedInARow = 0;
      report.bouncedThisRun += 1;
      progress.done({ outcome: "bounced", recipientId: recipient.id, error: result.error.slice(0, 500) });
    } else if (result.outcome === "uncertain") {
      // Stays in `sending`, as after a crash: the server may have the message, so neither
      // this run nor the next sends it again unless the operator asks (--resend-uncertain).
      report.uncertainThisRun += 1;
      progress.done(undefined);
    } else {
      // Back to pending but still this run's: a server that refuses now is not asked again
      // at once; the run's end releases it for the next run.
      refusedInARow += 1;
      report.deferredThisRun += 1;
      progress.done({ outcome: "deferred", recipientId: recipient.id });
    }
  }

  const going = () => !options.signal?.aborted && report.stopped === undefined;
  async function lane(): Promise<void> {
    while (going()) {
      const recipient = await nextRecipient();
      // Stopped meanwhile: the recipient stays claimed until the run's end releases it.
      if (!recipient || !going()) return;
      // False when another run has taken the claim back since: that run sends it.
      if (!(await progress.handOver(recipient.id))) continue;
      await send(recipient);
      if (refusedInARow >= giveUpAfter) report.stopped = "mail server unavailable";
      else if (report.uncertainThisRun >= uncertainLimit) report.stopped = "mail server dropping connections";
    }
  }

  try {
    await Promise.all(Array.from({ length: lanes }, lane));
    await progress.flush();
  } finally {
    // A claim still on its way is waited for, so its recipients are released too; its failure is the lanes' to report.
    await claiming?.catch(() => undefined);
    await store.releaseClaims(edition.id, run);
  }
  if (options.signal?.aborted) report.stopped = "interrupted";
  report.totals = await store.recipientCounts(edition.id);
  report.uncertain = await store.uncertainRecipients(edition.id);
  report.reported = await store.mailEventCounts(edition.id);
  return report;
}

/** The send report as an operator reads it. */
export function describeReport(report: DigestReport): string {
  const { totals } = report;
  const lines = [
    `Edition ${report.edition}${report.created ? " (recorded now)" : ""}: ${totals.sent} sent, ${totals.pending} pending, ${totals.failed} failed, ${totals.skipped} no longer subscribed, ${totals.sending} uncertain.`,
    `This run: ${report.sentThisRun} sent, ${report.bouncedThisRun} bounced, ${report.deferredThisRun} deferred (still pending), ${report.uncertainThisRun} uncertain (no answer after the data).`,
  ];
  const reported = report.reported;
  if (reported["hard-bounce"] + reported["soft-bounce"] + reported.complaint > 0) {
    lines.push(
      `Reported by the mail provider since: ${reported["hard-bounce"]} hard bounces, ${reported["soft-bounce"]} soft bounces, ${reported.complaint} complaints.`,
    );
  }
  if (report.resetUncertain > 0)
    lines.push(`Re-sending ${report.resetUncertain} uncertain recipients (--resend-uncertain).`);
  if (report.stopped) lines.push(`Stopped early: ${report.stopped}. Run again to send the rest.`);
  if (report.uncertain.length > 0) {
    lines.push(
      `Uncertain: ${report.uncertain.length} message(s) were being handed to the mail server when a run stopped or the connection ended before the server answered, so they may or may not have been delivered; they are not re-sent unless you run with --resend-uncertain. Subscriber ids: ${report.uncertain.join(", ")}.`,
    );
  }
  return lines.join("\n");
}

/** The address in MAIL_FROM, which may be written `Name <address>`. */
export function addressOf(from: string): string {
  return /<([^>]+)>/.exec(from)?.[1] ?? from.trim();
}
