import { createPublicKey } from "node:crypto";
import type { KeyObject } from "node:crypto";

type Env = Record<string, string | undefined>;

/** Which providers' webhooks are on: each only when its setting is given. */
export type MailHookSettings = {
  /** MAIL_WEBHOOK_POSTMARK_SECRET: the password in the webhook URL's basic-auth credentials. */
  postmarkSecret?: string;
  /** MAIL_WEBHOOK_SENDGRID_KEY: the Signed Event Webhook's verification key. */
  sendgridKey?: KeyObject;
  /** MAIL_WEBHOOK_SES_TOPIC_ARN, and for tests only MAIL_WEBHOOK_SES_TEST_CERT_ORIGIN. */
  ses?: { topicArn: string; testOrigin?: string };
};

const MIN_SECRET_LENGTH = 16;
const TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;
const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** The webhooks' settings; throws a readable Error for bad values, so the server does not start with them. */
export function readMailHookSettings(env: Env): MailHookSettings {
  const settings: MailHookSettings = {};
  const secret = env.MAIL_WEBHOOK_POSTMARK_SECRET;
  if (secret) {
    if (secret.length < MIN_SECRET_LENGTH) {
      throw new Error(
        `MAIL_WEBHOOK_POSTMARK_SECRET must be at least ${MIN_SECRET_LENGTH} characters: a long random password.`,
      );
    }
    settings.postmarkSecret = secret;
  }
  if (env.MAIL_WEBHOOK_SENDGRID_KEY) settings.sendgridKey = sendGridKey(env.MAIL_WEBHOOK_SENDGRID_KEY);
  const topicArn = env.MAIL_WEBHOOK_SES_TOPIC_ARN;
  const testOrigin = env.MAIL_WEBHOOK_SES_TEST_CERT_ORIGIN;
  if (topicArn) {
    if (!TOPIC_ARN.test(topicArn)) {
      throw new Error(
        `MAIL_WEBHOOK_SES_TOPIC_ARN must be an SNS topic ARN such as arn:aws:sns:eu-west-1:123456789012:bounces, got "${topicArn}".`,
      );
    }
    settings.ses = { topicArn, ...(testOrigin ? { testOrigin: loopbackOrigin(testOrigin) } : {}) };
  } else if (testOrigin) {
    throw new Error(
      "MAIL_WEBHOOK_SES_TEST_CERT_ORIGIN is for tests of the SES webhook, which needs MAIL_WEBHOOK_SES_TOPIC_ARN.",
    );
  }
  return settings;
}

/** SendGrid shows the key as base64 DER; a PEM block is taken too. Only an ECDSA P-256 key signs its posts. */
function sendGridKey(raw: string): KeyObject {
  const text = raw.trim();
  let key: KeyObject;
  try {
    key = text.startsWith("-----BEGIN")
      ? createPublicKey(text)
      : createPublicKey({ key: Buffer.from(text, "base64"), format: "der", type: "spki" });
  } catch (error) {
    throw new Error(
      `MAIL_WEBHOOK_SENDGRID_KEY is not a public key (copy the verification key from SendGrid's Signed Event Webhook settings): ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (key.asymmetricKeyType !== "ec" || key.asymmetricKeyDetails?.namedCurve !== "prime256v1") {
    throw new Error("MAIL_WEBHOOK_SENDGRID_KEY must be SendGrid's ECDSA P-256 verification key.");
  }
  return key;
}

function loopbackOrigin(raw: string): string {
  const url = URL.parse(raw);
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:") || !LOOPBACK.has(url.hostname)) {
    throw new Error(
      `MAIL_WEBHOOK_SES_TEST_CERT_ORIGIN is for tests only and must be an origin on the loopback interface, such as http://127.0.0.1:9000, got "${raw}".`,
    );
  }
  return url.origin;
}
