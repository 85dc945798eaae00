/** The archive's rules that both stores share: addresses, copies, the stored forms of a story, cursors. */
import type { Story } from "../../contract/schema.ts";
import { MAX_SLUG_LENGTH } from "../../contract/slug.ts";
import type { ArchiveCursor, ArchiveEntry, ArchiveOutcome, ArchiveSource } from "./store.ts";

/** Two sources' stories with the same headline and opening paragraph are one story if published this close. */
export const SAME_STORY_WINDOW_MS = 2 * 24 * 3_600_000;

/** Room kept for `-NNNNNN` after a long address. */
const SUFFIX_ROOM = 8;

/** What a suffixed address starts with: the asked-for one, cut so that the suffix fits. */
export function slugStem(slug: string): string {
  return slug.slice(0, MAX_SLUG_LENGTH - SUFFIX_ROOM).replace(/-+$/, "");
}

/**
 * The address a new story gets: the one asked for, or else its stem with the smallest free
 * number from 2 up. `taken` holds every address equal to `slug` or starting with `stem-`,
 * taken-down stories' too: an address once given never goes to another story.
 */
export function pickSlug(slug: string, taken: ReadonlySet<string>): string {
  if (!taken.has(slug)) return slug;
  const stem = slugStem(slug);
  for (let n = 2; ; n += 1) {
    const candidate = `${stem}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** The bounds of the addresses starting with `stem-`: '.' follows '-' in byte order. */
export function suffixRange(slug: string): [string, string] {
  const stem = slugStem(slug);
  return [`${stem}-`, `${stem}.`];
}

/** Whether a source ranked `priority` wins a story over one ranked `other` (0 is first; a tie keeps what is there). */
export function outranks(priority: number, other: number | null): boolean {
  return other === null || priority < other;
}

/** Another source's story that an entry may be a copy of. */
export type OtherStory = {
  id: number;
  slug: string;
  source: string;
  identity: string;
  contentHash: string;
  /** Its source's rank, null for a source no longer configured (it ranks last). */
  priority: number | null;
  datePublished: string;
  canonicalLink: string | null;
  fingerprint: string | null;
};

/** What the archive holds that bears on a chunk of one source's entries, read inside the chunk's transaction. */
export type ArchiveView = {
  /** The source's own stories, by identity. */
  own: ReadonlyMap<string, { id: number; slug: string; contentHash: string }>;
  /** The source's items kept as copies of another source's story, by identity. */
  copies: ReadonlyMap<string, { storyId: number; slug: string; contentHash: string }>;
  /** Other sources' stories with an entry's link or fingerprint, oldest first. */
  others: readonly OtherStory[];
  /** Addresses taken among those the entries ask for and their numbered forms (suffixRange). */
  taken: ReadonlySet<string>;
};

export type StoryCopy = { source: string; identity: string; storyId: number; contentHash: string };

/** The writes that keep a chunk, decided in one place for both stores. */
export type ArchivePlan = {
  outcomes: ArchiveOutcome[];
  insert: { entry: ArchiveEntry; slug: string }[];
  revise: { id: number; slug: string; entry: ArchiveEntry }[];
  /** Upserts: a copy's content hash is replaced, so its next refresh with nothing new writes nothing. */
  copy: StoryCopy[];
};

/**
 * How each entry is kept, in order, as if one after another: its own story revised in place (or
 * left alone when its hash is the same); a known copy's hash updated; another source's story with
 * the same link, else the same fingerprint within two days, either kept as it is with this item
 * as its copy, or, when this source ranks higher, taken over at its first address, the other
 * source's item becoming the copy; else a new story at the asked-for address or its numbered form.
 */
export function planArchive(source: ArchiveSource, entries: readonly ArchiveEntry[], view: ArchiveView): ArchivePlan {
  const plan: ArchivePlan = { outcomes: [], insert: [], revise: [], copy: [] };
  const taken = new Set(view.taken);
  let others = view.others;
  for (const entry of entries) {
    const { identity } = entry;
    const own = view.own.get(identity);
    if (own) {
      const changed = own.contentHash !== entry.contentHash;
      if (changed) plan.revise.push({ id: own.id, slug: own.slug, entry });
      plan.outcomes.push({ identity, slug: own.slug, status: changed ? "revised" : "unchanged" });
      continue;
    }
    const copy = view.copies.get(identity);
    if (copy) {
      if (copy.contentHash !== entry.contentHash) {
        plan.copy.push({ source: source.key, identity, storyId: copy.storyId, contentHash: entry.contentHash });
      }
      plan.outcomes.push({ identity, slug: copy.slug, status: "copy" });
      continue;
    }
    const time = Date.parse(entry.datePublished);
    const match =
      others.find((other) => entry.canonicalLink !== null && other.canonicalLink === entry.canonicalLink) ??
      others.find(
        (other) =>
          entry.fingerprint !== null &&
          other.fingerprint === entry.fingerprint &&
          Math.abs(Date.parse(other.datePublished) - time) <= SAME_STORY_WINDOW_MS,
      );
    if (match && !outranks(source.priority, match.priority)) {
      plan.copy.push({ source: source.key, identity, storyId: match.id, contentHash: entry.contentHash });
      plan.outcomes.push({ identity, slug: match.slug, status: "copy" });
    } else if (match) {
      plan.copy.push({
        source: match.source,
        identity: match.identity,
        storyId: match.id,
        contentHash: match.contentHash,
      });
      plan.revise.push({ id: match.id, slug: match.slug, entry });
      plan.outcomes.push({ identity, slug: match.slug, status: "took-over" });
      // The story is this source's now: its next items are not copies of it.
      others = others.filter((other) => other.id !== match.id);
    } else {
      const slug = pickSlug(entry.slug, taken);
      taken.add(slug);
      plan.insert.push({ entry, slug });
      plan.outcomes.push({ identity, slug, status: "added" });
    }
  }
  return plan;
}

/**
 * How often a chunk is planned again: an entry whose new row found its address or identity taken
 * by another writer since the archive was read is planned again, and the second look sees that
 * writer's row. More passes than this means something else writes to the archive.
 */
export const MAX_PASSES = 5;

/** Records a pass's outcomes, leaving out the entries planned again; returns those. */
export function settle(
  decided: Map<string, ArchiveOutcome>,
  plan: ArchivePlan,
  missed: readonly ArchiveEntry[],
): ArchiveEntry[] {
  const again = new Set(missed.map((entry) => entry.identity));
  for (const outcome of plan.outcomes) if (!again.has(outcome.identity)) decided.set(outcome.identity, outcome);
  return [...missed];
}

/** The outcomes in the entries' order. */
export function inEntryOrder(entries: readonly ArchiveEntry[], decided: Map<string, ArchiveOutcome>): ArchiveOutcome[] {
  return entries.flatMap((entry) => {
    const outcome = decided.get(entry.identity);
    return outcome ? [outcome] : [];
  });
}

/** The stored document: the source's story at the archive's address, related headlines left to the archive. */
export function documentJson(story: Story, slug: string): string {
  return JSON.stringify({ ...story, slug, related: [] });
}

/** What a list shows of a story, without the slug (the slug column is the one truth). */
export function summaryJson(story: Story): string {
  const { headline, datePublished, standfirst, section, image } = story;
  return JSON.stringify({ headline, datePublished, standfirst, section, image });
}

/**
 * The columns of a story's row that its text sets, written alike when it is first kept and when
 * it is revised. The document has a table of its own (story_documents): rows of a few hundred
 * bytes keep a page of headlines to a few database pages, where 5 to 12 KB documents in the row
 * cost SQLite a page and an overflow page a headline.
 */
export type StoryColumns = {
  source: string;
  source_name: string;
  identity: string;
  headline: string;
  section: string | null;
  section_key: string | null;
  date_published: string;
  canonical_link: string | null;
  fingerprint: string | null;
  content_hash: string;
  summary: string;
};

export const STORY_COLUMNS = [
  "source",
  "source_name",
  "identity",
  "headline",
  "section",
  "section_key",
  "date_published",
  "canonical_link",
  "fingerprint",
  "content_hash",
  "summary",
] as const satisfies readonly (keyof StoryColumns)[];

export function storyColumns(source: ArchiveSource, entry: ArchiveEntry): StoryColumns {
  return {
    source: source.key,
    source_name: source.name,
    identity: entry.identity,
    headline: entry.story.headline,
    section: entry.story.section ?? null,
    section_key: entry.sectionKey,
    date_published: entry.datePublished,
    canonical_link: entry.canonicalLink,
    fingerprint: entry.fingerprint,
    content_hash: entry.contentHash,
    summary: summaryJson(entry.story),
  };
}

/** A cursor as it appears in an address: the story's publication time in ms, then its id. */
export function encodeCursor(cursor: ArchiveCursor): string {
  return `${Date.parse(cursor.datePublished)}-${cursor.id}`;
}

/** The cursor an address names, or undefined for anything else. */
export function parseCursor(raw: string): ArchiveCursor | undefined {
  const match = /^(\d{1,15})-(\d{1,15})$/.exec(raw);
  if (!match) return undefined;
  const time = new Date(Number(match[1]));
  const id = Number(match[2]);
  if (Number.isNaN(time.getTime()) || !Number.isSafeInteger(id)) return undefined;
  return { datePublished: time.toISOString(), id };
}
