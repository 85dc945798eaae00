import { isEmail, SIGNUP_LISTS } from "../../contract/signup.ts";
import type { SignupList } from "../../contract/signup.ts";

export type SignupRequest = { email: string; list: SignupList };

export type ParsedSignup = { ok: true; value: SignupRequest } | { ok: false; error: string };

const FIELDS = ["email", "list"];

/** Checks a decoded JSON body against the signup contract. */
export function parseSignupRequest(body: unknown): ParsedSignup {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return { ok: false, error: "The body must be a JSON object." };
  }
  const extra = Object.keys(body).find((key) => !FIELDS.includes(key));
  if (extra !== undefined) return { ok: false, error: `Unexpected field "${extra}".` };
  if (!("email" in body) || !("list" in body)) {
    return { ok: false, error: 'The fields "email" and "list" are required.' };
  }
  const { email, list } = body;
  if (typeof email !== "string" || !isEmail(email.trim())) {
    return { ok: false, error: "Enter a valid email address." };
  }
  if (!isList(list)) return { ok: false, error: "Unknown list." };
  return { ok: true, value: { email, list } };
}

function isList(list: unknown): list is SignupRequest["list"] {
  return SIGNUP_LISTS.some((known) => known === list);
}
