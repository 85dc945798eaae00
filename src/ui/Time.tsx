import { DATE_FORMAT, RELATIVE_FORMAT } from "./dateFormats.ts";
import { useLocalTimes } from "./localTimes.ts";

const utcFormats = new Map<string, Intl.DateTimeFormat>();

/** The date as the server renders it: in the story's language (British English by default), in UTC. */
export function formatUtc(iso: string, locale = "en-GB"): string {
  let format = utcFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { ...DATE_FORMAT, timeZone: "UTC" });
    utcFormats.set(locale, format);
  }
  return format.format(new Date(iso));
}

const HOUR = 3_600_000;

// Building a formatter is costly next to using one; a story renders several dates.
const localFormats = new Map<string, Intl.DateTimeFormat>();

function formatLocal(iso: string, locale?: string): string {
  const key = locale ?? "";
  let format = localFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, DATE_FORMAT);
    localFormats.set(key, format);
  }
  return format.format(new Date(iso));
}

/** "2 hours ago" for a time within the last day; null when it is older (or in the future). */
export function formatRelative(iso: string, now: number, locale?: string): string | null {
  const elapsed = now - Date.parse(iso);
  if (elapsed < 0 || elapsed >= 24 * HOUR) return null;
  const format = new Intl.RelativeTimeFormat(locale, RELATIVE_FORMAT);
  if (elapsed < HOUR) return format.format(-Math.max(1, Math.round(elapsed / 60_000)), "minute");
  return format.format(-Math.floor(elapsed / HOUR), "hour");
}

/**
 * The date in UTC, "2026-11-20 09:30 UTC", with no formatter to build, for a render before the
 * dates turn local: hydration keeps the served text instead, so only a page the app renders
 * in that moment (a click straight after the start) shows this form.
 */
function plainUtc(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/**
 * A date as `<time datetime>`: relative when recent, otherwise in the reader's locale and
 * time zone, with the exact local time as its title. Prerendered HTML shows UTC, and keeps
 * its text while the app hydrates it; the date turns local afterwards (localTimes.ts).
 * `locale` is the language of the text around it (contract 1.1), so the date reads in that language.
 */
export function Time({ iso, className, locale }: { iso: string; className?: string; locale?: string }) {
  if (!useLocalTimes()) {
    // One text child, so hydration leaves the served text as it is instead of patching it.
    return (
      <time className={className} dateTime={iso} suppressHydrationWarning>
        {import.meta.env.SSR ? `${formatUtc(iso, locale)} UTC` : plainUtc(iso)}
      </time>
    );
  }
  const exact = formatLocal(iso, locale);
  return (
    <time className={className} dateTime={iso} title={exact}>
      {formatRelative(iso, Date.now(), locale) ?? exact}
    </time>
  );
}
