import { execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { builtinModules } from "node:module";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readOutbox } from "../server/testing/mail.ts";
import { openSqliteStore } from "../server/store/index.ts";
import { createTestSite } from "../server/testing/site.ts";
import type { TestSite } from "../server/testing/site.ts";
import { signUpSubscriber } from "../server/testing/stores.ts";
import { buildServer } from "./build-server.ts";

const ROOT = resolve(import.meta.dirname, "..");
const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  dependencies: Record<string, string>;
};

/** The package an import names: `hono/cors` → hono, `@hono/node-server/conninfo` → @hono/node-server. */
function packageOf(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] ?? specifier);
}

let site: TestSite;
let outdir: string;
let staticImports: string[];
beforeAll(async () => {
  site = createTestSite();
  // Inside the working copy, as in production: packages resolve from its node_modules.
  outdir = mkdtempSync(join(ROOT, "dist-server-test-"));
  const result = await buildServer(outdir);
  // Every program (the server, the digest, the export), and what any imports later on too.
  staticImports = Object.entries(result.metafile.outputs)
    .filter(([path]) => path.endsWith(".js"))
    .flatMap(([, output]) => output.imports)
    .filter((entry) => entry.external && (entry.kind === "import-statement" || entry.kind === "dynamic-import"))
    .map((entry) => entry.path);
});
afterAll(async () => {
  await site.remove();
  rmSync(outdir, { recursive: true, force: true });
});

describe("the compiled server", () => {
  it("loads only Node's own modules and production dependencies when it starts", () => {
    const builtins = new Set(builtinModules);
    const packages = staticImports.filter((path) => !path.startsWith("node:") && !builtins.has(path)).map(packageOf);
    expect(packages.length).toBeGreaterThan(0);
    const notDependencies = packages.filter((name) => !(name in manifest.dependencies));
    expect(notDependencies).toEqual([]);
    expect(packages).not.toContain("tsx");
    expect(packages).not.toContain("jsdom");
  });

  it("runs with plain node, with production builds of its packages: serves, answers /healthz, logs it and stops on SIGTERM with 0", async () => {
    // As an operator starts it: NODE_ENV unset (Vitest sets it to "test").
    const { NODE_ENV: _mode, ...env } = process.env;
    const child = spawn(process.execPath, [join(outdir, "main.js")], {
      cwd: ROOT,
      env: {
        ...env,
        PORT: "0",
        LOG_LEVEL: "info",
        DIST_DIR: site.distDir,
        // The test site's bundle is TypeScript, which plain node cannot load: the server sends the shell.
        SSR_DIR: join(site.root, "no-server-bundle"),
        CONTENT_DIR: site.contentDir,
        DATABASE_PATH: join(site.root, "data", "compiled.sqlite"),
        MAIL_OUTBOX_DIR: join(site.root, "outbox"),
      },
      stdio: ["ignore", "pipe", "inherit"],
    });
    const exit = once(child, "exit");
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    const running = () =>
      output
        .split("\n")
        .filter((line) => line.startsWith("{"))
        .map((line) => JSON.parse(line) as { url?: string; mode?: string })
        .find((entry) => entry.url);
    const runningAt = () => running()?.url;
    const exited = exit.then(([code]) => {
      throw new Error(`the server exited with ${code}`);
    });
    try {
      let url = runningAt();
      while (!url) {
        await Promise.race([once(child.stdout, "data"), exited]);
        url = runningAt();
      }
      // React's development build renders several times slower than its production build.
      expect(running()?.mode).toBe("production");
      const health = await fetch(`${url}healthz`);
      expect(health.status).toBe(200);
      // Request lines are buffered, but written within a second even when no more traffic comes.
      while (!output.includes('"path":"/healthz"')) await once(child.stdout, "data");
      const front = await fetch(url);
      expect(await front.text()).toContain("<title>shell</title>");
      child.kill("SIGTERM");
      expect((await exit)[0]).toBe(0);
    } finally {
      // A failed check must not leave the server running after the suite.
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }
  });

  it("sends an edition with plain node: without SMTP_URL, one .eml per confirmed subscriber in the outbox", async () => {
    const databasePath = join(site.root, "data", "digest.sqlite");
    const store = openSqliteStore(databasePath);
    await signUpSubscriber(store, "reader@example.com");
    await store.close();

    const outboxDir = join(site.root, "digest-outbox");
    const { SMTP_URL: _smtp, DATABASE_URL: _database, ...env } = process.env;
    const run = await promisify(execFile)(
      process.execPath,
      [join(outdir, "digest.js"), "--edition", "2026-12-02", "--json"],
      {
        cwd: ROOT,
        env: { ...env, CONTENT_DIR: site.contentDir, DATABASE_PATH: databasePath, MAIL_OUTBOX_DIR: outboxDir },
      },
    );
    // The report and the logger's lines share stdout, in either order.
    const report = run.stdout
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((entry) => "edition" in entry);
    expect(report).toMatchObject({ edition: "2026-12-02", sentThisRun: 1, uncertain: [] });
    const mails = await readOutbox(outboxDir);
    expect(mails.map((mail) => mail.to && !Array.isArray(mail.to) && mail.to.text)).toEqual(["reader@example.com"]);
    const oneClick = mails[0]?.headerLines.find((line) => line.key === "list-unsubscribe-post");
    expect(oneClick?.line).toBe("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
    expect(mails[0]?.subject).toMatch(/Daily Headlines$/);
  });

  it("exports the subscribers as CSV with plain node, and says so when there is no database", async () => {
    const databasePath = join(site.root, "data", "export.sqlite");
    const store = openSqliteStore(databasePath);
    const now = new Date("2026-12-01T08:00:00Z");
    await signUpSubscriber(store, "reader@example.com", { now, sourcePage: "/articles/a", confirm: false });
    await store.close();

    const { DATABASE_URL: _database, ...env } = process.env;
    const exported = await promisify(execFile)(process.execPath, [join(outdir, "export-subscribers.js")], {
      cwd: ROOT,
      env: { ...env, DATABASE_PATH: databasePath },
    });
    expect(exported.stdout.split("\r\n").slice(0, 2)).toEqual([
      "email,list,status,consent_asked_at,consent_given_at,source_page",
      "reader@example.com,daily-headlines,pending,2026-12-01T08:00:00.000Z,,/articles/a",
    ]);

    const missing = promisify(execFile)(process.execPath, [join(outdir, "export-subscribers.js")], {
      cwd: ROOT,
      env: { ...env, DATABASE_PATH: join(site.root, "data", "none.sqlite") },
    });
    await expect(missing).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining("No signup database") });
  });

  it("checks sources with plain node: what each story became, as text, as JSON and from CONTENT_SOURCE", async () => {
    const fixtures = join(ROOT, "server", "content", "fixtures");
    const { CONTENT_SOURCE: _source, ...env } = process.env;
    const check = (args: string[], extra: Record<string, string> = {}) =>
      promisify(execFile)(process.execPath, [join(outdir, "sources-check.js"), ...args], {
        cwd: ROOT,
        env: { ...env, ...extra },
      });
    const text = await check([`feed:${join(fixtures, "boilerplate.xml")}`, `ninjs:${join(fixtures, "ninjs-media")}`]);
    expect(text.stdout).toContain(
      "  the-old-crane-goes: 3 paragraphs; dropped: 1 “read more” link to the story itself",
    );
    expect(text.stdout).toContain("  the-new-lifeboat-is-launched: 1 video");
    expect(text.stdout.trim().split("\n").at(-1)).toMatch(/^Summary: 2 sources, 7 stories: /);
    const json = JSON.parse((await check([`feed:${join(fixtures, "boilerplate.xml")}`, "--json"])).stdout) as {
      summary: { stories: number; dropped: Record<string, number> };
    };
    expect(json.summary).toMatchObject({ stories: 4, dropped: { "share link": 5, "tracking pixel": 2 } });
    const configured = await check([], { CONTENT_SOURCE: `ninjs:${join(fixtures, "ninjs-media")}` });
    expect(configured.stdout).toContain("  gulls-over-the-harbour: 1 image");
    await expect(check([`feed:${join(fixtures, "no-such-feed.xml")}`])).rejects.toMatchObject({
      code: 1,
      stdout: expect.stringContaining("could not be read"),
    });
  });
});
