import { LOG_LEVELS } from "./http/log.ts";
import type { LogLevel } from "./http/log.ts";
import { parseSourceSetting } from "./content/contentSource.ts";
import type { SourceSetting } from "./content/contentSource.ts";
import { parseTrustProxy } from "./http/clientAddress.ts";
import type { TrustProxy } from "./http/clientAddress.ts";

export type Config = {
  host: string;
  port: number;
  databasePath: string;
  signupRateLimit: number;
  distDir: string;
  /** The app's server bundle, which renders stories from another server's API. */
  ssrDir: string;
  contentDir: string;
  /** VITE_API_BASE_URL as the app was built with it: a path on this origin or another server's URL. */
  apiBase: string;
  apiOrigin: string | undefined;
  /** The public address (SITE_URL), read once at start: the only origin used in canonical, Open Graph and email links. */
  siteUrl: string;
  /** CONTENT_SOURCE: a WordPress site, a feed or ninjs items instead of the bundled stories. */
  contentSource: SourceSetting | undefined;
  /** CONTENT_REFRESH_SECONDS: how often the content source is asked again. */
  contentRefreshSeconds: number;
  /** Whose X-Forwarded-For / X-Forwarded-Proto to believe (TRUST_PROXY): a number of hops or proxy addresses. */
  trustProxy: TrustProxy;
  logLevel: LogLevel;
  /** How long in-flight requests may run after SIGTERM. */
  shutdownGraceSeconds: number;
};

type Env = Record<string, string | undefined>;

/** Reads the server's settings from the environment; throws a readable Error for bad values. */
export function readConfig(env: Env): Config {
  return {
    host: env.HOST || "127.0.0.1",
    port: integer(env, "PORT", 4173, 0, 65_535),
    databasePath: env.DATABASE_PATH || "data/dispatch.sqlite",
    signupRateLimit: integer(env, "SIGNUP_RATE_LIMIT", 10, 1, 1_000_000),
    distDir: env.DIST_DIR || "dist",
    ssrDir: env.SSR_DIR || "dist-ssr",
    contentDir: env.CONTENT_DIR || "content",
    apiBase: env.VITE_API_BASE_URL || "/api",
    apiOrigin: apiOrigin(env.VITE_API_BASE_URL),
    siteUrl: siteUrl(env.SITE_URL),
    contentSource: parseSourceSetting(env.CONTENT_SOURCE),
    contentRefreshSeconds: integer(env, "CONTENT_REFRESH_SECONDS", 60, 1, 86_400),
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    logLevel: logLevel(env.LOG_LEVEL),
    shutdownGraceSeconds: integer(env, "SHUTDOWN_GRACE_SECONDS", 10, 0, 3600),
  };
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new Error(`${name} must be a whole number from ${min} to ${max}, got "${raw}".`);
  }
  return value;
}

/** The CSP source for the API when it lives elsewhere; a path is on the app's own origin. */
function apiOrigin(baseUrl: string | undefined): string | undefined {
  if (!baseUrl) return undefined;
  const url = URL.parse(baseUrl, "http://relative.invalid");
  if (url?.protocol !== "http:" && url?.protocol !== "https:") {
    throw new Error(`VITE_API_BASE_URL must be a path or an http(s) URL, got "${baseUrl}".`);
  }
  if (url.host === "relative.invalid") return undefined;
  // A scheme-relative URL follows the page's scheme, which a host-only CSP source also does.
  return baseUrl.startsWith("//") ? url.host : url.origin;
}

function siteUrl(raw: string | undefined): string {
  const value = raw || "http://localhost:4173";
  const url = URL.parse(value);
  if ((url?.protocol !== "http:" && url?.protocol !== "https:") || url.pathname !== "/" || url.search || url.hash) {
    throw new Error(`SITE_URL must be an http(s) origin such as https://news.example, got "${value}".`);
  }
  return url.origin;
}

function logLevel(raw: string | undefined): LogLevel {
  if (!raw) return "info";
  const level = LOG_LEVELS.find((candidate) => candidate === raw.toLowerCase());
  if (!level) throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}, got "${raw}".`);
  return level;
}
