import type { DailySchedule } from "../../contract/dailyEmail.ts";
import type { SignupRequest } from "./signupRequest.ts";
import type { RateLimitResult, Store, Subscriber, TokenState } from "../store/index.ts";
import { confirmationMessage, CONFIRMATION_VALID_HOURS } from "./email/messages.ts";
import { preparedMessage } from "./encodedPart.ts";
import type { PreparedMessage } from "./encodedPart.ts";
import type { Mailer } from "./mailer.ts";
import { log } from "../http/log.ts";
import {
  hashToken,
  isConfirmationToken,
  newConfirmationToken,
  unsubscribeToken,
  verifyUnsubscribeToken,
} from "./tokens.ts";

export type SignupAnswer =
  | { status: "confirmation-sent" | "already-subscribed" | "mail-failed" }
  | { status: "rate-limited"; retryAfterSeconds: number };

/** The signup flow both the JSON API and the plain HTML form go through. */
export type Subscriptions = {
  /** Counts an attempt that is not a signup (a malformed request) against the client's limit. */
  limit(clientKey: string): Promise<RateLimitResult>;
  /** Counts the attempt against the client's limit and, within it, signs up: one transaction. */
  signUp(request: SignupRequest, sourcePage: string | null, clientKey: string): Promise<SignupAnswer>;
  /** What a confirmation link would do, changing nothing (mail scanners open links). */
  checkConfirmation(token: string): Promise<TokenState>;
  confirm(token: string): Promise<TokenState>;
  /** The subscriber an unsubscribe link is for, or undefined for a forged or damaged one. */
  unsubscribeTarget(token: string): Promise<Subscriber | undefined>;
  unsubscribe(token: string): Promise<boolean>;
  confirmUrl(token: string): string;
  unsubscribeUrl(subscriberId: number): string;
  readonly store: Store;
  /** When the edition goes out, for every page and email that says so; undefined with DIGEST_AT=off. */
  readonly schedule: DailySchedule | undefined;
};

export type SubscriptionsOptions = {
  store: Store;
  mailer: Mailer;
  secret: string;
  siteUrl: string;
  /** Signup attempts per client per minute. */
  signupRateLimit: number;
  /** Logs each confirmation link, for a machine whose mail goes to the outbox folder. */
  logConfirmationLinks?: boolean;
  /** When the running server sends each edition (DIGEST_AT); without it no page promises a time. */
  schedule?: DailySchedule;
  now?: () => number;
};

export const RESEND_INTERVAL_MS = 10 * 60_000;
const RATE_WINDOW_MS = 60_000;
const CONFIRM_URL_PLACEHOLDER = "%%CONFIRM_URL%%";
const rateKey = (clientKey: string) => `signup:${clientKey}`;

export function createSubscriptions(options: SubscriptionsOptions): Subscriptions {
  const { store, mailer, secret, siteUrl, signupRateLimit, now = Date.now } = options;
  const confirmUrl = (token: string) => `${siteUrl}/subscriptions/confirm/${token}`;
  // The confirmation is the same for every address but its link: rendered and encoded once.
  let confirmation: Promise<PreparedMessage> | undefined;
  function confirmationFor(url: string) {
    confirmation ??= confirmationMessage(siteUrl, CONFIRM_URL_PLACEHOLDER, options.schedule).then(
      (message) => preparedMessage(message, CONFIRM_URL_PLACEHOLDER),
      (error: unknown) => {
        confirmation = undefined;
        throw error;
      },
    );
    return confirmation.then((message) => message(url));
  }

  return {
    store,
    schedule: options.schedule,
    confirmUrl,
    unsubscribeUrl: (subscriberId) => `${siteUrl}/subscriptions/unsubscribe/${unsubscribeToken(secret, subscriberId)}`,
    limit: (clientKey) => store.hitRateLimit(rateKey(clientKey), signupRateLimit, RATE_WINDOW_MS, now()),

    async signUp(request, sourcePage, clientKey) {
      const time = new Date(now());
      const { token, hash } = newConfirmationToken();
      const outcome = await store.signUp({
        email: request.email,
        list: request.list,
        sourcePage,
        now: time,
        tokenHash: hash,
        tokenExpiresAt: new Date(time.getTime() + CONFIRMATION_VALID_HOURS * 3_600_000),
        resendIntervalMs: RESEND_INTERVAL_MS,
        rateLimit: { key: rateKey(clientKey), limit: signupRateLimit, windowMs: RATE_WINDOW_MS },
      });
      if (outcome.status === "already-subscribed" || outcome.status === "rate-limited") return outcome;
      // The same answer whether or not an email went out: it must not tell who is on the list.
      if (!outcome.send) return { status: "confirmation-sent" };
      const sent = await mailer.send({ to: outcome.email, ...(await confirmationFor(confirmUrl(token))) });
      if (!sent.ok) {
        // A server's refusal often quotes the address, and addresses stay out of logs.
        log.error(`the confirmation email could not be sent: ${sent.error.replace(/\S+@\S+/g, "[address]")}`);
        await store.releaseConfirmation(outcome.subscriberId);
        return { status: "mail-failed" };
      }
      if (options.logConfirmationLinks) log.info({ link: confirmUrl(token) }, "outbox: confirmation link");
      return { status: "confirmation-sent" };
    },

    async checkConfirmation(token) {
      return isConfirmationToken(token) ? store.checkConfirmation(hashToken(token), new Date(now())) : "invalid";
    },
    async confirm(token) {
      return isConfirmationToken(token) ? store.confirm(hashToken(token), new Date(now())) : "invalid";
    },
    async unsubscribeTarget(token) {
      const id = verifyUnsubscribeToken(secret, token);
      return id === undefined ? undefined : store.subscriber(id);
    },
    async unsubscribe(token) {
      const id = verifyUnsubscribeToken(secret, token);
      return id === undefined ? false : store.unsubscribe(id, new Date(now()));
    },
  };
}

/** The path of the page a signup came from, when the browser says; never a full address. */
export function sourcePageOf(referer: string | undefined): string | null {
  const url = referer ? URL.parse(referer) : null;
  return url ? url.pathname.slice(0, 200) : null;
}
