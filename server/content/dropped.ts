/**
 * What an adapter left out of a story, and why: counted beside the blocks it returns, so
 * `sources:check` can tell a publisher before going live, and nothing is dropped unseen.
 */

/** Each reason, with its singular and plural wording for a person reading the check. */
const WORDING = {
  script: ["script", "scripts"],
  frame: ["frame of another site", "frames of other sites"],
  form: ["form", "forms"],
  plugin: ["plugin object", "plugin objects"],
  drawing: ["drawing (svg, canvas or formula)", "drawings (svg, canvas or formulas)"],
  "tracking pixel": ["tracking pixel", "tracking pixels"],
  "site icon": ["site icon", "site icons"],
  "share link": ["share link", "share links"],
  "read-more link": ["“read more” link to the story itself", "“read more” links to the story itself"],
  "feed footer": ["feed footer", "feed footers"],
  "link to itself": ["link to the story itself (its text kept)", "links to the story itself (their text kept)"],
  shortcode: ["shortcode leftover", "shortcode leftovers"],
  "unsized image": ["image without a known size", "images without a known size"],
  "unplayable media": ["video or audio without a file type", "videos or audios without a file type"],
  "tweet picture link": [
    "link standing in for a post's picture (pic.twitter.com)",
    "links standing in for posts' pictures (pic.twitter.com)",
  ],
  "repeated hero": ["picture repeating the story's hero", "pictures repeating the story's hero"],
  "embed without address": ["embed without the address of its post", "embeds without the address of their posts"],
  "empty table": ["empty table", "empty tables"],
  "repeated standfirst": ["paragraph repeating the standfirst", "paragraphs repeating the standfirst"],
  "repeated label": [
    "line repeating the headline, slugline, byline or agency",
    "lines repeating the headline, slugline, byline or agency",
  ],
} as const satisfies Record<string, readonly [string, string]>;

export type DropReason = keyof typeof WORDING;
export type Dropped = Partial<Record<DropReason, number>>;

export function drop(tally: Dropped, reason: DropReason, count = 1): void {
  if (count > 0) tally[reason] = (tally[reason] ?? 0) + count;
}

export function addDropped(into: Dropped, from: Dropped): void {
  for (const [reason, count] of entries(from)) drop(into, reason, count);
}

export function entries(tally: Dropped): [DropReason, number][] {
  return (Object.keys(WORDING) as DropReason[]).flatMap((reason) => {
    const count = tally[reason] ?? 0;
    return count > 0 ? [[reason, count] as [DropReason, number]] : [];
  });
}

/** `1 script, 2 share links`, in a fixed order; empty when nothing was dropped. */
export function describeDropped(tally: Dropped): string {
  return entries(tally)
    .map(([reason, count]) => `${count} ${WORDING[reason][count === 1 ? 0 : 1]}`)
    .join(", ");
}
