import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { clientAddress, parseTrustProxy, resolveClient } from "./clientAddress.ts";
import type { TrustProxy } from "./clientAddress.ts";

const SOCKET = "10.0.0.5";

function client(trust: TrustProxy, forwardedFor?: string, socketAddress = SOCKET) {
  return resolveClient({ socketAddress, forwardedFor }, trust).address;
}

describe("parseTrustProxy", () => {
  it.each([
    [undefined, 0],
    ["", 0],
    ["2", 2],
    ["10.0.0.0/8, 192.168.1.1", ["10.0.0.0/8", "192.168.1.1"]],
    ["::1,fd00::/8", ["::1", "fd00::/8"]],
  ])("reads %j", (raw, expected) => {
    expect(parseTrustProxy(raw)).toEqual(expected);
  });

  it.each(["proxy.example", "10.0.0.0/33", "10.0.0.1/8/1", "fd00::/129", "-1", "101"])("rejects %j", (raw) => {
    expect(() => parseTrustProxy(raw)).toThrow(/TRUST_PROXY/);
  });
});

describe("resolveClient", () => {
  it("believes no header without TRUST_PROXY: the socket is the client", () => {
    expect(client(0, "198.51.100.1")).toBe(SOCKET);
  });

  it("believes as many hops as it is told, and no more", () => {
    const chain = "203.0.113.9, 198.51.100.1, 10.0.0.4";
    expect(client(1, chain)).toBe("10.0.0.4");
    expect(client(2, chain)).toBe("198.51.100.1");
    expect(client(3, chain)).toBe("203.0.113.9");
    expect(client(9, chain)).toBe("203.0.113.9");
  });

  it("believes only the listed proxies, so a client cannot forge its address past them", () => {
    const trust = parseTrustProxy("10.0.0.0/8");
    // The client wrote 1.2.3.4 itself; the proxy at 10.0.0.5 appended the address it saw.
    expect(client(trust, "1.2.3.4, 203.0.113.9")).toBe("203.0.113.9");
    expect(client(trust, "1.2.3.4, 203.0.113.9, 10.0.0.4")).toBe("203.0.113.9");
    expect(client(trust, "198.51.100.1", "203.0.113.50")).toBe("203.0.113.50");
  });

  it("stops at an entry that is not an address", () => {
    expect(client(5, "203.0.113.9, unknown, 198.51.100.1")).toBe("198.51.100.1");
  });

  it("spells an IPv4 client on a dual-stack socket one way", () => {
    expect(client(0, undefined, "::ffff:203.0.113.9")).toBe("203.0.113.9");
    expect(client(parseTrustProxy("::1"), "::FFFF:198.51.100.1", "::1")).toBe("198.51.100.1");
  });

  it("takes the protocol from the believed proxy only", () => {
    const request = { socketAddress: SOCKET, forwardedFor: "203.0.113.9", forwardedProto: "https" };
    expect(resolveClient(request, 1).protocol).toBe("https");
    expect(resolveClient(request, 0).protocol).toBeUndefined();
    expect(resolveClient({ ...request, forwardedProto: "gopher" }, 1).protocol).toBeUndefined();
  });
});

describe("clientAddress", () => {
  const app = new Hono().get("/", (c) => c.text(clientAddress(c, 1)));
  const from = (remoteAddress: string) => ({ incoming: { socket: { remoteAddress } } });

  it("reads the socket and X-Forwarded-For of a request through the Node server", async () => {
    const response = await app.request("/", { headers: { "X-Forwarded-For": "203.0.113.9" } }, from(SOCKET));
    expect(await response.text()).toBe("203.0.113.9");
  });

  it("names a request with no socket unknown", async () => {
    const response = await app.request("/", { headers: { "X-Forwarded-For": "203.0.113.9" } });
    expect(await response.text()).toBe("unknown");
  });
});
