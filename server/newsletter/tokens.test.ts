import { describe, expect, it } from "vitest";
import { openSqliteStore } from "../store/index.ts";
import { sqliteTarget } from "../testing/stores.ts";
import {
  hashToken,
  isConfirmationToken,
  loadSignupSecret,
  newConfirmationToken,
  unsubscribeToken,
  verifyUnsubscribeToken,
} from "./tokens.ts";

describe("confirmation tokens", () => {
  it("are 32 random bytes in base64url, stored only as their SHA-256", () => {
    const { token, hash } = newConfirmationToken();
    expect(Buffer.from(token, "base64url")).toHaveLength(32);
    expect(isConfirmationToken(token)).toBe(true);
    expect(hash).toBe(hashToken(token));
    expect(hash).not.toContain(token);
    expect(newConfirmationToken().token).not.toBe(token);
  });
});

describe("unsubscribe tokens", () => {
  it("verify for their subscriber only, with the secret that made them", () => {
    const token = unsubscribeToken("secret", 42);
    expect(verifyUnsubscribeToken("secret", token)).toBe(42);
    expect(verifyUnsubscribeToken("other", token)).toBeUndefined();
    expect(verifyUnsubscribeToken("secret", token.replace(/^42/, "43"))).toBeUndefined();
    expect(verifyUnsubscribeToken("secret", token.slice(0, -1))).toBeUndefined();
    expect(verifyUnsubscribeToken("secret", `${token}A`)).toBeUndefined();
    expect(verifyUnsubscribeToken("secret", "")).toBeUndefined();
    expect(verifyUnsubscribeToken("secret", `042.${token.split(".")[1]}`)).toBeUndefined();
  });
});

describe("loadSignupSecret", () => {
  it("uses SIGNUP_SECRET when set, and otherwise generates one on first start and keeps it", async () => {
    const target = await sqliteTarget();
    const store = openSqliteStore(target.location.databasePath);
    expect(await loadSignupSecret(store, "configured")).toBe("configured");
    const generated = await loadSignupSecret(store, undefined);
    expect(Buffer.from(generated, "base64url")).toHaveLength(32);
    await store.close();
    const reopened = openSqliteStore(target.location.databasePath);
    expect(await loadSignupSecret(reopened, undefined)).toBe(generated);
    await reopened.close();
    await target.remove();
  });
});
