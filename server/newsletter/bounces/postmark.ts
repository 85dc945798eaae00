import { createHash, timingSafeEqual } from "node:crypto";
import * as v from "valibot";
import type { MailEvent, MailEventKind } from "../../store/index.ts";
import type { Verdict } from "./verdict.ts";
import { dateOf, refuse } from "./verdict.ts";

/**
 * Postmark posts one record per request and signs nothing: the webhook's URL carries basic-auth
 * credentials (https://user:secret@site/hooks/mail/postmark), and the password must be
 * MAIL_WEBHOOK_POSTMARK_SECRET. The user name is the operator's to choose.
 */
export function checkPostmarkCredentials(authorization: string | undefined, secret: string): Verdict | undefined {
  const encoded = /^Basic ([A-Za-z0-9+/=]+)$/i.exec(authorization?.trim() ?? "")?.[1];
  if (!encoded) return refuse(401, "no basic-auth credentials");
  const decoded = Buffer.from(encoded, "base64").toString("utf8");
  const password = decoded.slice(decoded.indexOf(":") + 1);
  // Compared as hashes, so the comparison takes the same time whatever the lengths.
  const digest = (text: string) => createHash("sha256").update(text).digest();
  return timingSafeEqual(digest(password), digest(secret)) ? undefined : refuse(403, "wrong basic-auth password");
}

// Postmark's bounce types that say something about the address; the rest (auto-replies,
// challenge mails, address changes, sending errors on Postmark's side) say nothing about it.
const KINDS: Record<string, MailEventKind> = {
  HardBounce: "hard-bounce",
  BadEmailAddress: "hard-bounce",
  ManuallyDeactivated: "hard-bounce",
  SoftBounce: "soft-bounce",
  Transient: "soft-bounce",
  DnsError: "soft-bounce",
  Blocked: "soft-bounce",
  SpamComplaint: "complaint",
};

const RecordSchema = v.looseObject({
  RecordType: v.string(),
  ID: v.union([v.number(), v.string()]),
  Type: v.optional(v.string()),
  Email: v.string(),
  MessageID: v.optional(v.string()),
  BouncedAt: v.optional(v.string()),
});

/** The events in a Postmark `Bounce` or `SpamComplaint` record; none for any other record. */
export function postmarkEvents(body: unknown, now: Date): Verdict {
  const record = v.safeParse(RecordSchema, body);
  if (!record.success) return refuse(400, "not a Postmark record");
  const { RecordType, Type, ID, Email, MessageID, BouncedAt } = record.output;
  const kind = RecordType === "SpamComplaint" ? "complaint" : RecordType === "Bounce" && Type ? KINDS[Type] : undefined;
  if (!kind) return { ok: true, events: [] };
  const event: MailEvent = {
    provider: "postmark",
    // Postmark's IDs pass 2^53, where a JSON number loses its last digits: with the message and
    // the time beside it, two reports never share an id.
    eventId: [String(ID), MessageID ?? "", BouncedAt ?? ""].join("|"),
    kind,
    email: Email,
    occurredAt: dateOf(BouncedAt) ?? now,
  };
  return { ok: true, events: [event] };
}
