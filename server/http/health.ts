import { Hono } from "hono";
import type { Logger } from "pino";

/** Something the server needs to serve readers (the database, the content source). */
export type ReadinessCheck = { name: string; check: () => Promise<boolean> };

function withTimeout(check: ReadinessCheck, logger: Logger, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => {
      logger.warn({ check: check.name, timeoutMs }, "readiness check timed out");
      resolve(false);
    }, timeoutMs);
  });
  const result = check.check().catch((error: unknown) => {
    logger.warn({ check: check.name, err: error }, "readiness check failed");
    return false;
  });
  return Promise.race([result, timeout]).finally(() => clearTimeout(timer));
}

/**
 * `/healthz` answers while the process runs (a restart is the cure when it does not);
 * `/readyz` answers 200 only when every check passes, so a load balancer sends readers
 * elsewhere while the database or the content source cannot be reached.
 */
export function createHealth(readiness: ReadinessCheck[], logger: Logger, timeoutMs = 2000): Hono {
  const health = new Hono();
  const noStore = { "Cache-Control": "no-store" };
  health.get("/healthz", (c) => c.json({ status: "ok" }, 200, noStore));
  health.get("/readyz", async (c) => {
    const results = await Promise.all(readiness.map((check) => withTimeout(check, logger, timeoutMs)));
    const failing = readiness.filter((_, index) => !results[index]).map((check) => check.name);
    if (failing.length > 0) return c.json({ status: "not ready", failing }, 503, noStore);
    return c.json({ status: "ready" }, 200, noStore);
  });
  return health;
}
