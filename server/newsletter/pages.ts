import { readFileSync, statSync } from "node:fs";
import type { DailySchedule } from "../../contract/dailyEmail.ts";
import { dailyEmailOffer, partOfDay } from "../../contract/dailyEmail.ts";
import { escapeHtml } from "../../contract/html.ts";
import { DAILY_HEADLINES } from "../../contract/signup.ts";

export type Page = { title: string; heading: string; body: string };

/**
 * The built app's stylesheets, taken from its shell, so these pages look like the site.
 * Read again when the shell changes, as it does when the app is rebuilt in place.
 */
export function builtStylesheets(shell: string): () => string[] {
  let seen: { modified: number; hrefs: string[] } | undefined;
  return () => {
    const modified = statSync(shell, { throwIfNoEntry: false })?.mtimeMs ?? 0;
    if (seen?.modified !== modified) {
      const html = modified ? readFileSync(shell, "utf8") : "";
      const links = [...html.matchAll(/<link\b[^>]*>/g)]
        .map(([tag]) => tag)
        .filter((tag) => /rel="stylesheet"/.test(tag));
      const hrefs = links.flatMap((tag) => /href="(\/[^"]+\.css)"/.exec(tag)?.[1] ?? []);
      seen = { modified, hrefs };
    }
    return seen.hrefs;
  };
}

/**
 * A whole page in the site's frame, which `frame` draws around the page's content from the
 * same components as the app's (server/pages/storyPages.ts); without the app's server bundle,
 * the content alone. No script and no inline style, so the strict CSP holds.
 */
export async function renderSubscriptionPage(
  page: Page,
  stylesheets: readonly string[],
  frame: (content: string) => Promise<string | undefined>,
): Promise<string> {
  const links = stylesheets.map((href) => `<link rel="stylesheet" href="${escapeHtml(href)}">`).join("");
  const content = `<h1>${escapeHtml(page.heading)}</h1>\n${page.body}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(page.title)} · Dispatch</title>
${links}
</head>
<body>
${(await frame(content)) ?? `<main id="main">${content}</main>`}
</body>
</html>
`;
}

const frontPageLink = '<p class="actions"><a class="button" href="/">Go to the front page</a></p>';

export function signupFormPage(
  schedule: DailySchedule | undefined,
  options: { email?: string; error?: string } = {},
): Page {
  const error = options.error
    ? `<p id="signup-error" class="form-error" role="alert">${escapeHtml(options.error)}</p>`
    : "";
  const describedBy = options.error ? "signup-error signup-consent" : "signup-consent";
  return {
    title: "Sign up for daily headlines",
    heading: "Sign up for daily headlines",
    body: `<form class="signup-form" method="post" action="/subscribe">
<p id="signup-consent" class="consent">${escapeHtml(dailyEmailOffer(schedule))}</p>
<label for="signup-email">Email address</label>
<input id="signup-email" name="email" type="email" autocomplete="email" inputmode="email" spellcheck="false" required value="${escapeHtml(options.email ?? "")}" aria-describedby="${describedBy}"${options.error ? ' aria-invalid="true"' : ""}>
<input type="hidden" name="list" value="${DAILY_HEADLINES}">
${error}
<button type="submit" class="button">Sign up</button>
</form>`,
  };
}

export const checkInboxPage: Page = {
  title: "Check your inbox",
  heading: "Check your inbox",
  body: `<p role="status">If the address can receive mail, a message is on its way with a link to confirm your subscription. The link works for 48 hours; nothing is sent unless you use it.</p>${frontPageLink}`,
};

export function alreadySubscribedPage(schedule: DailySchedule | undefined): Page {
  const when = partOfDay(schedule);
  return {
    title: "Already subscribed",
    heading: "You're already on the list",
    body: `<p role="status">There is nothing more to do${when ? `: Daily Headlines arrives ${when}` : ""}.</p>${frontPageLink}`,
  };
}

export function confirmPage(token: string, schedule: DailySchedule | undefined): Page {
  const when = partOfDay(schedule);
  return {
    title: "Confirm your subscription",
    heading: "Confirm your subscription",
    body: `<p>Confirm that you want ${when ? `one email ${when} with the day's top headlines` : "the day's top headlines by email"}.</p>
<form method="post" action="/subscriptions/confirm/${escapeHtml(token)}"><button type="submit" class="button">Confirm</button></form>`,
  };
}

export function confirmedPage(schedule: DailySchedule | undefined): Page {
  const when = partOfDay(schedule);
  const what = when
    ? `Daily Headlines arrives ${when} with the day's top stories`
    : "You're on the list for Daily Headlines";
  return {
    title: "Subscription confirmed",
    heading: "You're subscribed",
    body: `<p role="status">Thank you. ${what}; every email has a link to unsubscribe.</p>${frontPageLink}`,
  };
}

const tokenProblems = {
  invalid:
    "This confirmation link is not valid. It may have been copied incompletely: try the link in the email again, or sign up again.",
  expired: "This confirmation link has expired: links work for 48 hours. Sign up again to get a new one.",
  used: "This confirmation link has already been used. If you confirmed, you're subscribed and there is nothing more to do.",
} as const;

export function tokenProblemPage(problem: keyof typeof tokenProblems): Page {
  return {
    title: "Link not usable",
    heading: "This link cannot be used",
    body: `<p>${escapeHtml(tokenProblems[problem])}</p><p class="actions"><a class="button" href="/subscribe">Sign up again</a><a href="/">Front page</a></p>`,
  };
}

export function unsubscribePage(token: string): Page {
  return {
    title: "Unsubscribe",
    heading: "Unsubscribe from Daily Headlines",
    body: `<p>You will get no more Daily Headlines emails.</p>
<form method="post" action="/subscriptions/unsubscribe/${escapeHtml(token)}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit" class="button">Unsubscribe</button></form>`,
  };
}

export const unsubscribedPage: Page = {
  title: "Unsubscribed",
  heading: "You're unsubscribed",
  body: `<p role="status">You will get no more Daily Headlines emails. Changed your mind? <a href="/subscribe">Sign up again</a>.</p>${frontPageLink}`,
};

export const badUnsubscribeLinkPage: Page = {
  title: "Link not usable",
  heading: "This unsubscribe link cannot be used",
  body: `<p>The link is not valid; it may have been copied incompletely. Use the Unsubscribe link at the bottom of any Daily Headlines email again.</p>${frontPageLink}`,
};

export function problemPage(heading: string, message: string): Page {
  return { title: heading, heading, body: `<p role="alert">${escapeHtml(message)}</p>${frontPageLink}` };
}
