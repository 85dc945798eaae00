import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Store } from "../store/index.ts";

/** A confirmation token: 32 random bytes for the link; only its hash is stored. */
export function newConfirmationToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** The shape of a confirmation token, checked before it reaches the database. */
export function isConfirmationToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}

function signature(secret: string, subscriberId: number): Buffer {
  return createHmac("sha256", secret).update(`unsubscribe:${subscriberId}`).digest();
}

/** `{subscriber id}.{HMAC}`: needs no storage, never expires, and cannot be made without the secret. */
export function unsubscribeToken(secret: string, subscriberId: number): string {
  return `${subscriberId}.${signature(secret, subscriberId).toString("base64url")}`;
}

/** The subscriber id a token was made for, or undefined for a forged, damaged or truncated token. */
export function verifyUnsubscribeToken(secret: string, token: string): number | undefined {
  const match = /^([1-9]\d{0,9})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match?.[1] || !match[2]) return undefined;
  const id = Number(match[1]);
  const given = Buffer.from(match[2], "base64url");
  const expected = signature(secret, id);
  return given.length === expected.length && timingSafeEqual(given, expected) ? id : undefined;
}

/**
 * SIGNUP_SECRET when set; otherwise one generated on first start and kept in the database,
 * so every instance and every restart signs the same links.
 */
export async function loadSignupSecret(store: Store, configured: string | undefined): Promise<string> {
  if (configured) return configured;
  return store.setting("signup-secret", randomBytes(32).toString("base64url"));
}
