/**
 * Keeps what a source's refresh produced in the archive. Each item is checked against the
 * contract at the door; an item whose content is what the archive already holds costs a hash
 * and no write, so a refresh with nothing new is cheap. The store decides, in one transaction
 * per chunk, whether an item is a new story, a revision, or another source's copy of one.
 * A story the source stops listing is left as it is: rotation is not deletion.
 */
import { createHash } from "node:crypto";
import * as v from "valibot";
import { StorySchema } from "../../contract/schema.ts";
import type { Story } from "../../contract/schema.ts";
import { log } from "../http/log.ts";
import { htmlToText, slugify } from "../content/text.ts";
import type { ArchiveEntry, ArchiveOutcome, ArchiveSource, ArchiveStatus, Store } from "../store/index.ts";
import { canonicalLink, storyFingerprint } from "./sameStory.ts";

export type IncomingStory = {
  /** The story's identity at its source: WordPress post id, feed guid/id/link, ninjs uri. */
  identity: string;
  /** A contract story as the source's adapter made it; its slug is the address it asks for. */
  story: unknown;
  /** The story's page on its source's site. */
  link?: string | undefined;
};

export type Rejection = { identity: string; reason: string };

export type IngestReport = {
  added: number;
  revised: number;
  unchanged: number;
  /** Items another source ranked higher (or first) already carries: remembered, not shown twice. */
  copies: number;
  /** Stories this source now carries in place of a source ranked below it. */
  tookOver: number;
  skipped: Rejection[];
  outcomes: ArchiveOutcome[];
};

export type ArchiveIngester = {
  ingest(source: ArchiveSource, items: readonly IncomingStory[]): Promise<IngestReport>;
};

export type IngesterOptions = {
  now?: () => Date;
  log?: (message: string) => void;
  /** Entries kept per transaction: a crash loses at most the chunk in flight, and never half a story. */
  chunkSize?: number;
};

/** What the source gave, as a hash: its name is in it, so renaming a source rewrites the stories' provenance. */
export function contentHash(sourceName: string, item: IncomingStory): string {
  return createHash("sha256")
    .update(JSON.stringify([sourceName, item.link ?? null, item.story]))
    .digest("base64url");
}

/** A body with nothing to read (no block left, or only empty paragraphs) would replace a story with a blank page. */
function hasReadableBody(story: Story): boolean {
  return story.body.some((block) => block.type !== "paragraph" || htmlToText(block.html) !== "");
}

function issues(result: v.SafeParseResult<typeof StorySchema>): string {
  if (result.success) return "";
  return result.issues
    .slice(0, 3)
    .map((issue) => `${v.getDotPath(issue) ?? "story"}: ${issue.message}`)
    .join("; ");
}

/** The entry the store keeps for an item, or why it is left out. Pure. */
export function toEntry(item: IncomingStory, hash: string): ArchiveEntry | { reason: string } {
  const parsed = v.safeParse(StorySchema, item.story);
  if (!parsed.success) return { reason: `it is not a valid contract story (${issues(parsed)})` };
  const story = { ...parsed.output, related: [] };
  if (!hasReadableBody(story)) return { reason: "its body has nothing to read" };
  return {
    identity: item.identity,
    contentHash: hash,
    slug: story.slug,
    story,
    datePublished: new Date(story.datePublished).toISOString(),
    sectionKey: story.section ? slugify(story.section) || null : null,
    canonicalLink: canonicalLink(item.link),
    fingerprint: storyFingerprint(story),
  };
}

export function createIngester(store: Store, options: IngesterOptions = {}): ArchiveIngester {
  const { now = () => new Date(), log: report = (message) => log.warn(message), chunkSize = 250 } = options;
  // The items each source last gave that were left out, by identity, with their hash: the same
  // bad item in the next refresh is neither checked nor logged again.
  const leftOut = new Map<string, Map<string, string>>();

  return {
    async ingest(source, items) {
      const result: IngestReport = {
        added: 0,
        revised: 0,
        unchanged: 0,
        copies: 0,
        tookOver: 0,
        skipped: [],
        outcomes: [],
      };
      const before = leftOut.get(source.key) ?? new Map<string, string>();
      const rejected = new Map<string, string>();
      const skip = (identity: string, reason: string, hash: string) => {
        result.skipped.push({ identity, reason });
        if (before.get(identity) !== hash)
          report(`Archive: ${source.name} (${source.key}) left out ${identity}: ${reason}.`);
        rejected.set(identity, hash);
      };

      const hashed = new Map<string, { item: IncomingStory; hash: string }>();
      for (const item of items) {
        if (typeof item.identity !== "string" || item.identity === "") {
          skip(String(item.identity), "it has no identity at its source", "");
          continue;
        }
        // A source that lists an item twice gives it once.
        if (hashed.has(item.identity)) continue;
        let hash: string;
        try {
          hash = contentHash(source.name, item);
        } catch (error) {
          skip(item.identity, `it cannot be read (${error instanceof Error ? error.message : String(error)})`, "");
          continue;
        }
        hashed.set(item.identity, { item, hash });
      }

      const kept = await store.archivedHashes(source.key, [...hashed.keys()]);
      const entries: ArchiveEntry[] = [];
      for (const [identity, { item, hash }] of hashed) {
        if (kept.get(identity) === hash) {
          result.unchanged += 1;
          continue;
        }
        if (before.get(identity) === hash) {
          result.skipped.push({ identity, reason: "left out before, unchanged since" });
          rejected.set(identity, hash);
          continue;
        }
        const entry = toEntry(item, hash);
        if ("reason" in entry) skip(identity, entry.reason, hash);
        else entries.push(entry);
      }
      leftOut.set(source.key, rejected);

      // Oldest first: of two new stories asking for one address, the older gets it.
      entries.sort((a, b) => compare(a.datePublished, b.datePublished) || compare(a.identity, b.identity));
      for (let start = 0; start < entries.length; start += chunkSize) {
        const outcomes = await store.archiveStories(source, entries.slice(start, start + chunkSize), now());
        for (const outcome of outcomes) {
          result.outcomes.push(outcome);
          count(result, outcome.status);
        }
      }
      return result;
    },
  };
}

function count(result: IngestReport, status: ArchiveStatus): void {
  switch (status) {
    case "added":
      result.added += 1;
      return;
    case "revised":
      result.revised += 1;
      return;
    case "unchanged":
      result.unchanged += 1;
      return;
    case "copy":
      result.copies += 1;
      return;
    case "took-over":
      result.tookOver += 1;
      return;
    default: {
      const unknown: never = status;
      throw new Error(`Unknown archive status ${String(unknown)}`);
    }
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
