import { verify } from "node:crypto";
import type { KeyObject } from "node:crypto";
import * as v from "valibot";
import type { MailEvent, MailEventKind } from "../../store/index.ts";
import type { Verdict } from "./verdict.ts";
import { dateOf, messageIdOf, refuse } from "./verdict.ts";

export const SENDGRID_SIGNATURE = "X-Twilio-Email-Event-Webhook-Signature";
export const SENDGRID_TIMESTAMP = "X-Twilio-Email-Event-Webhook-Timestamp";

/** How old a signed post may be: older ones are replays (SendGrid signs each attempt anew). */
export const SENDGRID_MAX_AGE_MS = 10 * 60_000;
const SKEW_MS = 5 * 60_000;

/**
 * The Signed Event Webhook: an ECDSA (P-256, SHA-256) signature, base64 DER, over the timestamp
 * header followed by the raw body, checked with the verification key SendGrid shows
 * (MAIL_WEBHOOK_SENDGRID_KEY). Returns undefined when the post is SendGrid's and fresh.
 */
export function checkSendGridSignature(
  body: Buffer,
  signature: string | undefined,
  timestamp: string | undefined,
  key: KeyObject,
  now: Date,
): Verdict | undefined {
  if (!signature || !timestamp) return refuse(401, "no signature");
  if (!/^\d{1,12}$/.test(timestamp)) return refuse(403, "malformed timestamp");
  const signed = Buffer.concat([Buffer.from(timestamp, "utf8"), body]);
  if (!verify("sha256", signed, key, Buffer.from(signature, "base64"))) return refuse(403, "bad signature");
  const age = now.getTime() - Number(timestamp) * 1000;
  if (age > SENDGRID_MAX_AGE_MS || age < -SKEW_MS) return refuse(403, "stale timestamp");
  return undefined;
}

const EventSchema = v.looseObject({
  event: v.string(),
  email: v.string(),
  timestamp: v.optional(v.number()),
  sg_event_id: v.string(),
  "smtp-id": v.optional(v.string()),
  type: v.optional(v.string()),
  reason: v.optional(v.string()),
});

// SendGrid's events that say something about the address. A `bounce` of type `blocked` was
// refused for now (a block list, a full mailbox); `dropped` is an address SendGrid will no longer
// deliver to (it bounced before, or is invalid), unless it was dropped for a spam report.
function kindOf(event: v.InferOutput<typeof EventSchema>): MailEventKind | undefined {
  if (event.event === "spamreport") return "complaint";
  if (event.event === "bounce") return event.type === "blocked" ? "soft-bounce" : "hard-bounce";
  if (event.event === "dropped") return /spam report/i.test(event.reason ?? "") ? "complaint" : "hard-bounce";
  return undefined;
}

/** The bounces and complaints in a post of SendGrid events (a JSON array); other events are left out. */
export function sendGridEvents(body: unknown, now: Date): Verdict {
  if (!Array.isArray(body)) return refuse(400, "not a list of SendGrid events");
  const events: MailEvent[] = [];
  for (const item of body) {
    const parsed = v.safeParse(EventSchema, item);
    if (!parsed.success) continue;
    const kind = kindOf(parsed.output);
    if (!kind) continue;
    events.push({
      provider: "sendgrid",
      eventId: parsed.output.sg_event_id,
      kind,
      email: parsed.output.email,
      messageId: messageIdOf(parsed.output["smtp-id"]),
      occurredAt: dateOf(parsed.output.timestamp) ?? now,
    });
  }
  return { ok: true, events };
}
