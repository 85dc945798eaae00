import { readdirSync, readFileSync } from "node:fs";
import type { Socket } from "node:net";
import { join } from "node:path";
import type { ParsedMail } from "mailparser";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import type { SMTPServerDataStream, SMTPServerSession } from "smtp-server";
import { createMailer } from "../newsletter/mailer.ts";
import type { Mailer, MailerOptions } from "../newsletter/mailer.ts";

/** A mailer as the server makes one, sending to `smtpUrl` without a rate limit and retrying soon. */
export function testMailer(smtpUrl: string, options: Partial<MailerOptions> = {}): Mailer {
  return createMailer({
    smtpUrl,
    from: "Dispatch <headlines@example.com>",
    outboxDir: "unused",
    ratePerSecond: 0,
    messageIdHost: "localhost",
    retryDelayMs: 10,
    ...options,
  });
}

/** Every message in an outbox folder, oldest first, as mailparser reads it. */
export async function readOutbox(dir: string): Promise<ParsedMail[]> {
  const files = readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isFile() ? [entry.name] : []));
  return Promise.all(files.sort().map((file) => simpleParser(readFileSync(join(dir, file)))));
}

/** The links in a text part, in order. */
export function linksIn(text: string): string[] {
  return [...text.matchAll(/https?:\/\/[^\s<>"]+/g)].map(([link]) => link);
}

/** The href of every <a> in an HTML part, in order. */
export function hrefsIn(html: string): string[] {
  return [...html.matchAll(/<a\b[^>]*\shref="([^"]*)"/g)].map(([, href = ""]) => href.replaceAll("&amp;", "&"));
}

export type ReceivedMail = { to: string[]; raw: Buffer; parsed: ParsedMail };

export type TestSmtpServer = {
  url: string;
  received: ReceivedMail[];
  /** Messages taken in full, then the connection destroyed without an answer (`dropAfterData`). */
  dropped: ReceivedMail[];
  /** Addresses refused with `550` at RCPT TO. */
  reject: Set<string>;
  close(): Promise<void>;
};

export type SmtpBehaviour = {
  /** Called for each message before it is accepted; throw an Error with responseCode to refuse it. */
  onMessage?: (to: string[], count: number) => Promise<void> | void;
  /**
   * Called for each message once its data is in: true takes the message and destroys the
   * connection without answering, as a server that dies before its reply, so the client
   * cannot know whether the message arrived.
   */
  dropAfterData?: (to: string[], count: number) => boolean;
  /** Called for each MAIL FROM; throw an Error with responseCode to refuse it. */
  onMailFrom?: (address: string) => void;
  /** Called for each RCPT TO; throw an Error with responseCode to refuse it. */
  onRcptTo?: (address: string) => void;
  /** When set, the server asks for a login and takes only this one. */
  login?: { user: string; pass: string };
  /** Logins tried, right or wrong. */
  onLogin?: () => void;
  /** Called for each RCPT TO: true destroys the connection there, before any data. */
  dropAtRcpt?: (address: string) => boolean;
};

/** A real SMTP server (smtp-server) on a free loopback port, keeping what it receives. */
export function startSmtpServer(behaviour: SmtpBehaviour = {}): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const dropped: ReceivedMail[] = [];
  const reject = new Set<string>();
  // The client sockets by their port: a session names its client's port, not its socket.
  const sockets = new Map<number, Socket>();
  const drop = (session: SMTPServerSession) => sockets.get(session.remotePort)?.destroy();
  let count = 0;
  const refusal = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));
  const { login } = behaviour;
  const server = new SMTPServer({
    authOptional: login === undefined,
    // Loopback only, in tests: the login goes in clear text.
    allowInsecureAuth: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onAuth(auth, _session, callback) {
      behaviour.onLogin?.();
      if (login && auth.username === login.user && auth.password === login.pass) {
        callback(null, { user: login.user });
        return;
      }
      callback(new Error("Invalid username or password"));
    },
    onMailFrom(address, _session, callback) {
      try {
        behaviour.onMailFrom?.(address.address);
      } catch (error) {
        callback(refusal(error));
        return;
      }
      callback();
    },
    onRcptTo(address, session, callback) {
      if (behaviour.dropAtRcpt?.(address.address)) {
        drop(session);
        return;
      }
      try {
        behaviour.onRcptTo?.(address.address);
      } catch (error) {
        callback(refusal(error));
        return;
      }
      if (reject.has(address.address.toLowerCase())) {
        const error = Object.assign(new Error(`<${address.address}>: no such user here`), { responseCode: 550 });
        callback(error);
        return;
      }
      callback();
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", async () => {
        const to = session.envelope.rcptTo.map((rcpt) => rcpt.address);
        count += 1;
        if (behaviour.dropAfterData?.(to, count)) {
          const raw = Buffer.concat(chunks);
          dropped.push({ to, raw, parsed: await simpleParser(raw) });
          drop(session);
          return;
        }
        try {
          await behaviour.onMessage?.(to, count);
        } catch (error) {
          callback(refusal(error));
          return;
        }
        const raw = Buffer.concat(chunks);
        received.push({ to, raw, parsed: await simpleParser(raw) });
        callback();
      });
    },
  });
  server.server.on("connection", (socket: Socket) => {
    const port = socket.remotePort;
    if (port === undefined) return;
    sockets.set(port, socket);
    socket.once("close", () => sockets.delete(port));
  });
  // A client that dies mid-session (a digest killed with SIGKILL) resets its connection, and
  // smtp-server reports it on the server: a mail server carries on.
  server.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "ECONNRESET" && error.code !== "EPIPE") throw error;
  });
  return new Promise((resolve, reject_) => {
    server.once("error", reject_);
    server.listen(0, "127.0.0.1", () => {
      const address = server.server.address();
      if (typeof address !== "object" || !address) throw new Error("The SMTP server has no address.");
      resolve({
        url: `smtp://127.0.0.1:${address.port}`,
        received,
        dropped,
        reject,
        close: () => new Promise((closed) => server.close(() => closed())),
      });
    });
  });
}
