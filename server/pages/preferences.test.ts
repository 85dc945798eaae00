import { describe, expect, it } from "vitest";
import { createPreferences } from "./preferences.ts";
import { startServer } from "../testing/site.ts";

const app = createPreferences();

function post(body: string, headers: Record<string, string> = {}) {
  return app.request("http://dispatch.test/preferences", {
    method: "POST",
    body,
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
  });
}

describe("POST /preferences", () => {
  it("sets both cookies and answers 303 back to the page", async () => {
    const response = await post("theme=dark&text-size=x-large&back=%2Farticles%2Fharbor-bridge-reopens");
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toBe("/articles/harbor-bridge-reopens");
    const cookies = response.headers.getSetCookie();
    expect(cookies).toHaveLength(2);
    expect(cookies[0]).toMatch(/^dispatch-theme=dark; Path=\/; Max-Age=31536000; SameSite=Lax$/);
    expect(cookies[1]).toMatch(/^dispatch-text-size=x-large; Path=\/; Max-Age=31536000; SameSite=Lax$/);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
  });

  it("keeps the current choice for a field left out", async () => {
    const response = await post("theme=light", { Cookie: "dispatch-text-size=large" });
    expect(response.status).toBe(303);
    expect(response.headers.getSetCookie()).toEqual([
      expect.stringMatching(/^dispatch-theme=light;/),
      expect.stringMatching(/^dispatch-text-size=large;/),
    ]);
  });

  it("marks the cookies Secure over https", async () => {
    const response = await app.request("https://dispatch.test/preferences", {
      method: "POST",
      body: "theme=dark",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    for (const cookie of response.headers.getSetCookie()) expect(cookie).toMatch(/; Secure$/);
  });

  it.each([
    ["//evil.example/x", "/"],
    ["https://evil.example/", "/"],
    ["/\\evil.example", "/"],
    ["", "/"],
    ["/?subscribe", "/?subscribe"],
  ])("sends a back address of %j to %j", async (back, location) => {
    const response = await post(`theme=dark&back=${encodeURIComponent(back)}`);
    expect(response.headers.get("Location")).toBe(location);
  });

  it("refuses a value that is not one of ours and sets nothing", async () => {
    const response = await post("theme=%22%3E%3Cscript%3E&text-size=large");
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("Themes: system, light, dark");
    expect(response.headers.getSetCookie()).toEqual([]);
  });

  it("refuses a post from another site, a body that is not a form, and a huge one", async () => {
    expect((await post("theme=dark", { Origin: "https://evil.example" })).status).toBe(403);
    expect((await post("theme=dark", { Origin: "http://dispatch.test" })).status).toBe(303);
    expect((await post('{"theme":"dark"}', { "Content-Type": "application/json" })).status).toBe(415);
    const huge = await post(`theme=dark&padding=${"x".repeat(4096)}`);
    expect(huge.status).toBe(413);
    expect(huge.headers.getSetCookie()).toEqual([]);
  });

  it("behind a proxy that ends TLS, takes the https page it reports as this site's, and only from a trusted proxy", async () => {
    const behindProxy = await startServer(createPreferences(["127.0.0.1"]));
    const alone = await startServer(createPreferences());
    try {
      // What nginx sends for a reader on https://<host>: the request itself is plain http.
      const fromPage = (url: string) =>
        fetch(`${url}/preferences`, {
          method: "POST",
          body: "theme=dark",
          redirect: "manual",
          headers: {
            "Content-Type": "application/x-www-form-urlencoded",
            Origin: `https://${new URL(url).host}`,
            "X-Forwarded-For": "203.0.113.7",
            "X-Forwarded-Proto": "https",
          },
        });
      const proxied = await fromPage(behindProxy.url);
      expect(proxied.status).toBe(303);
      for (const cookie of proxied.headers.getSetCookie()) expect(cookie).toMatch(/; Secure$/);
      // Without TRUST_PROXY the header is anyone's to send, and the https origin is not this one.
      expect((await fromPage(alone.url)).status).toBe(403);
    } finally {
      await behindProxy.close();
      await alone.close();
    }
  });
});
