import { join } from "node:path";
import { Hono } from "hono";
import type { Context } from "hono";
import { parseSignupRequest } from "./signupRequest.ts";
import type { Page } from "./pages.ts";
import {
  alreadySubscribedPage,
  badUnsubscribeLinkPage,
  builtStylesheets,
  checkInboxPage,
  confirmedPage,
  confirmPage,
  problemPage,
  renderSubscriptionPage,
  signupFormPage,
  tokenProblemPage,
  unsubscribedPage,
  unsubscribePage,
} from "./pages.ts";
import type { Subscriptions } from "./subscriptions.ts";
import { sourcePageOf } from "./subscriptions.ts";
import { isForm, readForm } from "../http/body.ts";

export type SubscriptionPagesOptions = {
  subscriptions: Subscriptions;
  distDir: string;
  /** The client's address, the rate limit's key. */
  clientKey: (c: Context) => string;
  /** The site's frame around a page's content, from the app's server bundle (undefined without one). */
  frame?: (content: string) => Promise<string | undefined>;
};

const MAX_FORM_BYTES = 4096;

type Status = 200 | 400 | 404 | 410 | 413 | 415 | 429 | 503;

/** The pages of the daily email: the plain signup form, confirmation and unsubscribe links. */
export function createSubscriptionPages({
  subscriptions,
  distDir,
  clientKey,
  frame = async () => undefined,
}: SubscriptionPagesOptions): Hono {
  const stylesheets = builtStylesheets(join(distDir, "index.html"));
  const pages = new Hono();

  async function page(c: Context, content: Page, status: Status = 200): Promise<Response> {
    // Links with tokens are personal: no cache may keep them, and no page is indexed.
    const html = await renderSubscriptionPage(content, stylesheets(), frame);
    return c.html(html, status, { "Cache-Control": "no-store" });
  }

  pages.get("/subscribe", (c) => page(c, signupFormPage(subscriptions.schedule)));
  pages.post("/subscribe", async (c) => {
    const client = clientKey(c);
    const tooMany = (retryAfterSeconds: number) => {
      c.header("Retry-After", String(retryAfterSeconds));
      return page(
        c,
        signupFormPage(subscriptions.schedule, {
          error: "Too many attempts from this connection. Please try again in a minute.",
        }),
        429,
      );
    };
    // A form that is no signup still counts against the client's limit, checked first.
    const refuse = async (content: Page, status: 400 | 413 | 415) => {
      const limit = await subscriptions.limit(client);
      return limit.allowed ? page(c, content, status) : tooMany(limit.retryAfterSeconds);
    };
    if (!isForm(c.req.header("Content-Type")))
      return refuse(
        signupFormPage(subscriptions.schedule, { error: "The form could not be read. Please try again." }),
        415,
      );
    const form = await readForm(c.req.raw, MAX_FORM_BYTES);
    if (!form) return refuse(signupFormPage(subscriptions.schedule, { error: "The form was too large." }), 413);
    const email = form.get("email") ?? "";
    const signup = parseSignupRequest({ email, list: form.get("list") ?? "" });
    if (!signup.ok) return refuse(signupFormPage(subscriptions.schedule, { email, error: signup.error }), 400);
    const answer = await subscriptions.signUp(signup.value, sourcePageOf(c.req.header("Referer")), client);
    if (answer.status === "rate-limited") return tooMany(answer.retryAfterSeconds);
    if (answer.status === "already-subscribed") return page(c, alreadySubscribedPage(subscriptions.schedule));
    if (answer.status === "mail-failed") {
      return page(
        c,
        signupFormPage(subscriptions.schedule, {
          email,
          error: "We could not send the confirmation email just now. Please try again.",
        }),
        503,
      );
    }
    return page(c, checkInboxPage);
  });

  pages.get("/subscriptions/confirm/:token", async (c) => {
    const token = c.req.param("token");
    const state = await subscriptions.checkConfirmation(token);
    return state === "valid"
      ? page(c, confirmPage(token, subscriptions.schedule))
      : page(c, tokenProblemPage(state), state === "invalid" ? 404 : 410);
  });
  pages.post("/subscriptions/confirm/:token", async (c) => {
    const state = await subscriptions.confirm(c.req.param("token"));
    return state === "valid"
      ? page(c, confirmedPage(subscriptions.schedule))
      : page(c, tokenProblemPage(state), state === "invalid" ? 404 : 410);
  });

  pages.get("/subscriptions/unsubscribe/:token", async (c) => {
    const token = c.req.param("token");
    const subscriber = await subscriptions.unsubscribeTarget(token);
    return subscriber ? page(c, unsubscribePage(token)) : page(c, badUnsubscribeLinkPage, 404);
  });
  // RFC 8058 one-click: a mail client POSTs `List-Unsubscribe=One-Click` with no cookie and no
  // CSRF token; the HMAC in the address is the proof. 200 with a page, never a redirect.
  pages.post("/subscriptions/unsubscribe/:token", async (c) => {
    const form = await readForm(c.req.raw, MAX_FORM_BYTES);
    if (!form) return page(c, problemPage("Request too large", "The request was too large."), 413);
    const done = await subscriptions.unsubscribe(c.req.param("token"));
    return done ? page(c, unsubscribedPage) : page(c, badUnsubscribeLinkPage, 404);
  });

  pages.all("/subscriptions/*", (c) => page(c, problemPage("Not found", "There is no page at this address."), 404));
  return pages;
}
