/**
 * How the reader's dates are written, in one place for the page that formats them and the
 * worker that builds the same formatters first (warmDates.worker.ts): warming any other
 * options would leave the page's first formatter as costly as before.
 */
export const DATE_FORMAT: Intl.DateTimeFormatOptions = { dateStyle: "long", timeStyle: "short" };
export const RELATIVE_FORMAT: Intl.RelativeTimeFormatOptions = { numeric: "auto" };
