import { DAILY_HEADLINES } from "../../contract/signup.ts";
import type { FrontPage } from "../../contract/schema.ts";
import type { Recipient, RecipientCounts, SentMessage, Store } from "../store/index.ts";
import { UNSUBSCRIBE_PLACEHOLDER } from "../store/index.ts";
import { editionMessage } from "./email/messages.ts";
import { preparedMessage } from "./encodedPart.ts";
import type { Mailer } from "./mailer.ts";

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
  /** Workers, each with a batch of recipients claimed at once: concurrency × batchSize is the most a crash can leave uncertain. */
  concurrency?: number;
  batchSize?: number;
  /** Stops between batches, leaving the rest pending for the next run. */
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
  /** Subscriber ids left in `sending`: in flight at a crash, unanswered after DATA, or in a concurrent run. Not re-sent without --resend-uncertain. */
  uncertain: number[];
  stopped?: "mail server unavailable" | "mail server dropping connections" | "interrupted";
};

// Refused batches in a row, per worker, after which the run gives up for now.
const REFUSED_BATCHES_PER_WORKER = 3;

/** Records today's edition once, then sends it to every recipient not yet sent, each exactly once. */
export async function runDigest(options: DigestOptions): Promise<DigestReport> {
  const { store, mailer, concurrency = 2, batchSize = 10 } = options;
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
  const report: DigestReport = {
    edition: edition.date,
    created,
    sentThisRun: 0,
    bouncedThisRun: 0,
    deferredThisRun: 0,
    uncertainThisRun: 0,
    resetUncertain,
    totals: { pending: 0, sending: 0, sent: 0, failed: 0, skipped: 0 },
    uncertain: [],
  };

  // Refused recipients stay claimed until the run ends, then go back to pending for the next
  // run: a server that refuses now is not asked again at once.
  const deferred: number[] = [];
  let refusedInARow = 0;
  const giveUpAfter = REFUSED_BATCHES_PER_WORKER * concurrency * batchSize;
  // A server that keeps closing the connection after the data would leave the whole list
  // uncertain: stop once it has left as many as a crash could.
  const uncertainLimit = concurrency * batchSize;

  async function send(recipient: Recipient): Promise<SentMessage | undefined> {
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
      return { recipientId: recipient.id, messageId: result.messageId };
    }
    if (result.outcome === "bounced") {
      refusedInARow = 0;
      report.bouncedThisRun += 1;
      await store.markBounced(recipient.id, result.error.slice(0, 500), now());
    } else if (result.outcome === "uncertain") {
      // Stays in `sending`, as after a crash: the server may have the message, so neither
      // this run nor the next sends it again unless the operator asks (--resend-uncertain).
      report.uncertainThisRun += 1;
    } else {
      refusedInARow += 1;
      report.deferredThisRun += 1;
      deferred.push(recipient.id);
    }
    return undefined;
  }

  // Each worker claims a small batch, sends it, and records it in one transaction: a crash
  // leaves at most concurrency × batchSize messages uncertain, and SQLite commits (each one an
  // fsync that blocks the process) stay few.
  async function worker(): Promise<void> {
    while (!options.signal?.aborted && report.stopped === undefined) {
      const recipients = await store.claimRecipients(edition.id, batchSize, now());
      if (recipients.length === 0) return;
      const sent = await Promise.all(recipients.map(send));
      await store.markSent(
        sent.filter((entry) => entry !== undefined),
        now(),
      );
      if (refusedInARow >= giveUpAfter) report.stopped = "mail server unavailable";
      else if (report.uncertainThisRun >= uncertainLimit) report.stopped = "mail server dropping connections";
    }
  }

  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    await store.releaseRecipients(deferred);
  }
  if (options.signal?.aborted) report.stopped = "interrupted";
  report.totals = await store.recipientCounts(edition.id);
  report.uncertain = await store.uncertainRecipients(edition.id);
  return report;
}

/** The send report as an operator reads it. */
export function describeReport(report: DigestReport): string {
  const { totals } = report;
  const lines = [
    `Edition ${report.edition}${report.created ? " (recorded now)" : ""}: ${totals.sent} sent, ${totals.pending} pending, ${totals.failed} failed, ${totals.skipped} no longer subscribed, ${totals.sending} uncertain.`,
    `This run: ${report.sentThisRun} sent, ${report.bouncedThisRun} bounced, ${report.deferredThisRun} deferred (still pending), ${report.uncertainThisRun} uncertain (no answer after the data).`,
  ];
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
