import { describe, expect, it } from "vitest";
import { isEmail } from "../../contract/signup.ts";
import { parseSignupRequest } from "./signupRequest.ts";

const LOCAL_64 = "l".repeat(64);
// 64 + 1 + 189 = 254 characters, the longest address allowed.
const DOMAIN_189 = `${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(61)}`;

describe("isEmail", () => {
  it.each([
    "reader@example.com",
    "First.Last+news@sub.example.co.uk",
    "o'brien@example.ie",
    "x@a-b.io",
    "zoë@exämple.de",
    `${LOCAL_64}@${DOMAIN_189}`,
  ])("accepts %j", (email) => {
    expect(isEmail(email)).toBe(true);
  });

  it.each([
    "",
    "plain",
    "@example.com",
    "reader@",
    "reader@localhost",
    "reader@@example.com",
    "a@b@example.com",
    "read er@example.com",
    "reader@exam ple.com",
    "reader@example..com",
    "reader@.example.com",
    "reader@example.com.",
    "reader@-example.com",
    "reader@example-.com",
    "reader@exa_mple.com",
    "reader@example.com\n",
    "rea\u0000der@example.com",
    "rea\u200bder@example.com",
    "reader\t@example.com",
    `${LOCAL_64}l@example.com`,
    `${LOCAL_64}@${DOMAIN_189}c`,
    `reader@${"a".repeat(64)}.com`,
  ])("rejects %j", (email) => {
    expect(isEmail(email)).toBe(false);
  });
});

describe("parseSignupRequest", () => {
  it("accepts exactly an email and the daily-headlines list", () => {
    expect(parseSignupRequest({ email: " Reader@Example.com ", list: "daily-headlines" })).toEqual({
      ok: true,
      value: { email: " Reader@Example.com ", list: "daily-headlines" },
    });
  });

  it.each([
    ["null", null],
    ["a string", "reader@example.com"],
    ["a number", 42],
    ["an array", [{ email: "reader@example.com", list: "daily-headlines" }]],
    ["no email", { list: "daily-headlines" }],
    ["no list", { email: "reader@example.com" }],
    ["an extra field", { email: "reader@example.com", list: "daily-headlines", name: "R" }],
    ["a non-string email", { email: 42, list: "daily-headlines" }],
    ["an unknown list", { email: "reader@example.com", list: "weekly" }],
    ["a non-string list", { email: "reader@example.com", list: ["daily-headlines"] }],
    ["an email over 254 characters", { email: `${LOCAL_64}@${DOMAIN_189}c`, list: "daily-headlines" }],
  ])("rejects %s", (_, body) => {
    const result = parseSignupRequest(body);
    expect(result.ok).toBe(false);
    expect(result.ok ? "" : result.error).not.toBe("");
  });

  it("measures the length after trimming", () => {
    const email = `  ${LOCAL_64}@${DOMAIN_189}  `;
    expect(parseSignupRequest({ email, list: "daily-headlines" }).ok).toBe(true);
  });
});
