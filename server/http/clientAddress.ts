/**
 * Who a request comes from. Behind a proxy the socket's peer is the proxy, and the client is
 * named in X-Forwarded-For; but any client can send that header, so it is believed only as far
 * as TRUST_PROXY says: a number of proxy hops, or the addresses (and CIDR ranges) of the proxies.
 */
import { BlockList, isIP } from "node:net";
import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context } from "hono";

/** Hops to believe (0: only the socket), or the proxies' addresses and CIDR ranges. */
export type TrustProxy = number | string[];

export type ClientInfo = { address: string; protocol: "http" | "https" | undefined };

type Hop = { address: string; family: "ipv4" | "ipv6" };

/** Reads TRUST_PROXY: empty, a whole number of hops, or a comma-separated list of addresses/CIDRs. */
export function parseTrustProxy(raw: string | undefined): TrustProxy {
  const value = raw?.trim() ?? "";
  if (value === "") return 0;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops > 100) throw new Error(`TRUST_PROXY must be at most 100 hops, got "${raw}".`);
    return hops;
  }
  const ranges = value.split(",").map((part) => part.trim());
  for (const range of ranges) {
    if (!parseRange(range)) {
      throw new Error(
        `TRUST_PROXY must be a number of hops or a list of IP addresses or CIDR ranges such as 10.0.0.0/8, got "${range}".`,
      );
    }
  }
  return ranges;
}

function parseRange(range: string): { hop: Hop; prefix: number | undefined } | undefined {
  const [address = "", prefix, ...rest] = range.split("/");
  const hop = toHop(address);
  if (!hop || rest.length > 0) return undefined;
  if (prefix === undefined) return { hop, prefix: undefined };
  const bits = Number(prefix);
  const max = hop.family === "ipv4" ? 32 : 128;
  if (!/^\d+$/.test(prefix) || bits > max) return undefined;
  return { hop, prefix: bits };
}

function toHop(raw: string | undefined): Hop | undefined {
  let address = raw?.trim() ?? "";
  // An IPv4 client on a dual-stack socket appears as ::ffff:a.b.c.d; one spelling for both.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) address = mapped[1];
  const version = isIP(address);
  if (version === 4) return { address, family: "ipv4" };
  if (version === 6) return { address: address.toLowerCase(), family: "ipv6" };
  return undefined;
}

// Built once per TRUST_PROXY list rather than once per request.
const listRules = new WeakMap<string[], (hop: Hop) => boolean>();

function trustRule(trust: TrustProxy): (hop: Hop, index: number) => boolean {
  if (typeof trust === "number") return (_hop, index) => index < trust;
  const known = listRules.get(trust);
  if (known) return known;
  const list = new BlockList();
  for (const range of trust) {
    const parsed = parseRange(range);
    if (!parsed) continue;
    if (parsed.prefix === undefined) list.addAddress(parsed.hop.address, parsed.hop.family);
    else list.addSubnet(parsed.hop.address, parsed.prefix, parsed.hop.family);
  }
  const rule = (hop: Hop) => list.check(hop.address, hop.family);
  listRules.set(trust, rule);
  return rule;
}

function headerList(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "");
}

/**
 * Walks from the socket back towards the client, one hop per trusted proxy: each trusted hop
 * vouches for the address before it in X-Forwarded-For. The first hop not trusted (or the
 * last one named, or one that is not an address) is the client.
 */
export function resolveClient(
  request: { socketAddress: string | undefined; forwardedFor?: string; forwardedProto?: string },
  trust: TrustProxy,
): ClientInfo {
  const socket = toHop(request.socketAddress);
  if (!socket) return { address: request.socketAddress || "unknown", protocol: undefined };
  const trusted = trustRule(trust);
  const forwarded = headerList(request.forwardedFor).reverse();
  const protocols = headerList(request.forwardedProto).reverse();
  let client = socket;
  let hops = 0;
  while (hops < forwarded.length && trusted(client, hops)) {
    const previous = toHop(forwarded[hops]);
    if (!previous) break;
    client = previous;
    hops += 1;
  }
  // The protocol is the one the outermost believed proxy was reached with.
  const named = hops > 0 ? (protocols[Math.min(hops, protocols.length) - 1] ?? "").toLowerCase() : "";
  const protocol = named === "https" || named === "http" ? named : undefined;
  return { address: client.address, protocol };
}

/** A request's client as TRUST_PROXY allows it to be known: what the signup rate limit keys on. */
export function clientAddress(c: Context, trust: TrustProxy): string {
  return clientInfo(c, trust).address;
}

export function clientInfo(c: Context, trust: TrustProxy): ClientInfo {
  // Only requests that arrive through the Node server have a socket (not app.request in tests).
  const socketAddress = c.env?.incoming ? getConnInfo(c).remote.address : undefined;
  return resolveClient(
    {
      socketAddress,
      forwardedFor: c.req.header("X-Forwarded-For"),
      forwardedProto: c.req.header("X-Forwarded-Proto"),
    },
    trust,
  );
}
