import type { MailEvent } from "../../store/index.ts";

/**
 * What a webhook post comes to: the events it carries, or why it was refused. A refusal's
 * reason is logged, so it never quotes the post (which holds addresses).
 */
export type Verdict =
  | { ok: true; events: MailEvent[] }
  /**
   * 401: no credentials or no signature at all; 403: wrong ones, stale, or for another topic;
   * 503: the signature could not be checked now (its certificate did not come), so try again.
   */
  | { ok: false; status: RefusalStatus; reason: string };

export type RefusalStatus = 400 | 401 | 403 | 503;

export const refuse = (status: RefusalStatus, reason: string): Verdict => ({ ok: false, status, reason });

/** A Message-ID as the digest recorded it: in angle brackets. */
export function messageIdOf(raw: string | undefined): string | undefined {
  const id = raw?.trim().replace(/^<|>$/g, "");
  return id ? `<${id}>` : undefined;
}

/** A date a provider gives, or undefined when it is none. */
export function dateOf(raw: string | number | undefined): Date | undefined {
  if (raw === undefined) return undefined;
  const date = typeof raw === "number" ? new Date(raw * 1000) : new Date(raw);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
