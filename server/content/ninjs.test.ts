import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildSnapshot } from "./snapshot.ts";
import { mapNinjs, ninjsVersion, wholeStandfirst } from "./ninjs.ts";

const folder = new URL("./fixtures/ninjs-drop/", import.meta.url);
function item(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(name, folder), "utf8"));
}

const strike = item("0001-port-strike.json");
const rail = item("0002-rail.json");
const { stories, rejected } = buildSnapshot(mapNinjs([strike, rail], { siteUrl: "https://wire.example/" }));

function story(slug: string) {
  const found = stories.get(slug);
  if (!found) throw new Error(`no story ${slug}`);
  return found;
}

describe("ninjs", () => {
  it("detects 2.x and 3.x", () => {
    expect(ninjsVersion(strike)).toBe("2");
    expect(ninjsVersion(rail)).toBe("3");
  });

  it("reads the detected version's spelling first when an item carries both", () => {
    const both = { ...strike, copyrightnotice: "2.x notice", copyrightNotice: "3.x notice" };
    const as2 = mapNinjs({ ...both, standard: { name: "ninjs", version: "2.1" } }, { siteUrl: "https://wire.example/" })
      .items[0];
    const as3 = mapNinjs({ ...both, standard: { name: "ninjs", version: "3.0" } }, { siteUrl: "https://wire.example/" })
      .items[0];
    expect(as2?.copyright).toBe("2.x notice");
    expect(as3?.copyright).toBe("3.x notice");
  });

  it("maps a 2.x wire story's dateline, source, copyright and distribution", () => {
    const wire = story("dockworkers-walk-out-over-night-shifts");
    expect(wire).toMatchObject({
      headline: "Dockworkers walk out over night shifts",
      language: "en-US",
      standfirst: "Talks broke down late on Thursday.",
      datePublished: "2026-11-20T08:00:00Z",
      dateModified: "2026-11-20T10:30:00Z",
      byline: "Sam Ortiz",
      dateline: "BALTIMORE",
      source: "Tribune News Service",
      copyright: "©2026 Tribune Content Agency, LLC.",
      distribution: "Distributed by Tribune Content Agency, LLC.",
      section: "Labour",
    });
    expect(wire.body).toEqual([
      { type: "paragraph", html: "Dockworkers at the container port stopped work at midnight." },
      { type: "paragraph", html: "“We want daylight,” a steward said." },
    ]);
  });

  it("takes a screen-sized rendition of the picture, not the print original", () => {
    expect(story("dockworkers-walk-out-over-night-shifts").image).toEqual({
      src: "https://media.wire.example/cranes-1600.jpg",
      width: 1600,
      height: 1067,
      alt: "Cranes idle at dawn",
      caption: "Cranes idle at dawn",
      credit: "Lee Park",
    });
  });

  it("reads 3.x's camelCase fields, arrays of headlines, bodies and renditions", () => {
    expect(story("rail-freight-picks-up-the-slack")).toMatchObject({
      standfirst: "Trains carry what trucks cannot.",
      dateline: "CHICAGO",
      source: "Wire Example",
      copyright: "©2026 Wire Example",
      distribution: "For subscribers only.",
      image: { src: "https://media.wire.example/train-1200.jpg", width: 1200, height: 800, alt: "A freight train" },
      body: [{ type: "paragraph", html: "Freight trains ran double shifts." }],
    });
  });

  it("relates items sharing a subject", () => {
    expect(story("rail-freight-picks-up-the-slack").related.map((headline) => headline.slug)).toEqual([
      "dockworkers-walk-out-over-night-shifts",
    ]);
    expect(rejected).toEqual([]);
  });

  it("accepts an array, { items } and a single item, and explains items that are not stories", () => {
    expect(mapNinjs({ items: [strike] }, { siteUrl: "https://wire.example/" }).items).toHaveLength(1);
    expect(mapNinjs(strike, { siteUrl: "https://wire.example/" }).items).toHaveLength(1);
    const photo = mapNinjs([item("0004-photo.json")], { siteUrl: "https://wire.example/" });
    expect(photo.rejected).toEqual([
      { id: "urn:wire.example:photo", reason: "it has no text and no rendition to show" },
    ]);
    const event = mapNinjs([{ uri: "urn:x", type: "event", headline: "A diary date" }], {
      siteUrl: "https://wire.example/",
    });
    expect(event.rejected).toEqual([{ id: "item 1", reason: "it is not a story item (type event)" }]);
  });
});

function itemsIn(name: string): Record<string, unknown>[] {
  const dir = new URL(`./fixtures/${name}/`, import.meta.url);
  return readdirSync(dir)
    .sort()
    .map((file) => JSON.parse(readFileSync(new URL(file, dir), "utf8")));
}

describe("one uri, one story", () => {
  const versions = itemsIn("ninjs-versions");
  const document = mapNinjs(versions, { siteUrl: "https://wire.example/" });
  const snapshot = buildSnapshot(document);

  it("keeps the newest version of an item sent as ninjs 2.1 and then 3.0, whichever comes first", () => {
    expect([...snapshot.stories.keys()]).toEqual(["elfarjan-satts-i-trafik-i-morgon"]);
    expect(buildSnapshot(mapNinjs([...versions].reverse(), { siteUrl: "https://wire.example/" })).origins).toEqual(
      snapshot.origins,
    );
    expect(document.notes).toEqual([
      {
        key: "older version http://wire.example/text/20261120-farja-b1c2",
        message:
          "http://wire.example/text/20261120-farja-b1c2 comes in more than one version: the one of 2026-11-20T10:30:00Z is shown, not the one of 2026-11-20T09:00:00Z",
      },
    ]);
  });

  it("relates a story to others, never to itself", () => {
    const story = snapshot.stories.get("elfarjan-satts-i-trafik-i-morgon");
    expect(story?.related).toEqual([]);
  });
});

describe("the top of a wire body", () => {
  const [older, newer] = itemsIn("ninjs-versions");
  const story = (item: Record<string, unknown> | undefined) => {
    const snapshot = buildSnapshot(mapNinjs(item, { siteUrl: "https://wire.example/" }));
    const [only] = snapshot.stories.values();
    if (!only) throw new Error("expected a story");
    return { story: only, dropped: snapshot.dropped.get(only.slug) };
  };

  it("drops lines that repeat the headline, slugline, byline or agency, even glued together", () => {
    expect(story(newer).story.body).toEqual([
      {
        type: "paragraph",
        html: "Den nya elfärjan börjar gå mellan ön och fastlandet i morgon bitti, en vecka senare än planerat.",
      },
      { type: "paragraph", html: "Rederiet räknar med att halvera utsläppen på sträckan." },
    ]);
    expect(story(newer).dropped).toEqual({ "repeated label": 2 });
    expect(story(older).story.body).toEqual([
      { type: "paragraph", html: "Rederiet räknar med att halvera utsläppen på sträckan." },
    ]);
    expect(story(older).dropped).toEqual({ "repeated label": 3, "repeated standfirst": 1 });
  });

  it("cuts a description the agency cut mid-sentence back to its last sentence, or its last whole word", () => {
    expect(story(older).story.standfirst).toBe("Den nya elfärjan börjar gå mellan ön och fastlandet i morgon.");
    // Cut at a word, it is the body's opening cut short: the front page shows it, the story page does not.
    const newest = buildSnapshot(mapNinjs(newer, { siteUrl: "https://wire.example/" }));
    expect(newest.frontPage.headlines[0]?.standfirst).toBe(
      "Den nya elfärjan börjar gå mellan ön och fastlandet i morgon bitti, en vecka senare än…",
    );
    expect(story(newer).story.standfirst).toBeUndefined();
    expect(wholeStandfirst("A complete teaser without a full stop", "A body that says something else.")).toBe(
      "A complete teaser without a full stop",
    );
    expect(wholeStandfirst("Rates rise. Traders expect more ris", "Rates rise. Traders expect more rises soon.")).toBe(
      "Rates rise.",
    );
  });
});

describe("wire pictures and video", () => {
  const snapshot = buildSnapshot(mapNinjs(itemsIn("ninjs-media"), { siteUrl: "https://wire.example/" }));
  const story = (slug: string) => {
    const found = snapshot.stories.get(slug);
    if (!found) throw new Error(`no story ${slug}`);
    return found;
  };

  it("makes a video item a story: its description the standfirst, its renditions one media block", () => {
    const launch = story("the-new-lifeboat-is-launched");
    expect(launch.standfirst).toBe("Crowds lined the slipway as the lifeboat touched the water.");
    expect(launch.image).toBeUndefined();
    expect(launch.body).toEqual([
      {
        type: "media",
        kind: "video",
        sources: [
          { src: "https://media.wire.example/launch-1280.mp4", type: "video/mp4" },
          { src: "https://media.wire.example/launch-640.mp4", type: "video/mp4" },
        ],
        poster: { src: "https://media.wire.example/launch-still.jpg", width: 1280, height: 720, alt: "" },
        duration: 74,
        captions: [{ src: "https://media.wire.example/launch-en.vtt", language: "en-GB" }],
      },
    ]);
    // The front page shows its poster.
    expect(snapshot.frontPage.headlines.find((headline) => headline.slug === launch.slug)?.image?.src).toBe(
      "https://media.wire.example/launch-still.jpg",
    );
  });

  it("makes a picture item a story whose body is the picture, screen-sized and credited", () => {
    const gulls = story("gulls-over-the-harbour");
    expect(gulls.standfirst).toBe("Herring gulls follow a trawler into the harbour at first light.");
    expect(gulls.image).toBeUndefined();
    expect(gulls.body).toEqual([
      {
        type: "image",
        image: {
          src: "https://media.wire.example/gulls-1600.jpg",
          width: 1600,
          height: 1067,
          alt: "",
          credit: "Sam Ortiz",
        },
      },
    ]);
  });

  it("leads a text story with its associated video", () => {
    expect(story("lifeboat-crew-trains-for-winter").body).toEqual([
      {
        type: "media",
        kind: "video",
        sources: [{ src: "https://media.wire.example/crew.webm", type: "video/webm" }],
        title: "The crew at sea",
        captions: [],
      },
      { type: "paragraph", html: "The crew train on Tuesdays and Saturdays, whatever the weather." },
    ]);
  });
});
