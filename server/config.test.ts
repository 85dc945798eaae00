import { describe, expect, it } from "vitest";
import { readConfig } from "./config.ts";

describe("readConfig", () => {
  it("has defaults for a local production run", () => {
    expect(readConfig({})).toEqual({
      host: "127.0.0.1",
      port: 4173,
      databasePath: "data/dispatch.sqlite",
      signupRateLimit: 10,
      distDir: "dist",
      ssrDir: "dist-ssr",
      contentDir: "content",
      apiBase: "/api",
      apiOrigin: undefined,
      siteUrl: "http://localhost:4173",
      contentSource: undefined,
      contentRefreshSeconds: 60,
      trustProxy: 0,
      logLevel: "info",
      shutdownGraceSeconds: 10,
    });
  });

  it("reads every setting from the environment", () => {
    const config = readConfig({
      HOST: "0.0.0.0",
      PORT: "8080",
      DATABASE_PATH: "/var/lib/dispatch/db.sqlite",
      SIGNUP_RATE_LIMIT: "1000",
      DIST_DIR: "build",
      SSR_DIR: "build-ssr",
      CONTENT_DIR: "stories",
      VITE_API_BASE_URL: "https://api.example.com/v1/",
      SITE_URL: "https://news.example",
      CONTENT_SOURCE: "feed:./feeds/coast.xml",
      CONTENT_REFRESH_SECONDS: "300",
      TRUST_PROXY: "10.0.0.0/8,::1",
      LOG_LEVEL: "warn",
      SHUTDOWN_GRACE_SECONDS: "30",
    });
    expect(config).toEqual({
      host: "0.0.0.0",
      port: 8080,
      databasePath: "/var/lib/dispatch/db.sqlite",
      signupRateLimit: 1000,
      distDir: "build",
      ssrDir: "build-ssr",
      contentDir: "stories",
      apiBase: "https://api.example.com/v1/",
      apiOrigin: "https://api.example.com",
      siteUrl: "https://news.example",
      contentSource: { kind: "feed", location: "./feeds/coast.xml" },
      contentRefreshSeconds: 300,
      trustProxy: ["10.0.0.0/8", "::1"],
      logLevel: "warn",
      shutdownGraceSeconds: 30,
    });
  });

  it.each([
    ["/api", undefined],
    ["api", undefined],
    ["http://127.0.0.1:8787/api", "http://127.0.0.1:8787"],
    ["//cdn.example.com/api", "cdn.example.com"],
  ])("takes the CSP source for VITE_API_BASE_URL %j", (base, origin) => {
    expect(readConfig({ VITE_API_BASE_URL: base }).apiOrigin).toBe(origin);
  });

  it.each([
    [{ PORT: "http" }, /PORT must be a whole number from 0 to 65535, got "http"/],
    [{ PORT: "70000" }, /PORT/],
    [{ PORT: "-1" }, /PORT/],
    [{ PORT: "80.5" }, /PORT/],
    [{ SIGNUP_RATE_LIMIT: "0" }, /SIGNUP_RATE_LIMIT/],
    [{ SIGNUP_RATE_LIMIT: "ten" }, /SIGNUP_RATE_LIMIT/],
    [{ VITE_API_BASE_URL: "ftp://files.example.com/" }, /VITE_API_BASE_URL/],
    [{ TRUST_PROXY: "the-proxy" }, /TRUST_PROXY/],
    [{ LOG_LEVEL: "loud" }, /LOG_LEVEL must be one of/],
    [{ SHUTDOWN_GRACE_SECONDS: "soon" }, /SHUTDOWN_GRACE_SECONDS/],
  ])("rejects %j with a clear message", (env, message) => {
    expect(() => readConfig(env)).toThrow(message);
  });
});
