import type { KeyObject } from "node:crypto";
import { Hono } from "hono";
import type { Context } from "hono";
import { DAILY_HEADLINES } from "../../../contract/signup.ts";
import { readLimited } from "../../http/body.ts";
import { log as defaultLog } from "../../http/log.ts";
import type { Logger } from "../../http/log.ts";
import type { Store } from "../../store/index.ts";
import { checkPostmarkCredentials, postmarkEvents } from "./postmark.ts";
import { checkSendGridSignature, SENDGRID_SIGNATURE, SENDGRID_TIMESTAMP, sendGridEvents } from "./sendgrid.ts";
import type { SnsOptions } from "./ses.ts";
import type { MailHookSettings } from "./settings.ts";
import { checkSnsMessage, createCertificates, isSnsAddress, sesEvents } from "./ses.ts";
import type { RefusalStatus, Verdict } from "./verdict.ts";
import { refuse } from "./verdict.ts";

export type MailHooksOptions = {
  store: Store;
  settings: MailHookSettings;
  /** How SNS certificates and subscription links are fetched. */
  fetch?: typeof fetch;
  now?: () => Date;
  logger?: Logger;
};

/**
 * A SendGrid post holds up to a few thousand events (it batches by size, well under a megabyte);
 * 10,000 events of the usual size fit, and anything larger is refused unread.
 */
export const MAX_HOOK_BYTES = 4 * 1024 * 1024;

type Answer = Verdict | { ok: true; events: []; note: string };

/**
 * POST /hooks/mail/{postmark,sendgrid,ses}: bounces and complaints the mail provider learns of
 * after the message left. Each checks its provider's own proof before anything is read into the
 * store; a refusal is logged with its reason and never with an address. Answers are never cached.
 */
export function createMailHooks(options: MailHooksOptions): Hono {
  const { store, settings, now = () => new Date(), logger = defaultLog } = options;
  const fetchFrom = options.fetch ?? fetch;
  const sns: SnsOptions | undefined = settings.ses && { ...settings.ses, fetch: fetchFrom };
  const certificateKey = createCertificates({ fetch: fetchFrom });
  const hooks = new Hono();

  async function readJson(c: Context): Promise<{ body: Buffer; json: unknown } | { refused: Verdict | "too-large" }> {
    const body = await readLimited(c.req.raw, MAX_HOOK_BYTES);
    if (!body) return { refused: "too-large" };
    try {
      return { body, json: JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body)) };
    } catch (error) {
      if (error instanceof SyntaxError || error instanceof TypeError) return { refused: refuse(400, "not JSON") };
      throw error;
    }
  }

  async function postmark(c: Context, secret: string): Promise<Answer | "too-large"> {
    const credentials = checkPostmarkCredentials(c.req.header("Authorization"), secret);
    if (credentials) return credentials;
    const read = await readJson(c);
    return "refused" in read ? read.refused : postmarkEvents(read.json, now());
  }

  async function sendgrid(c: Context, key: KeyObject): Promise<Answer | "too-large"> {
    const signature = c.req.header(SENDGRID_SIGNATURE);
    const timestamp = c.req.header(SENDGRID_TIMESTAMP);
    if (!signature || !timestamp) return refuse(401, "no signature");
    const read = await readJson(c);
    if ("refused" in read) return read.refused;
    const checked = checkSendGridSignature(read.body, signature, timestamp, key, now());
    return checked ?? sendGridEvents(read.json, now());
  }

  async function ses(c: Context, options: SnsOptions): Promise<Answer | "too-large"> {
    const read = await readJson(c);
    if ("refused" in read) return read.refused;
    const checked = await checkSnsMessage(read.json, options, certificateKey, now());
    if ("refused" in checked) return checked.refused;
    const { message } = checked;
    if (message.Type === "Notification") return sesEvents(message, now());
    if (message.Type === "UnsubscribeConfirmation")
      return { ok: true, events: [], note: "unsubscribed from the topic" };
    // A subscription is confirmed by visiting its link, which must be SNS's own too.
    if (!message.SubscribeURL || !isSnsAddress(message.SubscribeURL, options.testOrigin)) {
      return refuse(403, "subscription link not from SNS");
    }
    // Why the visit failed, or undefined when SNS took it.
    const failure = await fetchFrom(message.SubscribeURL, {
      signal: AbortSignal.timeout(5000),
      redirect: "error",
    }).then(
      (response) => (response.ok ? undefined : `SNS answered ${response.status}`),
      (error: unknown) => String(error),
    );
    return failure === undefined
      ? { ok: true, events: [], note: "subscribed to the topic" }
      : refuse(503, `the subscription could not be confirmed now: ${failure}`);
  }

  function answer(c: Context, status: 200 | 404 | 413 | RefusalStatus, body: object): Response {
    return c.json(body, status, { "Cache-Control": "no-store" });
  }

  hooks.post("/hooks/mail/:provider", async (c) => {
    const provider = c.req.param("provider");
    const handle =
      provider === "postmark" && settings.postmarkSecret !== undefined
        ? postmark(c, settings.postmarkSecret)
        : provider === "sendgrid" && settings.sendgridKey !== undefined
          ? sendgrid(c, settings.sendgridKey)
          : provider === "ses" && sns !== undefined
            ? ses(c, sns)
            : undefined;
    if (!handle) return answer(c, 404, { error: "No such webhook." });
    const result = await handle;
    if (result === "too-large") {
      logger.warn({ provider, limit: MAX_HOOK_BYTES }, "mail webhook refused: the post is too large");
      return answer(c, 413, { error: "Too large." });
    }
    if (!result.ok) {
      logger.warn({ provider, status: result.status, reason: result.reason }, "mail webhook refused");
      if (result.status === 401 && provider === "postmark") c.header("WWW-Authenticate", 'Basic realm="mail webhooks"');
      return answer(c, result.status, { error: "Refused." });
    }
    const outcome = await store.recordMailEvents(DAILY_HEADLINES, result.events, now());
    logger.info({ provider, ...outcome, ...("note" in result ? { note: result.note } : {}) }, "mail webhook");
    return answer(c, 200, outcome);
  });
  hooks.all("/hooks/mail/*", (c) => answer(c, 404, { error: "No such webhook." }));
  return hooks;
}
