import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { checkDkim } from "../testing/dkim.ts";
import type { DkimSettings } from "./config.ts";
import { preparedMessage } from "./encodedPart.ts";
import { createMailer } from "./mailer.ts";
import type { Mailer, SendResult } from "./mailer.ts";
import { readOutbox, startSmtpServer, testMailer } from "../testing/mail.ts";
import type { SmtpBehaviour, TestSmtpServer } from "../testing/mail.ts";

const RETRIES = 2;

const refused = (code: number, text: string) => Object.assign(new Error(text), { responseCode: code });

const dkimKeys = generateKeyPairSync("rsa", { modulusLength: 2048 });
const DKIM: DkimSettings = {
  domainName: "news.example",
  keySelector: "dispatch2026",
  privateKey: String(dkimKeys.privateKey.export({ format: "pem", type: "pkcs8" })),
};

// DKIM signing reads each message ahead of the connection: the outcomes must not change with it.
describe.each([
  ["unsigned", undefined],
  ["signed with DKIM", DKIM],
])("what the mailer makes of each way a send can fail, against a real SMTP server (%s)", (_, dkim) => {
  const mailers: Mailer[] = [];
  const servers: TestSmtpServer[] = [];

  function mailer(url: string): Mailer {
    const created = testMailer(url, { retries: RETRIES, retryDelayMs: 5, dkim });
    mailers.push(created);
    return created;
  }

  async function server(behaviour: SmtpBehaviour = {}): Promise<TestSmtpServer> {
    const started = await startSmtpServer(behaviour);
    servers.push(started);
    return started;
  }

  const send = (through: Mailer): Promise<SendResult> =>
    through.send({ to: "reader@example.com", subject: "Daily Headlines", html: "<p>News</p>", text: "News" });

  afterEach(async () => {
    for (const created of mailers.splice(0)) created.close();
    for (const started of servers.splice(0)) await started.close();
  });

  it("a refused connection is deferred after its retries", async () => {
    expect(await send(mailer("smtp://127.0.0.1:1"))).toMatchObject({ ok: false, outcome: "deferred" });
  });

  it("a refused login is retried and deferred, never bounced", async () => {
    let logins = 0;
    const smtp = await server({
      login: { user: "dispatch", pass: "right" },
      onLogin: () => {
        logins += 1;
      },
    });
    const url = new URL(smtp.url);
    url.username = "dispatch";
    url.password = "wrong";
    expect(await send(mailer(url.href))).toMatchObject({ ok: false, outcome: "deferred" });
    expect(logins).toBe(RETRIES + 1);
    url.password = "right";
    expect(await send(mailer(url.href))).toMatchObject({ ok: true });
    expect(smtp.received).toHaveLength(1);
  });

  it("a 4xx to MAIL FROM is retried, and a 5xx there is about the sender, so not a bounce", async () => {
    let attempts = 0;
    let code = 451;
    const smtp = await server({
      onMailFrom() {
        attempts += 1;
        throw refused(code, "Sender refused");
      },
    });
    expect(await send(mailer(smtp.url))).toMatchObject({ ok: false, outcome: "deferred" });
    expect(attempts).toBe(RETRIES + 1);
    code = 550;
    expect(await send(mailer(smtp.url))).toMatchObject({ ok: false, outcome: "deferred" });
  });

  it("a 4xx to RCPT TO is retried until accepted; a 5xx there bounces at once", async () => {
    let attempts = 0;
    let code = 450;
    const smtp = await server({
      onRcptTo() {
        attempts += 1;
        if (code === 550 || attempts < 2) throw refused(code, "Mailbox unavailable");
      },
    });
    expect(await send(mailer(smtp.url))).toMatchObject({ ok: true });
    expect(attempts).toBe(2);
    code = 550;
    attempts = 0;
    expect(await send(mailer(smtp.url))).toMatchObject({ ok: false, outcome: "bounced" });
    expect(attempts).toBe(1);
    expect(smtp.received).toHaveLength(1);
  });

  it("a 5xx answer to the message's data bounces", async () => {
    const smtp = await server({
      onMessage() {
        throw refused(554, "Message refused");
      },
    });
    expect(await send(mailer(smtp.url))).toMatchObject({ ok: false, outcome: "bounced", error: "554 Message refused" });
  });

  it("a connection that ends before the data is retried", async () => {
    let drops = 0;
    const smtp = await server({
      dropAtRcpt() {
        drops += 1;
        return drops === 1;
      },
    });
    expect(await send(mailer(smtp.url))).toMatchObject({ ok: true });
    expect(drops).toBe(2);
    expect(smtp.received).toHaveLength(1);
  });

  it("a connection that ends after the server took the data, with no answer, is uncertain and not retried", async () => {
    const smtp = await server({ dropAfterData: () => true });
    expect(await send(mailer(smtp.url))).toMatchObject({ ok: false, outcome: "uncertain" });
    expect(smtp.dropped).toHaveLength(1);
    expect(smtp.dropped[0]?.parsed.text).toContain("News");
  });
});

describe("DKIM signing", () => {
  const mailers: Mailer[] = [];
  afterEach(() => {
    for (const created of mailers.splice(0)) created.close();
  });

  function mailer(smtpUrl: string | undefined, outboxDir = "unused"): Mailer {
    const created = createMailer({
      smtpUrl,
      from: "Dispatch <headlines@news.example>",
      outboxDir,
      ratePerSecond: 0,
      messageIdHost: "news.example",
      dkim: DKIM,
    });
    mailers.push(created);
    return created;
  }

  // The edition's parts are encoded ahead (encodedPart.ts), as the digest sends them.
  const edition = preparedMessage(
    {
      subject: "Harbour bridge reopens — Daily Headlines",
      html: "<p>Nyheter  i dag: %%LINK%%</p>  ",
      text: "Nyheter\t i dag: %%LINK%%\n\n",
    },
    "%%LINK%%",
  );

  it("signs each message sent: a DKIM-Signature with d= and s= that verifies against the public key", async () => {
    const smtp = await startSmtpServer();
    try {
      const sent = await mailer(smtp.url).send({
        to: "reader@example.com",
        ...edition("https://news.example/subscriptions/unsubscribe/1.abc"),
        headers: { "List-Unsubscribe": "<https://news.example/subscriptions/unsubscribe/1.abc>" },
      });
      expect(sent).toMatchObject({ ok: true });
      const raw = smtp.received[0]?.raw ?? Buffer.alloc(0);
      const checked = checkDkim(raw, dkimKeys.publicKey);
      expect(checked).toMatchObject({ ok: true, tags: { d: "news.example", s: "dispatch2026", a: "rsa-sha256" } });
      // A signed header or the body changed after signing breaks it, so the check checks something.
      const text = raw.toString("utf8");
      const to = Buffer.from(text.replace("To: reader@example.com", "To: reader2@example.com"));
      expect(checkDkim(to, dkimKeys.publicKey)).toEqual({ ok: false, problem: "signature does not verify" });
      const bodyStart = text.indexOf("\r\n\r\n") + 4;
      const body = Buffer.from(`${text.slice(0, bodyStart)}X${text.slice(bodyStart)}`);
      expect(checkDkim(body, dkimKeys.publicKey)).toEqual({ ok: false, problem: "body hash differs" });
    } finally {
      for (const created of mailers.splice(0)) created.close();
      await smtp.close();
    }
  });

  it("signs what it writes to the outbox folder too", async () => {
    const outbox = mkdtempSync(join(tmpdir(), "dispatch-dkim-"));
    try {
      expect(
        await mailer(undefined, outbox).send({ to: "reader@example.com", ...edition("https://news.example/u") }),
      ).toMatchObject({ ok: true });
      const [mail] = await readOutbox(outbox);
      expect(mail?.headers.get("dkim-signature")).toBeDefined();
    } finally {
      rmSync(outbox, { recursive: true, force: true });
    }
  });
});
