import { createHash } from "node:crypto";
import type { MiddlewareHandler } from "hono";

/**
 * CSP sources for the inline module scripts of a page: the build inlines its boot script
 * (src/boot.ts) into every page, and the policy allows exactly that text by its hash.
 */
export function inlineScriptHashes(html: string): string[] {
  return [...html.matchAll(/<script type="module">([\s\S]*?)<\/script>/g)].map(
    ([, script = ""]) => `'sha256-${createHash("sha256").update(script, "utf8").digest("base64")}'`,
  );
}

export function contentSecurityPolicy(
  apiOrigin?: string,
  scriptHashes: string[] = [],
  imageOrigins: string[] = [],
): string {
  const api = apiOrigin ? ` ${apiOrigin}` : "";
  // A content source's images may be on plain-http origins, which `https:` does not cover.
  const images = imageOrigins.filter((origin) => origin.startsWith("http://") && origin !== apiOrigin);
  return [
    "default-src 'self'",
    ["script-src 'self'", ...scriptHashes].join(" "),
    "style-src 'self'",
    // Story images may live on the API's origin, which can be plain http in development.
    [`img-src 'self' data: https:${api}`, ...images].join(" "),
    "font-src 'self'",
    `connect-src 'self'${api}`,
    "manifest-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * Sets the security headers on every response, including 404s and errors. `scriptHashes`
 * is asked on each response, so a rebuilt app is allowed without a restart.
 */
export function securityHeaders(
  apiOrigin?: string,
  scriptHashes: () => string[] = () => [],
  imageOrigins: () => string[] = () => [],
): MiddlewareHandler {
  const headers = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
  };
  return async (c, next) => {
    await next();
    c.res.headers.set("Content-Security-Policy", contentSecurityPolicy(apiOrigin, scriptHashes(), imageOrigins()));
    for (const [name, value] of Object.entries(headers)) c.res.headers.set(name, value);
  };
}
