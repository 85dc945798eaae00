import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ArchiveSource, Store } from "../store/index.ts";
import { STORE_TARGETS, testStory } from "../testing/stores.ts";
import type { StoreTarget } from "../testing/stores.ts";
import { createIngester } from "./ingest.ts";
import type { IncomingStory } from "./ingest.ts";

const DESK: ArchiveSource = { key: "wordpress:https://news.example", name: "News Example", priority: 0 };
const WIRE: ArchiveSource = { key: "feed:https://wire.example/world.xml", name: "Wire Service", priority: 1 };
const T0 = new Date("2026-12-10T08:00:00.000Z");
const HOUR = 3_600_000;

/** The item a source's refresh gives for story number `n`, published `n` hours after the first. */
function item(n: number, fields: Partial<Parameters<typeof testStory>[0]> & { link?: string } = {}): IncomingStory {
  const { link, ...story } = fields;
  return {
    identity: String(n),
    story: testStory({
      slug: `story-${n}`,
      datePublished: new Date(Date.parse("2026-12-01T00:00:00Z") + n * HOUR).toISOString(),
      ...story,
    }),
    link: link ?? `https://news.example/${n}`,
  };
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe.each(STORE_TARGETS)("keeping stories in the %s archive", (_, makeTarget) => {
  let target: StoreTarget;
  let store: Store;
  const opened: Store[] = [];
  const logged: string[] = [];
  let clock = T0.getTime();

  async function open() {
    const instance = await target.open();
    opened.push(instance);
    return instance;
  }

  const ingesterFor = (instance: Store) =>
    createIngester(instance, { now: () => new Date(clock), log: (line) => logged.push(line) });

  beforeEach(async () => {
    target = await makeTarget();
    store = await open();
    logged.length = 0;
    clock = T0.getTime();
  });
  afterEach(async () => {
    for (const instance of opened.splice(0)) await instance.close();
    await target.remove();
  });

  const slugs = async (limit = 100) => (await store.headlines({ limit })).headlines.map((headline) => headline.slug);

  it("keeps the stories a feed rotated out, at their addresses", async () => {
    const ingester = ingesterFor(store);
    expect(
      await ingester.ingest(
        DESK,
        range(0, 30).map((n) => item(n)),
      ),
    ).toMatchObject({ added: 30 });
    clock += HOUR;
    const second = await ingester.ingest(
      DESK,
      range(15, 45).map((n) => item(n)),
    );
    expect(second).toMatchObject({ added: 15, unchanged: 15, revised: 0 });
    expect(await store.countStories()).toBe(45);
    expect((await store.storyBySlug("story-0"))?.story.headline).toBe("story 0");
    expect(await slugs(3)).toEqual(["story-44", "story-43", "story-42"]);
  });

  it("keeps a story's first address when its headline is edited, and shows the new text there", async () => {
    const ingester = ingesterFor(store);
    await ingester.ingest(DESK, [item(1, { slug: "harbour-bridge-closes", headline: "Harbour bridge closes" })]);
    clock += HOUR;
    const edited = item(1, { slug: "harbour-bridge-closes-for-a-week", headline: "Harbour bridge closes for a week" });
    const report = await ingester.ingest(DESK, [edited]);
    expect(report.outcomes).toEqual([{ identity: "1", slug: "harbour-bridge-closes", status: "revised" }]);
    const kept = await store.storyBySlug("harbour-bridge-closes");
    expect(kept?.story).toMatchObject({ slug: "harbour-bridge-closes", headline: "Harbour bridge closes for a week" });
    expect(kept?.lastChangedAt).toBe(new Date(clock).toISOString());
    expect(kept?.firstSeenAt).toBe(T0.toISOString());
    expect(await store.storyBySlug("harbour-bridge-closes-for-a-week")).toBeUndefined();
  });

  it("gives title twins addresses of their own for good; the older keeps the plain one", async () => {
    const ingester = ingesterFor(store);
    // Listed newest first, as feeds do: the older of two new twins still gets the plain address.
    await ingester.ingest(DESK, [
      item(5, { slug: "budget-vote", headline: "Budget vote" }),
      item(2, { slug: "budget-vote", headline: "Budget vote" }),
    ]);
    expect((await store.storyBySlug("budget-vote"))?.identity).toBe("2");
    expect((await store.storyBySlug("budget-vote-2"))?.identity).toBe("5");
    clock += HOUR;
    await ingester.ingest(DESK, [item(9, { slug: "budget-vote", headline: "Budget vote" })]);
    expect((await store.storyBySlug("budget-vote-3"))?.identity).toBe("9");
    // The twin's own edit moves nothing.
    await ingester.ingest(DESK, [item(5, { slug: "budget-vote", headline: "Budget vote passes" })]);
    expect((await store.storyBySlug("budget-vote-2"))?.story.headline).toBe("Budget vote passes");
    expect((await store.storyBySlug("budget-vote"))?.identity).toBe("2");
  });

  it("changes nothing for a batch of garbage or an empty one, and logs each bad item once", async () => {
    const ingester = ingesterFor(store);
    await ingester.ingest(
      DESK,
      range(0, 3).map((n) => item(n)),
    );
    const before = await Promise.all(range(0, 3).map((n) => store.storyBySlug(`story-${n}`)));
    clock += HOUR;
    expect(await ingester.ingest(DESK, [])).toMatchObject({ added: 0, revised: 0, skipped: [] });
    const story = testStory({ slug: "story-0" });
    const garbage: IncomingStory[] = [
      { identity: "0", story: {} },
      { identity: "1", story: { ...story, headline: "  ", body: [] } },
      { identity: "2", story: { ...story, body: [{ type: "paragraph", html: " <p> </p> " }] } },
      { identity: "3", story: null },
      { identity: "", story },
      { identity: "4", story: { ...story, body: [{ type: "video-from-the-future" }] } },
    ];
    const report = await ingester.ingest(DESK, garbage);
    expect(report).toMatchObject({ added: 0, revised: 0, unchanged: 0 });
    expect(report.skipped.map((rejection) => rejection.identity)).toEqual(["", "0", "1", "2", "3", "4"]);
    expect(report.skipped[3]?.reason).toBe("its body has nothing to read");
    expect(logged).toHaveLength(6);
    expect(logged[1]).toMatch(
      /^Archive: News Example \(wordpress:https:\/\/news\.example\) left out 0: it is not a valid/,
    );
    expect(await Promise.all(range(0, 3).map((n) => store.storyBySlug(`story-${n}`)))).toEqual(before);
    expect(await store.countStories()).toBe(3);
    // The next refresh gives the same garbage: nothing is checked or logged again.
    await ingester.ingest(DESK, garbage);
    expect(logged).toHaveLength(6);
  });

  it("keeps a story two sources carry once: the source listed first wins, the story keeps its first address", async () => {
    const ingester = ingesterFor(store);
    // The wire has it first.
    await ingester.ingest(WIRE, [
      {
        identity: "urn:wire:harbour",
        story: testStory({
          slug: "harbour-reopens-wire",
          headline: "Harbour reopens",
          datePublished: "2026-12-09T07:00:00Z",
        }),
        link: "https://www.news.example/2026/12/harbour-reopens/?utm_source=wire",
      },
    ]);
    clock += HOUR;
    const desk = await ingester.ingest(DESK, [
      {
        identity: "812",
        story: testStory({
          slug: "harbour-reopens",
          headline: "Harbour reopens after storm",
          datePublished: "2026-12-09T07:05:00Z",
        }),
        link: "http://news.example/2026/12/harbour-reopens",
      },
    ]);
    expect(desk.outcomes).toEqual([{ identity: "812", slug: "harbour-reopens-wire", status: "took-over" }]);
    expect(await store.storyBySlug("harbour-reopens-wire")).toMatchObject({
      source: DESK.key,
      sourceName: "News Example",
      story: { headline: "Harbour reopens after storm" },
    });
    expect(await store.storyBySlug("harbour-reopens")).toBeUndefined();

    // The desk has one first; the wire's copy, with another link, has the same words a day later.
    const words = { headline: "Council approves sea wall", opening: "The council voted 9 to 2 for the wall." };
    await ingester.ingest(DESK, [
      {
        identity: "813",
        story: testStory({ slug: "council-approves-sea-wall", datePublished: "2026-12-09T10:00:00Z", ...words }),
        link: "https://news.example/2026/12/sea-wall",
      },
    ]);
    const wire = await ingester.ingest(WIRE, [
      {
        identity: "urn:wire:harbour",
        story: testStory({
          slug: "harbour-reopens-wire",
          headline: "Harbour reopens",
          datePublished: "2026-12-09T07:00:00Z",
        }),
        link: "https://www.news.example/2026/12/harbour-reopens/?utm_source=wire",
      },
      {
        identity: "urn:wire:wall",
        story: testStory({ slug: "sea-wall-approved", datePublished: "2026-12-10T09:00:00Z", ...words }),
        link: "https://wire.example/stories/wall",
      },
    ]);
    expect(wire).toMatchObject({ unchanged: 1, copies: 1, added: 0 });
    expect((await store.storyBySlug("council-approves-sea-wall"))?.source).toBe(DESK.key);
    expect(await store.countStories()).toBe(2);
  });

  it("stores each story once when two instances keep the same batches at once", async () => {
    const other = await open();
    const batch = range(0, 40).map((n) => item(n, { slug: n % 4 === 0 ? "same-title" : `story-${n}` }));
    const shared = range(100, 110).map((n) => item(n));
    const wireCopies = shared.map((desk) => ({ ...desk, identity: `urn:wire:${desk.identity}` }));
    await Promise.all([
      ingesterFor(store).ingest(DESK, batch),
      ingesterFor(other).ingest(DESK, batch),
      ingesterFor(store).ingest(WIRE, wireCopies),
      ingesterFor(other).ingest(DESK, shared),
    ]);
    expect(await store.countStories()).toBe(50);
    const listed = await slugs();
    expect(new Set(listed).size).toBe(50);
    expect(listed.filter((slug) => slug.startsWith("same-title")).sort()).toEqual(
      [
        "same-title",
        "same-title-2",
        "same-title-3",
        "same-title-4",
        "same-title-5",
        "same-title-6",
        "same-title-7",
        "same-title-8",
        "same-title-9",
        "same-title-10",
      ].sort(),
    );
    for (const n of [100, 105, 109]) expect((await store.storyBySlug(`story-${n}`))?.source).toBe(DESK.key);
  });

  it("leaves a taken-down story out of lists until it is restored, and a revision does not bring it back", async () => {
    const ingester = ingesterFor(store);
    await ingester.ingest(
      DESK,
      range(0, 3).map((n) => item(n, { section: "World" })),
    );
    expect(await store.takeDown("story-2", { reason: "Libel complaint", by: "editor", now: new Date(clock) })).toBe(
      "taken-down",
    );
    await ingester.ingest(DESK, [item(2, { section: "World", headline: "Revised at the source" })]);
    expect(await slugs()).toEqual(["story-1", "story-0"]);
    expect((await store.relatedHeadlines("story-0", 5)).map((h) => h.slug)).toEqual(["story-1"]);
    expect((await store.storyBySlug("story-2"))?.takenDown?.reason).toBe("Libel complaint");
    expect(await store.restore("story-2")).toBe("restored");
    expect(await slugs()).toEqual(["story-2", "story-1", "story-0"]);
    expect((await store.storyBySlug("story-2"))?.story.headline).toBe("Revised at the source");
  });

  it("pages through the archive with cursors that stories arriving meanwhile do not shift", async () => {
    const ingester = ingesterFor(store);
    await ingester.ingest(
      DESK,
      range(0, 30).map((n) => item(n)),
    );
    const seen: string[] = [];
    let page = await store.headlines({ limit: 7 });
    for (let round = 0; ; round += 1) {
      seen.push(...page.headlines.map((headline) => headline.slug));
      if (!page.next) break;
      // New stories, newer and older than the page boundary's, arrive between pages.
      await ingester.ingest(DESK, [item(100 + round), item(-100 - round, { slug: `older-${round}` })]);
      page = await store.headlines({ limit: 7, before: page.next });
    }
    const olderArrivals = seen.filter((slug) => slug.startsWith("older-"));
    expect(seen.filter((slug) => !slug.startsWith("older-"))).toEqual(
      range(0, 30)
        .reverse()
        .map((n) => `story-${n}`),
    );
    expect(olderArrivals.length).toBeGreaterThan(0);
    expect(new Set(seen).size).toBe(seen.length);
  });
});
