import { useIsClient } from "./useIsClient.ts";

const UTC_FORMAT = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "long",
  timeStyle: "short",
  timeZone: "UTC",
});

export function formatLocal(iso: string, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "long", timeStyle: "short" }).format(new Date(iso));
}

/** A date as `<time datetime>`, in the reader's locale and time zone once on the client. */
export function Time({ iso, className }: { iso: string; className?: string }) {
  const isClient = useIsClient();
  const date = new Date(iso);
  const label = isClient ? formatLocal(iso) : `${UTC_FORMAT.format(date)} UTC`;
  return (
    <time className={className} dateTime={iso}>
      {label}
    </time>
  );
}
