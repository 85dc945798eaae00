/** The archive's rules that both stores share: addresses, the stored forms of a story, cursors. */
import type { Headline, Story } from "../../contract/schema.ts";
import { MAX_SLUG_LENGTH } from "../../contract/slug.ts";
import type { ArchiveCursor, ArchivedStory, ArchiveEntry, ArchiveSource, HeadlinePage } from "./store.ts";

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

/** The stored document: the source's story at the archive's address, related headlines left to the archive. */
export function documentJson(story: Story, slug: string): string {
  return JSON.stringify({ ...story, slug, related: [] });
}

/** What a list shows of a story, without the slug (the slug column is the one truth). */
export function summaryJson(story: Story): string {
  const { headline, datePublished, standfirst, section, image } = story;
  return JSON.stringify({ headline, datePublished, standfirst, section, image });
}

/** The columns a story's text sets, written alike when it is first kept and when it is revised. */
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
  document: string;
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
  "document",
] as const satisfies readonly (keyof StoryColumns)[];

export function storyColumns(source: ArchiveSource, entry: ArchiveEntry, slug: string): StoryColumns {
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
    document: documentJson(entry.story, slug),
  };
}

export type HeadlineRow = { id: number; slug: string; date_published: string; summary: string };

export function toHeadline(row: HeadlineRow): Headline {
  return { slug: row.slug, ...(JSON.parse(row.summary) as Omit<Headline, "slug">) };
}

/** One more row than asked for was read: its presence says an older page follows. */
export function toHeadlinePage(rows: readonly HeadlineRow[], limit: number): HeadlinePage {
  const shown = rows.slice(0, limit);
  const last = shown.at(-1);
  return {
    headlines: shown.map(toHeadline),
    next: rows.length > limit && last ? { datePublished: last.date_published, id: last.id } : undefined,
  };
}

export type StoryRow = {
  id: number;
  slug: string;
  source: string;
  source_name: string;
  identity: string;
  document: string;
  first_seen_at: string;
  last_changed_at: string;
  taken_down_at: string | null;
  taken_down_reason: string | null;
  taken_down_by: string | null;
};

export function toArchivedStory(row: StoryRow): ArchivedStory {
  return {
    id: row.id,
    slug: row.slug,
    // Checked against the contract when it was kept.
    story: JSON.parse(row.document) as Story,
    source: row.source,
    sourceName: row.source_name,
    identity: row.identity,
    firstSeenAt: row.first_seen_at,
    lastChangedAt: row.last_changed_at,
    takenDown:
      row.taken_down_at === null
        ? null
        : { at: row.taken_down_at, reason: row.taken_down_reason ?? "", by: row.taken_down_by ?? "" },
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
