import { describe, expect, it } from "vitest";
import { createRateLimiter } from "./rateLimit.ts";

describe("createRateLimiter", () => {
  it("allows `limit` hits per window per key, then tells when to retry", () => {
    let time = 1_000_000;
    const limiter = createRateLimiter(2, 60_000, () => time);

    expect(limiter.hit("a")).toEqual({ allowed: true });
    expect(limiter.hit("a")).toEqual({ allowed: true });
    expect(limiter.hit("b")).toEqual({ allowed: true });
    time += 30_500;
    expect(limiter.hit("a")).toEqual({ allowed: false, retryAfterSeconds: 30 });

    time += 29_500;
    expect(limiter.hit("a")).toEqual({ allowed: true });
  });

  it("never asks to wait less than a second", () => {
    let time = 0;
    const limiter = createRateLimiter(1, 60_000, () => time);
    limiter.hit("a");
    time = 59_999;
    expect(limiter.hit("a")).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it("forgets clients whose window has passed", () => {
    let time = 0;
    const limiter = createRateLimiter(5, 60_000, () => time);
    for (let client = 0; client < 1000; client += 1) {
      time += 50;
      limiter.hit(`client-${client}`);
    }
    expect(limiter.size()).toBe(1000);

    time += 60_000;
    limiter.hit("late");
    expect(limiter.size()).toBe(1);
  });
});
