export type RateLimitResult = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export type RateLimiter = {
  hit(key: string): RateLimitResult;
  /** How many keys are tracked: only those seen in the current window. */
  size(): number;
};

type Entry = { start: number; count: number };

/** Fixed window: at most `limit` hits per key in each `windowMs`. */
export function createRateLimiter(limit: number, windowMs: number, now: () => number): RateLimiter {
  // A key's entry is only created after its previous window expired and was deleted,
  // so the Map's insertion order is window start order: expired entries sit at the
  // front, and dropping them on every hit keeps memory to the keys of the last window.
  const entries = new Map<string, Entry>();

  function dropExpired(time: number): void {
    for (const [key, entry] of entries) {
      if (entry.start + windowMs > time) return;
      entries.delete(key);
    }
  }

  return {
    hit(key) {
      const time = now();
      dropExpired(time);
      let entry = entries.get(key);
      if (!entry) {
        entry = { start: time, count: 0 };
        entries.set(key, entry);
      }
      entry.count += 1;
      if (entry.count <= limit) return { allowed: true };
      return {
        allowed: false,
        retryAfterSeconds: Math.max(1, Math.ceil((entry.start + windowMs - time) / 1000)),
      };
    },
    size: () => entries.size,
  };
}
