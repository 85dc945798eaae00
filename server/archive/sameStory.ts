/**
 * What makes two sources' stories one story: the same page once the decorations of a link are
 * gone, or the same headline and opening paragraph (server/store/stories.ts says how close in time).
 */
import { createHash } from "node:crypto";
import type { Story } from "../../contract/schema.ts";
import { htmlToText } from "../content/text.ts";

// Added by newsletters, social sites and ad networks to say where a reader came from, not what they read.
const TRACKING = /^(?:utm_.*|fbclid|gclid|dclid|gbraid|wbraid|msclkid|yclid|igshid|mc_cid|mc_eid|_ga|_gl)$/i;

/**
 * A story's link as a key: no scheme, no `www.`, no trailing slash, no fragment, no tracking
 * parameters, the rest of the query sorted. Null for anything that is not an http(s) address.
 */
export function canonicalLink(raw: string | undefined): string | null {
  const url = raw ? URL.parse(raw.trim()) : null;
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) return null;
  const host = url.host.replace(/^www\./, "");
  const parameters = [...url.searchParams]
    .filter(([name]) => !TRACKING.test(name))
    .sort(([a, x], [b, y]) => (a === b ? compare(x, y) : compare(a, b)));
  const query = parameters.length > 0 ? `?${new URLSearchParams(parameters)}` : "";
  return `${host}${url.pathname.replace(/\/+$/, "")}${query}`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Letters and digits only, lower case: a stray curly quote or double space does not make another story. */
function words(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** A hash of the headline and the first paragraph with words in it; null without one (a headline alone is too common). */
export function storyFingerprint(story: Story): string | null {
  for (const block of story.body) {
    if (block.type !== "paragraph") continue;
    const opening = words(htmlToText(block.html));
    if (opening)
      return createHash("sha256")
        .update(`${words(story.headline)}\n${opening}`)
        .digest("base64url");
  }
  return null;
}
