/**
 * Where the content API lives. A relative base (the default `/api`) is resolved against
 * the page's origin; an absolute one points the same build at another server.
 */
export const API_BASE: string = import.meta.env.VITE_API_BASE_URL || "/api";

function pageOrigin(): string {
  return typeof window === "undefined" ? "http://localhost" : window.location.origin;
}

export function apiUrl(path: string): string {
  const base = new URL(API_BASE.replace(/\/?$/, "/"), pageOrigin());
  return new URL(path.replace(/^\//, ""), base).href;
}

/** Image paths in the contract are resolved against the API's origin, not the app's. */
export function mediaUrl(src: string): string {
  if (/^https?:\/\//i.test(src)) return src;
  const apiOrigin = new URL(API_BASE, pageOrigin()).origin;
  // Same-origin media stays root-relative so prerendered HTML works on any host.
  return apiOrigin === pageOrigin() ? src : new URL(src, apiOrigin).href;
}
