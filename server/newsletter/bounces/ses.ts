import { verify, X509Certificate } from "node:crypto";
import type { KeyObject } from "node:crypto";
import * as v from "valibot";
import type { MailEvent, MailEventKind } from "../../store/index.ts";
import type { Verdict } from "./verdict.ts";
import { dateOf, messageIdOf, refuse } from "./verdict.ts";

/**
 * Amazon SES reports bounces and complaints through an SNS topic, which posts each notification
 * signed with an RSA key whose certificate SNS publishes at SigningCertURL. The post is believed
 * only when: it is for MAIL_WEBHOOK_SES_TOPIC_ARN; the certificate comes over https from an
 * `sns.<region>.amazonaws.com` host (TLS vouches for it); the signature over the message's
 * fields checks out with it (SignatureVersion 1: SHA1, 2: SHA256); and it is under an hour old.
 */

/** How old a signed message may be: SNS retries an HTTP delivery for an hour at most. */
export const SNS_MAX_AGE_MS = 60 * 60_000;
const SKEW_MS = 5 * 60_000;
const SNS_HOST = /^sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/;

const SnsMessageSchema = v.looseObject({
  Type: v.picklist(["Notification", "SubscriptionConfirmation", "UnsubscribeConfirmation"]),
  MessageId: v.string(),
  TopicArn: v.string(),
  Message: v.string(),
  Timestamp: v.string(),
  Subject: v.optional(v.string()),
  SubscribeURL: v.optional(v.string()),
  Token: v.optional(v.string()),
  SignatureVersion: v.optional(v.string()),
  Signature: v.optional(v.string()),
  SigningCertURL: v.optional(v.string()),
});

export type SnsMessage = v.InferOutput<typeof SnsMessageSchema>;

export type SnsOptions = {
  topicArn: string;
  /**
   * For tests only (MAIL_WEBHOOK_SES_TEST_CERT_ORIGIN): an origin on the loopback interface
   * whose certificates and subscription links are believed as if they were SNS's.
   */
  testOrigin?: string;
  fetch: typeof fetch;
};

/** Whether `address` is one of SNS's own (https, sns.<region>.amazonaws.com), or the test origin. */
export function isSnsAddress(address: string, testOrigin?: string): boolean {
  const url = URL.parse(address);
  if (!url) return false;
  if (testOrigin !== undefined && url.origin === testOrigin) return true;
  return url.protocol === "https:" && url.port === "" && SNS_HOST.test(url.hostname);
}

/** The text SNS signs: each field's name and value on lines of their own, in this order. */
export function snsStringToSign(message: SnsMessage): string | undefined {
  const fields =
    message.Type === "Notification"
      ? (["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"] as const)
      : (["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"] as const);
  let text = "";
  for (const field of fields) {
    const value = message[field];
    if (value === undefined) {
      // Only a notification's Subject may be absent, and then it is left out.
      if (field === "Subject") continue;
      return undefined;
    }
    text += `${field}\n${value}\n`;
  }
  return text;
}

/** Signing certificates by address, kept until they expire: SNS signs with few of them. */
export function createCertificates(options: Pick<SnsOptions, "fetch">, maxKept = 16) {
  const kept = new Map<string, { key: KeyObject; validTo: number }>();
  return async function certificateKey(address: string, now: Date): Promise<KeyObject | undefined> {
    const known = kept.get(address);
    if (known && known.validTo > now.getTime()) return known.key;
    const response = await options.fetch(address, { signal: AbortSignal.timeout(5000), redirect: "error" });
    if (!response.ok) return undefined;
    const certificate = new X509Certificate(Buffer.from(await response.arrayBuffer()));
    if (Date.parse(certificate.validFrom) > now.getTime() || Date.parse(certificate.validTo) < now.getTime()) {
      return undefined;
    }
    if (kept.size >= maxKept) kept.delete(kept.keys().next().value ?? "");
    kept.set(address, { key: certificate.publicKey, validTo: Date.parse(certificate.validTo) });
    return certificate.publicKey;
  };
}

export type CertificateKey = ReturnType<typeof createCertificates>;

/** Reads and checks an SNS post; `message` is set only when it is SNS's own, for our topic. */
export async function checkSnsMessage(
  body: unknown,
  options: SnsOptions,
  certificateKey: CertificateKey,
  now: Date,
): Promise<{ message: SnsMessage } | { refused: Verdict }> {
  const parsed = v.safeParse(SnsMessageSchema, body);
  if (!parsed.success) return { refused: refuse(400, "not an SNS message") };
  const message = parsed.output;
  if (!message.Signature || !message.SigningCertURL || !message.SignatureVersion) {
    return { refused: refuse(401, "unsigned") };
  }
  if (message.TopicArn !== options.topicArn) return { refused: refuse(403, "another topic") };
  const algorithm = { "1": "sha1", "2": "sha256" }[message.SignatureVersion];
  if (!algorithm) return { refused: refuse(403, "unknown signature version") };
  if (!isSnsAddress(message.SigningCertURL, options.testOrigin) || !message.SigningCertURL.endsWith(".pem")) {
    return { refused: refuse(403, "certificate not from SNS") };
  }
  const text = snsStringToSign(message);
  if (text === undefined) return { refused: refuse(403, "fields missing from the signed text") };
  let key: KeyObject | undefined;
  try {
    key = await certificateKey(message.SigningCertURL, now);
  } catch (error) {
    return { refused: refuse(503, `the signing certificate could not be fetched: ${String(error)}`) };
  }
  if (!key) return { refused: refuse(503, "the signing certificate could not be used") };
  if (!verify(algorithm, Buffer.from(text, "utf8"), key, Buffer.from(message.Signature, "base64"))) {
    return { refused: refuse(403, "bad signature") };
  }
  const sent = dateOf(message.Timestamp);
  const age = sent ? now.getTime() - sent.getTime() : Number.POSITIVE_INFINITY;
  if (age > SNS_MAX_AGE_MS || age < -SKEW_MS) return { refused: refuse(403, "stale timestamp") };
  return { message };
}

const Recipients = v.array(v.looseObject({ emailAddress: v.string() }));
const SesNotificationSchema = v.looseObject({
  notificationType: v.optional(v.string()),
  eventType: v.optional(v.string()),
  mail: v.looseObject({
    messageId: v.string(),
    commonHeaders: v.optional(v.looseObject({ messageId: v.optional(v.string()) })),
  }),
  bounce: v.optional(
    v.looseObject({ bounceType: v.string(), bouncedRecipients: Recipients, timestamp: v.optional(v.string()) }),
  ),
  complaint: v.optional(v.looseObject({ complainedRecipients: Recipients, timestamp: v.optional(v.string()) })),
});

// Permanent: the address does not exist or refuses for good. Transient and Undetermined: try again.
const BOUNCE_KINDS: Record<string, MailEventKind> = {
  Permanent: "hard-bounce",
  Transient: "soft-bounce",
  Undetermined: "soft-bounce",
};

/** The bounces and complaints in an SES notification (the Message of an SNS Notification). */
export function sesEvents(message: SnsMessage, now: Date): Verdict {
  let content: unknown;
  try {
    content = JSON.parse(message.Message);
  } catch (error) {
    if (error instanceof SyntaxError) return refuse(400, "the SES notification is not JSON");
    throw error;
  }
  const parsed = v.safeParse(SesNotificationSchema, content);
  if (!parsed.success) return { ok: true, events: [] };
  const { bounce, complaint, mail } = parsed.output;
  const type = parsed.output.notificationType ?? parsed.output.eventType;
  const report =
    type === "Bounce" && bounce
      ? { kind: BOUNCE_KINDS[bounce.bounceType], recipients: bounce.bouncedRecipients, timestamp: bounce.timestamp }
      : type === "Complaint" && complaint
        ? { kind: "complaint" as const, recipients: complaint.complainedRecipients, timestamp: complaint.timestamp }
        : undefined;
  const kind = report?.kind;
  if (!report || !kind) return { ok: true, events: [] };
  const events = report.recipients.map(
    (recipient, index): MailEvent => ({
      provider: "ses",
      // One SNS message may name several recipients; SNS keeps its MessageId on retries.
      eventId: `${message.MessageId}#${index}`,
      kind,
      email: recipient.emailAddress,
      messageId: messageIdOf(mail.commonHeaders?.messageId),
      occurredAt: dateOf(report.timestamp) ?? now,
    }),
  );
  return { ok: true, events };
}
