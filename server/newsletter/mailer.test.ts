import { afterEach, describe, expect, it } from "vitest";
import type { Mailer, SendResult } from "./mailer.ts";
import { startSmtpServer, testMailer } from "../testing/mail.ts";
import type { SmtpBehaviour, TestSmtpServer } from "../testing/mail.ts";

const RETRIES = 2;

const refused = (code: number, text: string) => Object.assign(new Error(text), { responseCode: code });

describe("what the mailer makes of each way a send can fail, against a real SMTP server", () => {
  const mailers: Mailer[] = [];
  const servers: TestSmtpServer[] = [];

  function mailer(url: string): Mailer {
    const created = testMailer(url, { retries: RETRIES, retryDelayMs: 5 });
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
