import { createHash } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import { PLAYER_ORIGINS } from "../../contract/embedPlayers.ts";

/**
 * CSP sources for the inline scripts of a page: the build inlines the preferences script
 * (src/display/headScript.ts, classic) and the boot script (src/boot/boot.ts, a module) into every
 * page, and the policy allows exactly those texts by their hashes. Data blocks
 * (`type="application/json"`) are not scripts the browser runs and need no hash.
 */
export function inlineScriptHashes(html: string): string[] {
  return [...html.matchAll(/<script(?: type="module")?>([\s\S]*?)<\/script>/g)].map(
    ([, script = ""]) => `'sha256-${createHash("sha256").update(script, "utf8").digest("base64")}'`,
  );
}

export function contentSecurityPolicy(
  apiOrigin?: string,
  scriptHashes: string[] = [],
  imageOrigins: string[] = [],
): string {
  const api = apiOrigin ? ` ${apiOrigin}` : "";
  // A content source's images may be on plain-http origins, which `https:` does not cover; its
  // video and audio files get the same allowance.
  const plainHttp = imageOrigins.filter((origin) => origin.startsWith("http://") && origin !== apiOrigin);
  return [
    "default-src 'self'",
    ["script-src 'self'", ...scriptHashes].join(" "),
    "style-src 'self'",
    // Story images may live on the API's origin, which can be plain http in development.
    [`img-src 'self' data: https:${api}`, ...plainHttp].join(" "),
    // A story's video and audio files (contract 1.2's media block) may be on any https host its
    // source names, as its images may; nothing is fetched before the reader presses play.
    [`media-src 'self' https:${api}`, ...plainHttp].join(" "),
    // A video post's player, loaded when the reader asks for it: these providers' players only.
    ["frame-src", ...PLAYER_ORIGINS].join(" "),
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
const NONE: string[] = [];

export function securityHeaders(
  apiOrigin?: string,
  scriptHashes: () => string[] = () => NONE,
  imageOrigins: () => string[] = () => NONE,
): MiddlewareHandler {
  const headers = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
  };
  // The hashes change only with a rebuilt shell and the image origins only with a new edition
  // (the same arrays until then), so the policy is rebuilt only then, not on every response.
  let policy: { hashes: string[]; images: string[]; text: string } | undefined;
  return async (c, next) => {
    await next();
    const hashes = scriptHashes();
    const images = imageOrigins();
    if (policy?.hashes !== hashes || policy.images !== images) {
      policy = { hashes, images, text: contentSecurityPolicy(apiOrigin, hashes, images) };
    }
    c.res.headers.set("Content-Security-Policy", policy.text);
    for (const [name, value] of Object.entries(headers)) c.res.headers.set(name, value);
  };
}
