import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, inlineScriptHashes } from "./headers.ts";

const hash = (text: string) => `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;

describe("inlineScriptHashes", () => {
  it("allows the classic head script and the module boot script by hash, not the data block", () => {
    const head = 'document.documentElement.dataset.theme="dark";';
    const boot = 'startApp("/assets/main.js");';
    const page = `<html><head><meta charset="UTF-8" /><script>${head}</script></head><body><script id="dispatch-data" type="application/json">{"a":1}</script><script type="module">${boot}</script></body></html>`;
    expect(inlineScriptHashes(page)).toEqual([hash(head), hash(boot)]);
  });

  it("puts the hashes in script-src without 'unsafe-inline'", () => {
    const policy = contentSecurityPolicy(undefined, [hash("a"), hash("b")]);
    expect(policy).toContain(`script-src 'self' ${hash("a")} ${hash("b")};`);
    expect(policy).not.toContain("unsafe-inline");
  });

  it("lets a story's media come from any https host, and frames only the video players a reader may load", () => {
    const policy = contentSecurityPolicy("http://localhost:8080", [], ["http://wp.test", "https://cdn.example"]);
    expect(policy).toContain("media-src 'self' https: http://localhost:8080 http://wp.test;");
    expect(policy).toContain("frame-src https://www.youtube-nocookie.com https://player.vimeo.com;");
    expect(policy).not.toMatch(/frame-src[^;]*(\*|https:[;\s]|'self')/);
    expect(policy).toContain("frame-ancestors 'none'");
  });
});
