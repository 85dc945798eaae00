import { execFileSync } from "node:child_process";
import { createPrivateKey, generateKeyPairSync, sign } from "node:crypto";
import type { KeyObject } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Stand-ins for the mail providers' side of their webhooks: keys, a certificate and the
 * signatures each provider makes, written from their documentation, not from Dispatch's code.
 */

/** An ECDSA P-256 key pair, as SendGrid's Signed Event Webhook uses; `verificationKey` as SendGrid shows it (base64 DER). */
export function sendGridKeys(): { privateKey: KeyObject; verificationKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  return { privateKey, verificationKey: publicKey.export({ format: "der", type: "spki" }).toString("base64") };
}

/** SendGrid's headers for `body`: a base64 DER ECDSA signature over the timestamp then the body. */
export function sendGridHeaders(body: string, privateKey: KeyObject, at: Date): Record<string, string> {
  const timestamp = String(Math.floor(at.getTime() / 1000));
  const signature = sign("sha256", Buffer.from(timestamp + body, "utf8"), privateKey).toString("base64");
  return {
    "Content-Type": "application/json",
    "X-Twilio-Email-Event-Webhook-Signature": signature,
    "X-Twilio-Email-Event-Webhook-Timestamp": timestamp,
  };
}

/** A self-signed RSA certificate, as SNS signs with (made by openssl, which CI installs). */
export function snsCertificate(): { pem: string; privateKey: KeyObject } {
  const dir = mkdtempSync(join(tmpdir(), "dispatch-sns-"));
  try {
    const key = join(dir, "key.pem");
    const cert = join(dir, "cert.pem");
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        key,
        "-out",
        cert,
        "-days",
        "2",
        "-subj",
        "/CN=sns.test",
      ],
      { stdio: "pipe" },
    );
    return { pem: readFileSync(cert, "utf8"), privateKey: createPrivateKey(readFileSync(key)) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export type SnsFields = {
  Type: "Notification" | "SubscriptionConfirmation" | "UnsubscribeConfirmation";
  MessageId: string;
  TopicArn: string;
  Message: string;
  Timestamp: string;
  Subject?: string;
  SubscribeURL?: string;
  Token?: string;
};

/**
 * An SNS message signed as SNS signs it: "name\nvalue\n" for Message, MessageId, Subject (only if
 * present), Timestamp, TopicArn and Type of a notification; Message, MessageId, SubscribeURL,
 * Timestamp, Token, TopicArn and Type of a (un)subscription confirmation.
 */
export function signedSnsMessage(
  fields: SnsFields,
  privateKey: KeyObject,
  signingCertUrl: string,
  version: "1" | "2" = "2",
): Record<string, string> {
  const names =
    fields.Type === "Notification"
      ? ["Message", "MessageId", ...(fields.Subject === undefined ? [] : ["Subject"]), "Timestamp", "TopicArn", "Type"]
      : ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"];
  const values: Record<string, string | undefined> = fields;
  const text = names.map((name) => `${name}\n${values[name] ?? ""}\n`).join("");
  const signature = sign(version === "1" ? "sha1" : "sha256", Buffer.from(text, "utf8"), privateKey).toString("base64");
  const message: Record<string, string> = {};
  for (const [name, value] of Object.entries(fields)) if (value !== undefined) message[name] = value;
  return {
    ...message,
    SignatureVersion: version,
    Signature: signature,
    SigningCertURL: signingCertUrl,
    UnsubscribeURL: `${new URL(signingCertUrl).origin}/?Action=Unsubscribe`,
  };
}

/** A loopback server standing in for SNS: the signing certificate, and the links that confirm a subscription. */
export async function startSnsEndpoint(pem: string): Promise<{
  origin: string;
  certUrl: string;
  subscribeUrl: (token: string) => string;
  /** Every path asked for, in order. */
  visits: string[];
  close(): Promise<void>;
}> {
  const visits: string[] = [];
  const server = createServer((request, response) => {
    visits.push(request.url ?? "");
    if (request.url === "/SimpleNotificationService-test.pem") {
      response.writeHead(200, { "Content-Type": "application/x-pem-file" }).end(pem);
    } else if (request.url?.startsWith("/?Action=ConfirmSubscription")) {
      response.writeHead(200, { "Content-Type": "text/xml" }).end("<ConfirmSubscriptionResponse/>");
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (typeof address !== "object" || !address) throw new Error("The SNS stand-in has no address.");
  const origin = `http://127.0.0.1:${address.port}`;
  return {
    origin,
    certUrl: `${origin}/SimpleNotificationService-test.pem`,
    subscribeUrl: (token) => `${origin}/?Action=ConfirmSubscription&Token=${token}`,
    visits,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
