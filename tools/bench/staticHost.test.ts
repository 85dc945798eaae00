import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePorts } from "../../server/testing/ports.ts";
import { type StaticHost, startStaticHost } from "./staticHost.ts";

let root: string;
let host: StaticHost;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "static-host-"));
  mkdirSync(join(root, "assets"));
  writeFileSync(join(root, "index.html"), "<!doctype html><title>shell</title>");
  writeFileSync(join(root, "assets", "index-abc.js"), "console.log('app');");
  writeFileSync(join(root, "icon.png"), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  writeFileSync(join(tmpdir(), "static-host-secret.txt"), "outside");
  const [port] = await freePorts(1);
  if (port === undefined) throw new Error("no free port");
  host = await startStaticHost(root, port);
});

afterAll(async () => {
  await host.close();
  rmSync(root, { recursive: true, force: true });
  rmSync(join(tmpdir(), "static-host-secret.txt"), { force: true });
});

/** A raw request, so the path reaches the server exactly as written. */
function get(path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
    const url = new URL(host.origin);
    const req = request({ host: url.hostname, port: url.port, path, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
      );
    });
    req.on("error", reject);
    req.end();
  });
}

describe("the bench's static host", () => {
  it("answers an app route with the shell (the SPA fallback)", async () => {
    const page = await get("/articles/some-story");
    expect(page.status).toBe(200);
    expect(page.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(page.headers["cache-control"]).toBe("no-cache");
    expect(page.body.toString()).toContain("<title>shell</title>");
  });

  it("serves hashed assets for a year, gzipped when asked", async () => {
    const plain = await get("/assets/index-abc.js");
    expect(plain.body.toString()).toBe("console.log('app');");
    expect(plain.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    const zipped = await get("/assets/index-abc.js", { "Accept-Encoding": "gzip, br" });
    expect(zipped.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(zipped.body).toString()).toBe("console.log('app');");
  });

  it("sends binary files as they are, and 404 for a missing file with an extension", async () => {
    const icon = await get("/icon.png", { "Accept-Encoding": "gzip" });
    expect(icon.headers["content-type"]).toBe("image/png");
    expect(icon.headers["content-encoding"]).toBeUndefined();
    expect(icon.body).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    expect((await get("/assets/missing.js")).status).toBe(404);
  });

  it("never serves a file outside its folder, and refuses a malformed path", async () => {
    expect((await get("/../static-host-secret.txt")).status).toBe(404);
    expect((await get("/%2e%2e/static-host-secret.txt")).status).toBe(404);
    expect((await get("/%E0%A4%A")).status).toBe(400);
  });
});
