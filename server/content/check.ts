/**
 * `sources:check`: reads each source once, as the server would, and says per story what its
 * markup became and what was left out and why, so a publisher sees it before going live.
 * Reading is the server's own (createSourceReader); describing is pure and tested alone.
 */
import type { Block, Story } from "../../contract/schema.ts";
import { createSourceReader } from "./contentSource.ts";
import type { SourceReaderOptions, SourceSetting } from "./contentSource.ts";
import { addDropped, describeDropped } from "./dropped.ts";
import type { Dropped } from "./dropped.ts";
import type { Snapshot, Rejection } from "./snapshot.ts";

type BlockType = Block["type"];

export type StoryCheck = {
  slug: string;
  headline: string;
  blocks: Partial<Record<BlockType, number>>;
  /** Pictures in the story's galleries. */
  galleryImages: number;
  /** Embeds by provider. */
  embeds: Record<string, number>;
  /** Media blocks by kind (video, audio). */
  media: Record<string, number>;
  dropped: Dropped;
};

export type SourceCheck = {
  source: string;
  stories: StoryCheck[];
  leftOut: Rejection[];
  notes: string[];
  /** Why the source could not be read at all. */
  error?: string;
};

export type CheckSummary = Omit<StoryCheck, "slug" | "headline"> & {
  sources: number;
  stories: number;
  leftOut: number;
  failed: number;
};

function count<K extends string>(into: Partial<Record<K, number>>, key: K, by = 1): void {
  into[key] = (into[key] ?? 0) + by;
}

export function checkStory(story: Story, dropped: Dropped): StoryCheck {
  const check: StoryCheck = {
    slug: story.slug,
    headline: story.headline,
    blocks: {},
    galleryImages: 0,
    embeds: {},
    media: {},
    dropped,
  };
  for (const block of story.body) {
    count(check.blocks, block.type);
    if (block.type === "gallery") check.galleryImages += block.images.length;
    if (block.type === "embed") count(check.embeds, block.provider);
    if (block.type === "media") count(check.media, block.kind);
  }
  return check;
}

export function checkEdition(source: string, snapshot: Snapshot, notes: string[] = []): SourceCheck {
  return {
    source,
    stories: [...snapshot.stories.values()].map((story) => checkStory(story, snapshot.dropped.get(story.slug) ?? {})),
    leftOut: snapshot.rejected,
    notes: [...snapshot.notes.map((note) => note.message), ...notes],
  };
}

/** Reads each source once; a source that cannot be read is reported, and the others are still read. */
export async function checkSources(
  settings: SourceSetting[],
  options: SourceReaderOptions = {},
): Promise<SourceCheck[]> {
  const checks: SourceCheck[] = [];
  for (const setting of settings) {
    const notes: string[] = [];
    const label = `${setting.kind}:${setting.location}`;
    // The server's log lines name their source; here each line sits under it already.
    const reader = createSourceReader(setting, {
      ...options,
      log: (line) => notes.push(line.replace(`Content source ${label}: `, "")),
    });
    try {
      checks.push(checkEdition(reader.label, await reader.read(), notes));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      checks.push({ source: reader.label, stories: [], leftOut: [], notes, error: message });
    }
  }
  return checks;
}

export function summarise(checks: readonly SourceCheck[]): CheckSummary {
  const summary: CheckSummary = {
    sources: checks.length,
    stories: 0,
    leftOut: 0,
    failed: checks.filter((check) => check.error !== undefined).length,
    blocks: {},
    galleryImages: 0,
    embeds: {},
    media: {},
    dropped: {},
  };
  for (const check of checks) {
    summary.stories += check.stories.length;
    summary.leftOut += check.leftOut.length;
    for (const story of check.stories) {
      for (const [type, n] of Object.entries(story.blocks) as [BlockType, number][]) count(summary.blocks, type, n);
      for (const [provider, n] of Object.entries(story.embeds)) count(summary.embeds, provider, n);
      for (const [kind, n] of Object.entries(story.media)) count(summary.media, kind, n);
      summary.galleryImages += story.galleryImages;
      addDropped(summary.dropped, story.dropped);
    }
  }
  return summary;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** `3 embeds (2 youtube, x)`: each provider once, with its count when more than one. */
function byName(counts: Record<string, number>): string {
  return Object.entries(counts)
    .sort(([a, m], [b, n]) => n - m || a.localeCompare(b))
    .map(([name, n]) => (n === 1 ? name : `${n} ${name}`))
    .join(", ");
}

const WORDS: Record<Exclude<BlockType, "gallery" | "embed" | "media">, [string, string]> = {
  paragraph: ["paragraph", "paragraphs"],
  heading: ["heading", "headings"],
  quote: ["quote", "quotes"],
  list: ["list", "lists"],
  image: ["image", "images"],
  table: ["table", "tables"],
};
const ORDER: BlockType[] = ["paragraph", "heading", "quote", "list", "image", "gallery", "table", "embed", "media"];

/** `3 paragraphs, 1 gallery (5 images), 1 embed (instagram); dropped: 1 script, 2 share links`. */
export function describeBlocks(check: Omit<StoryCheck, "slug" | "headline">): string {
  const parts = ORDER.flatMap((type) => {
    const n = check.blocks[type] ?? 0;
    if (n === 0) return [];
    if (type === "gallery") return [`${plural(n, "gallery", "galleries")} (${plural(check.galleryImages, "image")})`];
    if (type === "embed") return [`${plural(n, "embed")} (${byName(check.embeds)})`];
    if (type === "media") {
      return Object.entries(check.media).map(([kind, m]) =>
        plural(m, kind, kind === "audio" ? "audio files" : `${kind}s`),
      );
    }
    const [one, many] = WORDS[type];
    return [plural(n, one, many)];
  });
  const dropped = describeDropped(check.dropped);
  return `${parts.join(", ") || "no blocks"}${dropped ? `; dropped: ${dropped}` : ""}`;
}

/** The report a person reads: each source, each story, what was left out, then one summary line. */
export function describeChecks(checks: readonly SourceCheck[]): string {
  const lines: string[] = [];
  for (const check of checks) {
    if (check.error !== undefined) {
      lines.push(`${check.source}: could not be read: ${check.error}`);
    } else {
      const leftOut = check.leftOut.length > 0 ? `, ${plural(check.leftOut.length, "item")} left out` : "";
      lines.push(`${check.source}: ${plural(check.stories.length, "story", "stories")}${leftOut}`);
    }
    for (const story of check.stories) lines.push(`  ${story.slug}: ${describeBlocks(story)}`);
    for (const { id, reason } of check.leftOut) lines.push(`  left out ${id}: ${reason}`);
    for (const note of check.notes) lines.push(`  note: ${note}`);
  }
  const summary = summarise(checks);
  const failed = summary.failed > 0 ? `, ${summary.failed} could not be read` : "";
  const leftOut = summary.leftOut > 0 ? `; ${plural(summary.leftOut, "item")} left out` : "";
  lines.push(
    `Summary: ${plural(summary.sources, "source")}${failed}, ${plural(summary.stories, "story", "stories")}: ${describeBlocks(summary)}${leftOut}`,
  );
  return lines.join("\n");
}
