import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { ParsedMail } from "mailparser";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import type { SMTPServerDataStream, SMTPServerSession } from "smtp-server";

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
  /** Addresses refused with `550` at RCPT TO. */
  reject: Set<string>;
  close(): Promise<void>;
};

export type SmtpBehaviour = {
  /** Called for each message before it is accepted; throw an Error with responseCode to refuse it. */
  onMessage?: (to: string[], count: number) => Promise<void> | void;
};

/** A real SMTP server (smtp-server) on a free loopback port, keeping what it receives. */
export function startSmtpServer(behaviour: SmtpBehaviour = {}): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const reject = new Set<string>();
  let count = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onRcptTo(address, _session, callback) {
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
        try {
          await behaviour.onMessage?.(to, count);
        } catch (error) {
          callback(error instanceof Error ? error : new Error(String(error)));
          return;
        }
        const raw = Buffer.concat(chunks);
        received.push({ to, raw, parsed: await simpleParser(raw) });
        callback();
      });
    },
  });
  return new Promise((resolve, reject_) => {
    server.once("error", reject_);
    server.listen(0, "127.0.0.1", () => {
      const address = server.server.address();
      if (typeof address !== "object" || !address) throw new Error("The SMTP server has no address.");
      resolve({
        url: `smtp://127.0.0.1:${address.port}`,
        received,
        reject,
        close: () => new Promise((closed) => server.close(() => closed())),
      });
    });
  });
}
