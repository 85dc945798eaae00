import { createHash, verify } from "node:crypto";
import type { KeyObject } from "node:crypto";

/**
 * Checks a message's DKIM-Signature as a receiving server would (RFC 6376), for rsa-sha256 with
 * relaxed/relaxed canonicalization: the body hash, then the signature over the signed headers.
 * Written from the RFC for the tests, apart from the signer it checks.
 */
export function checkDkim(
  raw: Buffer,
  publicKey: KeyObject,
): { ok: true; tags: Record<string, string> } | { ok: false; problem: string } {
  const text = raw.toString("utf8");
  const split = text.indexOf("\r\n\r\n");
  if (split < 0) return { ok: false, problem: "no blank line between headers and body" };
  const headers = unfoldedHeaders(text.slice(0, split + 2));
  const body = text.slice(split + 4);
  const signature = headers.find((header) => header.name.toLowerCase() === "dkim-signature");
  if (!signature) return { ok: false, problem: "no DKIM-Signature header" };
  const tags = Object.fromEntries(
    signature.value
      .split(";")
      .map((tag) => tag.trim())
      .filter(Boolean)
      .map((tag) => {
        const at = tag.indexOf("=");
        return [tag.slice(0, at).trim(), tag.slice(at + 1).replace(/\s+/g, "")];
      }),
  );
  if (tags.a !== "rsa-sha256") return { ok: false, problem: `algorithm ${tags.a}` };
  if (tags.c !== "relaxed/relaxed") return { ok: false, problem: `canonicalization ${tags.c}` };
  const bodyHash = createHash("sha256").update(relaxedBody(body)).digest("base64");
  if (bodyHash !== tags.bh) return { ok: false, problem: "body hash differs" };

  // Each name in h= takes the next instance of that header from the bottom.
  const used = new Map<string, number>();
  let signed = "";
  for (const name of (tags.h ?? "").split(":")) {
    const instances = headers.filter((header) => header.name.toLowerCase() === name.toLowerCase());
    const taken = used.get(name.toLowerCase()) ?? 0;
    const header = instances[instances.length - 1 - taken];
    used.set(name.toLowerCase(), taken + 1);
    if (header) signed += `${relaxedHeader(header.name, header.value)}\r\n`;
  }
  const withoutB = signature.value.replace(/(^|;)(\s*b\s*=)[^;]*/, "$1$2");
  signed += relaxedHeader(signature.name, withoutB);
  const ok = verify("sha256", Buffer.from(signed, "utf8"), publicKey, Buffer.from(tags.b ?? "", "base64"));
  return ok ? { ok: true, tags } : { ok: false, problem: "signature does not verify" };
}

function unfoldedHeaders(block: string): { name: string; value: string }[] {
  const lines = block
    .replace(/\r\n(?=[ \t])/g, "")
    .split("\r\n")
    .filter(Boolean);
  return lines.map((line) => {
    const colon = line.indexOf(":");
    return { name: line.slice(0, colon), value: line.slice(colon + 1) };
  });
}

function relaxedHeader(name: string, value: string): string {
  return `${name.trim().toLowerCase()}:${value.replace(/[ \t]+/g, " ").trim()}`;
}

function relaxedBody(body: string): string {
  const lines = body.split("\r\n").map((line) => line.replace(/[ \t]+/g, " ").replace(/ $/, ""));
  while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  return lines.length === 0 ? "" : `${lines.join("\r\n")}\r\n`;
}
