import { randomBytes } from "node:crypto";
import { mkdirSync, writeFile } from "node:fs";
import { promisify } from "node:util";
import { join } from "node:path";
import type { Readable } from "node:stream";
import nodemailer from "nodemailer";
import type { DkimSettings } from "./config.ts";
import type { RawPart } from "./encodedPart.ts";

export type OutgoingMessage = {
  to: string;
  subject: string;
  /** The part's text, or the whole part already encoded (a digest's, see encodedPart.ts). */
  html: string | RawPart;
  text: string | RawPart;
  headers?: Record<string, string>;
};

/**
 * Why a message was not sent.
 * - `bounced`: the server refused the address or the message for good (5xx to RCPT TO or DATA).
 * - `deferred`: certainly not delivered, because the message never left (connection refused,
 *   greeting, login, MAIL FROM or RCPT TO refused, 4xx) or the server answered it with a 4xx.
 * - `uncertain`: the message was being handed over (DATA had begun) when the connection ended
 *   without a final answer: it may have arrived, so sending it again could give a second copy.
 */
export type SendFailure = "bounced" | "deferred" | "uncertain";

export type SendResult = { ok: true; messageId: string } | { ok: false; outcome: SendFailure; error: string };

export type Mailer = {
  /** The most messages it hands over at once: one per pooled connection. */
  readonly connections: number;
  send(message: OutgoingMessage): Promise<SendResult>;
  close(): void;
};

export type MailerOptions = {
  /** SMTP_URL; without it every message is written to `outboxDir`. */
  smtpUrl: string | undefined;
  from: string;
  outboxDir: string;
  /** Messages per second over all connections; 0 for no limit. */
  ratePerSecond: number;
  /** The host in Message-IDs: the site's. */
  messageIdHost: string;
  /** Attempts after a failure that certainly left the message undelivered (`deferred`), and the first wait (doubled each time). */
  retries?: number;
  retryDelayMs?: number;
  maxConnections?: number;
  /** Signs every message with nodemailer's own DKIM (MAIL_DKIM_*). */
  dkim?: DkimSettings;
};

const writeOutboxFile = promisify(writeFile);

/** Pooled SMTP connections unless told otherwise: also the most messages a crash can leave uncertain. */
export const DEFAULT_CONNECTIONS = 5;

type SmtpError = Error & { responseCode?: number; code?: string; command?: string; response?: string };

function isSmtpError(error: unknown): error is SmtpError {
  return error instanceof Error;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// 503 is "bad sequence of commands": the session was in the wrong state, not the address wrong.
const isPermanent = (code: number | undefined) => code !== undefined && code >= 500 && code < 600 && code !== 503;

/**
 * Sorts a failed attempt by what the mail server can have received. nodemailer reads the message
 * stream only once the server has answered DATA with 354, so an unread stream means the message
 * never left. Once it was read, only the server's own answer to the end of the data (EMESSAGE at
 * DATA, with a reply code) says it was not accepted; a connection closed, reset or timed out
 * (ECONNECTION, ESOCKET, ETIMEDOUT, all with the command CONN) may have come after the server
 * took the whole message.
 */
export function classifyFailure(error: SmtpError, handedOver: boolean): SendFailure {
  if (handedOver) {
    const answered = error.code === "EMESSAGE" && error.command === "DATA" && error.responseCode !== undefined;
    if (!answered) return "uncertain";
    return isPermanent(error.responseCode) ? "bounced" : "deferred";
  }
  // 5xx at MAIL FROM or to the login is about the sender or the account, not this subscriber.
  const aboutRecipient = error.command === "RCPT TO" || error.command === "DATA";
  return aboutRecipient && isPermanent(error.responseCode) ? "bounced" : "deferred";
}

/** Pooled SMTP through nodemailer, or an outbox folder of .eml files when no server is set. */
export function createMailer(options: MailerOptions): Mailer {
  const { retries = 3, retryDelayMs = 1000, maxConnections = DEFAULT_CONNECTIONS } = options;
  const transport = options.smtpUrl
    ? nodemailer.createTransport({
        url: options.smtpUrl,
        pool: true,
        maxConnections,
        maxMessages: Number.POSITIVE_INFINITY,
        ...(options.dkim ? { dkim: options.dkim } : {}),
        ...(options.ratePerSecond > 0 ? { rateLimit: options.ratePerSecond, rateDelta: 1000 } : {}),
      })
    : nodemailer.createTransport({
        streamTransport: true,
        buffer: true,
        newline: "unix",
        ...(options.dkim ? { dkim: options.dkim } : {}),
      });
  if (!options.smtpUrl) mkdirSync(options.outboxDir, { recursive: true });

  // Message-ID → the message streams nodemailer made for the attempt in progress (the pool makes
  // another when it moves a message whose connection closed before DATA to a new one).
  const streams = new Map<string, Readable[]>();
  if (options.smtpUrl) {
    transport.use("stream", (mail, done) => {
      const id = mail.data.messageId;
      // The stream the connection reads is noted, not read or wrapped, so whether it was read
      // says whether the data phase began. It is the one the message hands out last, after
      // every step nodemailer adds later: DKIM signing reads the message ahead (to hash its
      // body) before the connection gets to DATA, so the stream before it says nothing.
      const message = mail.message;
      const open = message.createReadStream.bind(message);
      message.createReadStream = (...args) => {
        const stream = open(...args);
        if (id !== undefined) streams.get(id)?.push(stream);
        return stream;
      };
      done();
    });
  }

  async function attempt(message: OutgoingMessage, messageId: string): Promise<SendResult> {
    const info = await transport.sendMail({
      from: options.from,
      to: message.to,
      subject: message.subject,
      html: message.html,
      text: message.text,
      headers: message.headers,
      messageId,
      // Base64 is encoded natively; quoted-printable in JavaScript made building each
      // message cost three times as much CPU (measured with the digest bench).
      textEncoding: "base64",
    });
    if (!options.smtpUrl && "message" in info && Buffer.isBuffer(info.message)) {
      // Written off the event loop (opening a file blocked each signup for about a millisecond),
      // through the callback API: the promise API's file handles cost the event loop as much again.
      await writeOutboxFile(
        join(options.outboxDir, `${Date.now()}-${randomBytes(4).toString("hex")}.eml`),
        info.message,
      );
    }
    return { ok: true, messageId };
  }

  return {
    connections: maxConnections,
    async send(message) {
      const messageId = `<${Date.now().toString(36)}.${randomBytes(8).toString("hex")}@${options.messageIdHost}>`;
      for (let tries = 0; ; tries += 1) {
        const made: Readable[] = [];
        streams.set(messageId, made);
        try {
          return await attempt(message, messageId);
        } catch (error) {
          if (!isSmtpError(error)) throw error;
          const outcome = classifyFailure(
            error,
            made.some((stream) => stream.readableDidRead),
          );
          const description = error.response ?? error.message;
          if (outcome !== "deferred" || tries >= retries) return { ok: false, outcome, error: description };
          await sleep(retryDelayMs * 2 ** tries);
        } finally {
          streams.delete(messageId);
        }
      }
    },
    close: () => transport.close(),
  };
}
