/**
 * `npm run story:remove -- SLUG --reason "why"` takes a story down: it leaves every list, and its
 * address says it is gone. `npm run story:restore -- SLUG` brings it back. SLUG may be the story's
 * address as a reader sees it (its path or the whole URL). Works on the database the
 * server uses (DATABASE_URL, else DATABASE_PATH).
 */
import { userInfo } from "node:os";
import { parseArgs } from "node:util";
import { storyPath, storySlugAt } from "../../contract/paths.ts";
import { readConfig } from "../config.ts";
import { readMailConfig } from "../newsletter/config.ts";
import { openStore } from "../store/index.ts";
import type { Store } from "../store/index.ts";

const USAGE = `Usage: npm run story:remove -- SLUG --reason "why it comes down" [--by NAME]
       npm run story:restore -- SLUG`;

/** The slug in what an operator pasted: a slug, a path or a URL. */
function slugOf(raw: string): string | undefined {
  const pathname = URL.parse(raw)?.pathname ?? (raw.startsWith("/") ? raw : storyPath(raw));
  return storySlugAt(pathname.replace(/\/+$/, ""));
}

function operatorName(): string {
  try {
    return userInfo().username;
  } catch {
    // A container's user may have no name: the record still says an operator did it.
    return "operator";
  }
}

async function remove(store: Store, slug: string, reason: string, by: string): Promise<number> {
  const outcome = await store.takeDown(slug, { reason, by, now: new Date() });
  const kept = await store.storyBySlug(slug);
  if (outcome === "unknown" || !kept) {
    console.error(`No story has the address ${storyPath(slug)}.`);
    return 1;
  }
  const { takenDown } = kept;
  if (outcome === "already-taken-down" && takenDown) {
    console.log(
      `${storyPath(slug)} ("${kept.story.headline}") was already taken down at ${takenDown.at} by ${takenDown.by}: ${takenDown.reason}`,
    );
    return 0;
  }
  console.log(
    `Took down ${storyPath(slug)} ("${kept.story.headline}"): ${reason}\nIt is out of every list now. To bring it back: npm run story:restore -- ${slug}`,
  );
  return 0;
}

async function restore(store: Store, slug: string): Promise<number> {
  const outcome = await store.restore(slug);
  const kept = await store.storyBySlug(slug);
  if (outcome === "unknown" || !kept) {
    console.error(`No story has the address ${storyPath(slug)}.`);
    return 1;
  }
  console.log(
    outcome === "restored"
      ? `Restored ${storyPath(slug)} ("${kept.story.headline}").`
      : `${storyPath(slug)} ("${kept.story.headline}") is not taken down: nothing to restore.`,
  );
  return 0;
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    options: { reason: { type: "string" }, by: { type: "string" } },
    allowPositionals: true,
  });
  const [command, target, ...extra] = positionals;
  if ((command !== "remove" && command !== "restore") || target === undefined || extra.length > 0) {
    console.error(USAGE);
    return 2;
  }
  const slug = slugOf(target);
  if (!slug) {
    console.error(`"${target}" is not a story's address: give its slug, e.g. harbour-bridge-closes.`);
    return 2;
  }
  const reason = values.reason?.trim();
  if (command === "remove" && !reason) {
    console.error(`A reason is needed, for the record: npm run story:remove -- ${slug} --reason "why it comes down"`);
    return 2;
  }
  const config = readConfig(process.env);
  const { databaseUrl } = readMailConfig(process.env);
  const store = await openStore({ databaseUrl, databasePath: config.databasePath });
  try {
    return command === "remove"
      ? await remove(store, slug, reason ?? "", values.by?.trim() || operatorName())
      : await restore(store, slug);
  } finally {
    await store.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
