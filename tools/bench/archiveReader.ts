/**
 * The archive bench's reader: a process that opens the store as the server does and reads what
 * pages read (front and section pages, stories, related headlines), then prints its memory as
 * one JSON line. Run at two archive sizes, it shows whether memory grows with the archive.
 * Reads DATABASE_URL or DATABASE_PATH, as the server does.
 */
import { slugify } from "../../server/content/text.ts";
import { openStore } from "../../server/store/index.ts";
import type { ArchiveCursor } from "../../server/store/index.ts";

const PAGES = 20;
const PAGE_SIZE = 50;
const ROUNDS = 3;

const store = await openStore({
  databaseUrl: process.env.DATABASE_URL || undefined,
  databasePath: process.env.DATABASE_PATH ?? "",
});
let reads = 0;
for (let round = 0; round < ROUNDS; round += 1) {
  let before: ArchiveCursor | undefined;
  const slugs: string[] = [];
  for (let page = 0; page < PAGES; page += 1) {
    const { headlines, next } = await store.headlines({ limit: PAGE_SIZE, before });
    slugs.push(...headlines.map((headline) => headline.slug));
    reads += 1;
    if (!next) break;
    before = next;
  }
  for (const slug of slugs) {
    const story = await store.storyBySlug(slug);
    if (!story) throw new Error(`${slug} was listed but cannot be read`);
    await store.relatedHeadlines(slug, 6);
    if (story.story.section) await store.headlines({ limit: PAGE_SIZE, section: slugify(story.story.section) });
    reads += 3;
  }
}
const usage = process.memoryUsage();
console.log(
  JSON.stringify({
    reads,
    rssMb: usage.rss / 2 ** 20,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    heapMb: usage.heapUsed / 2 ** 20,
  }),
);
await store.close();
