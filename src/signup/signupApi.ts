import * as v from "valibot";
import { DAILY_HEADLINES } from "../../contract/signup.ts";
import { apiUrl } from "../api/index.ts";

export type SignupResult =
  | { kind: "confirmation-sent" }
  | { kind: "subscribed" }
  | { kind: "already-subscribed" }
  | { kind: "rate-limited"; retryAfterSeconds: number }
  | { kind: "rejected"; message: string }
  | { kind: "failed" };

// Contract 1.1: 202 confirmation-sent (double opt-in), 201 subscribed, 200 already-subscribed.
const StatusSchema = v.object({ status: v.picklist(["confirmation-sent", "subscribed", "already-subscribed"]) });
const ErrorSchema = v.object({ error: v.string() });

function retryAfter(header: string | null): number {
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds > 0) return Math.ceil(seconds);
  const date = header ? Date.parse(header) : Number.NaN;
  return Number.isNaN(date) ? 60 : Math.max(1, Math.ceil((date - Date.now()) / 1000));
}

/** POST {base}/subscriptions, as the contract says; every answer becomes a SignupResult. */
export async function requestSignup(email: string): Promise<SignupResult> {
  let response: Response;
  try {
    response = await fetch(apiUrl("subscriptions"), {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ email, list: DAILY_HEADLINES }),
      signal: AbortSignal.timeout(15_000),
    });
  } catch {
    return { kind: "failed" };
  }
  if (response.status === 429)
    return { kind: "rate-limited", retryAfterSeconds: retryAfter(response.headers.get("Retry-After")) };
  const body: unknown = await response.json().catch(() => null);
  if (response.status === 400) {
    const error = v.safeParse(ErrorSchema, body);
    return { kind: "rejected", message: error.success ? error.output.error : "The address was not accepted." };
  }
  const status = v.safeParse(StatusSchema, body);
  if (!response.ok || !status.success) return { kind: "failed" };
  return { kind: status.output.status };
}
