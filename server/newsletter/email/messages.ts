import { render } from "@react-email/render";
import { createElement } from "react";
import { storyPath } from "../../../contract/paths.ts";
import type { DailySchedule } from "../../../contract/dailyEmail.ts";
import { dailyEmailOffer } from "../../../contract/dailyEmail.ts";
import type { FrontPage } from "../../../contract/schema.ts";
import { UNSUBSCRIBE_PLACEHOLDER } from "../../store/index.ts";
import { ConfirmationEmail } from "./ConfirmationEmail.tsx";
import type { EditionStory } from "./EditionEmail.tsx";
import { EditionEmail } from "./EditionEmail.tsx";

export const CONFIRMATION_VALID_HOURS = 48;
export const EDITION_SIZE = 10;

export type RenderedMessage = { subject: string; html: string; text: string };

export async function confirmationMessage(
  siteUrl: string,
  confirmUrl: string,
  schedule: DailySchedule | undefined,
): Promise<RenderedMessage> {
  const offer = dailyEmailOffer(schedule);
  const html = await render(
    createElement(ConfirmationEmail, { siteUrl, confirmUrl, validHours: CONFIRMATION_VALID_HOURS, offer }),
  );
  const text = [
    "Please confirm your Daily Headlines subscription",
    "",
    `Someone, hopefully you, asked for Daily Headlines from Dispatch at ${siteUrl}. ${offer}`,
    "",
    `Confirm: ${confirmUrl}`,
    "",
    `This link works for ${CONFIRMATION_VALID_HOURS} hours. If you did not ask for this, ignore this email: nothing will be sent unless the link is used.`,
    "",
  ].join("\n");
  return { subject: "Confirm your Daily Headlines subscription", html, text };
}

function absolute(siteUrl: string, src: string): string {
  return src.startsWith("/") ? `${siteUrl}${src}` : src;
}

function dateLabel(date: string, lang: string): string {
  return new Intl.DateTimeFormat(lang, { dateStyle: "full", timeZone: "UTC" }).format(new Date(`${date}T12:00:00Z`));
}

/**
 * One edition's subject and parts, the same for every recipient except the unsubscribe link,
 * left as UNSUBSCRIBE_PLACEHOLDER so the stored edition is what each recipient gets.
 */
export async function editionMessage(
  frontPage: FrontPage,
  options: { date: string; siteUrl: string; postalAddress: string; lang?: string },
): Promise<RenderedMessage> {
  const lang = options.lang ?? "en";
  const stories: EditionStory[] = frontPage.headlines.slice(0, EDITION_SIZE).map((headline, index) => ({
    headline: headline.headline,
    standfirst: headline.standfirst,
    url: `${options.siteUrl}${storyPath(headline.slug)}`,
    image:
      index === 0 && headline.image
        ? {
            src: absolute(options.siteUrl, headline.image.src),
            alt: headline.image.alt,
            width: headline.image.width,
            height: headline.image.height,
          }
        : undefined,
  }));
  const label = dateLabel(options.date, lang);
  const title = `Daily Headlines for ${label}`;
  const preview = stories
    .slice(0, 3)
    .map((story) => story.headline)
    .join(" · ");
  const html = await render(
    createElement(EditionEmail, {
      title,
      dateLabel: label,
      preview,
      lang,
      stories,
      siteUrl: options.siteUrl,
      unsubscribeUrl: UNSUBSCRIBE_PLACEHOLDER,
      postalAddress: options.postalAddress,
    }),
  );
  const text = [
    `Dispatch: Daily Headlines, ${label}`,
    "",
    ...stories.flatMap((story) => [story.headline, ...(story.standfirst ? [story.standfirst] : []), story.url, ""]),
    "--",
    `You get this email because you subscribed to Daily Headlines at ${options.siteUrl} and confirmed your address.`,
    `Unsubscribe with one click: ${UNSUBSCRIBE_PLACEHOLDER}`,
    ...(options.postalAddress ? [options.postalAddress] : []),
    "",
  ].join("\n");
  return { subject: `${stories[0]?.headline ?? "Today's headlines"} — Daily Headlines`, html, text };
}
