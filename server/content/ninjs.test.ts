import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildSnapshot } from "./snapshot.ts";
import { mapNinjs, ninjsVersion } from "./ninjs.ts";

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
