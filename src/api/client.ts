import { apiDirectory } from "../../contract/paths.ts";

/**
 * Where the content API lives. A relative base (the default `/api`) is resolved against
 * the page's origin; an absolute one points the same build at another server.
 */
const API_BASE: string = import.meta.env.VITE_API_BASE_URL || "/api";

function pageOrigin(): string {
  return typeof window === "undefined" ? "http://localhost" : window.location.origin;
}

type ApiPlace = { base: URL; origin: string; onPageOrigin: boolean };
let place: ApiPlace | undefined;

// Worked out once: a page never changes origin, and a story's render resolves many URLs.
function apiPlace(): ApiPlace {
  if (!place) {
    const base = new URL(apiDirectory(API_BASE), pageOrigin());
    place = { base, origin: base.origin, onPageOrigin: base.origin === pageOrigin() };
  }
  return place;
}

export function apiUrl(path: string): string {
  return new URL(path.replace(/^\//, ""), apiPlace().base).href;
}

/** Image paths in the contract are resolved against the API's origin, not the app's. */
export function mediaUrl(src: string): string {
  if (/^https?:\/\//i.test(src)) return src;
  const { origin, onPageOrigin } = apiPlace();
  // Same-origin media stays root-relative so prerendered HTML works on any host.
  return onPageOrigin ? src : new URL(src, origin).href;
}

/**
 * Whether a contract address is on the API's own origin: a path, or a URL on an absolute API
 * base's origin. Decided from the build's setting alone, so the server's render and the
 * browser's agree.
 */
export function isOnApiOrigin(src: string): boolean {
  if (/^\/(?!\/)/.test(src)) return true;
  if (!/^https?:\/\//i.test(API_BASE) || !URL.canParse(src)) return false;
  return new URL(src).origin === new URL(API_BASE).origin;
}
