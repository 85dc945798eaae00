import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { buildServer } from "../../scripts/build-server.ts";
import type { Store } from "../store/index.ts";
import { sqliteTarget, STORE_TARGETS, testStory } from "../testing/stores.ts";
import type { StoreTarget } from "../testing/stores.ts";
import { createIngester } from "./ingest.ts";

type Run = { code: number; stdout: string; stderr: string };

const ROOT = resolve(import.meta.dirname, "../..");
let outdir: string;

// Compiled as `npm run build` compiles it, inside the working copy so packages resolve as in production.
beforeAll(async () => {
  outdir = mkdtempSync(join(ROOT, "dist-server-story-"));
  await buildServer(outdir);
});
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** `npm run story:remove|restore -- ARGS`: the compiled command run with node, on the target's database. */
async function story(target: StoreTarget, args: string[]): Promise<Run> {
  const { DATABASE_URL: _url, ...env } = process.env;
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [join(outdir, "story.js"), ...args], {
      env: {
        ...env,
        DATABASE_PATH: target.location.databasePath,
        ...(target.location.databaseUrl && { DATABASE_URL: target.location.databaseUrl }),
      },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe.each(STORE_TARGETS)("story:remove and story:restore on %s", (_, makeTarget) => {
  let target: StoreTarget;
  let store: Store;

  beforeEach(async () => {
    target = await makeTarget();
    store = await target.open();
    await createIngester(store).ingest({ key: "feed:./wire.xml", name: "Wire", priority: 0 }, [
      { identity: "1", story: testStory({ slug: "harbour-bridge", headline: "Harbour bridge closes" }) },
      { identity: "2", story: testStory({ slug: "ferry-strike", headline: "Ferry strike" }) },
    ]);
  });
  afterEach(async () => {
    await store.close();
    await target.remove();
  });

  it("takes a story down with a reason and who did it, says so once, and restores it", async () => {
    const removed = await story(target, [
      "remove",
      "https://news.example/articles/harbour-bridge",
      "--reason",
      "Court order 41/2026",
      "--by",
      "night editor",
    ]);
    expect(removed).toMatchObject({ code: 0, stderr: "" });
    expect(removed.stdout).toContain(
      'Took down /articles/harbour-bridge ("Harbour bridge closes"): Court order 41/2026',
    );
    expect((await store.storyBySlug("harbour-bridge"))?.takenDown).toMatchObject({
      reason: "Court order 41/2026",
      by: "night editor",
    });
    expect((await store.headlines({ limit: 10 })).headlines.map((headline) => headline.slug)).toEqual(["ferry-strike"]);

    const again = await story(target, ["remove", "harbour-bridge", "--reason", "twice"]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/was already taken down at .* by night editor: Court order 41\/2026/);

    const restored = await story(target, ["restore", "/articles/harbour-bridge"]);
    expect(restored).toMatchObject({ code: 0 });
    expect(restored.stdout).toContain('Restored /articles/harbour-bridge ("Harbour bridge closes").');
    expect((await store.storyBySlug("harbour-bridge"))?.takenDown).toBeNull();
    expect((await story(target, ["restore", "harbour-bridge"])).stdout).toContain("is not taken down");
  });

  it("says so when no story has the address", async () => {
    const unknown = await story(target, ["remove", "no-such-story", "--reason", "x"]);
    expect(unknown).toMatchObject({ code: 1, stderr: "No story has the address /articles/no-such-story.\n" });
  });
});

describe("story:remove and story:restore, asked wrongly", () => {
  let target: StoreTarget;
  beforeAll(async () => {
    target = await sqliteTarget();
  });
  afterAll(() => target.remove());

  it("asks for a reason, a slug, and a slug that can be one, before opening the database", async () => {
    const reasonless = await story(target, ["remove", "ferry-strike", "--reason", "  "]);
    expect(reasonless.code).toBe(2);
    expect(reasonless.stderr).toContain(
      'A reason is needed, for the record: npm run story:remove -- ferry-strike --reason "',
    );
    expect(await story(target, ["restore"])).toMatchObject({ code: 2, stderr: expect.stringContaining("Usage:") });
    expect((await story(target, ["remove", "Not A Slug!", "--reason", "x"])).stderr).toContain(
      "is not a story's address",
    );
    expect(existsSync(target.location.databasePath)).toBe(false);
  });
});
