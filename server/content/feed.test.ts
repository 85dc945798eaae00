import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildSnapshot } from "./snapshot.ts";
import { declaresEntities, detectFeed, mapFeed } from "./feed.ts";

function fixture(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");
}

function snapshot(name: string) {
  return buildSnapshot(mapFeed(fixture(name), { location: "https://feeds.example/feed" }), { now: () => 0 });
}

function only<T>(value: T | undefined): T {
  if (value === undefined) throw new Error("expected a value");
  return value;
}

describe("format detection", () => {
  it("tells RSS, Atom and JSON Feed apart by their content", () => {
    expect(detectFeed(fixture("rss.xml"))).toBe("rss");
    expect(detectFeed(fixture("atom.xml"))).toBe("atom");
    expect(detectFeed(fixture("feed.json"))).toBe("json-feed");
    expect(detectFeed("<html><body>Not a feed</body></html>")).toBeUndefined();
  });
});

describe("RSS 2.0", () => {
  const { stories, frontPage, rejected, notes } = snapshot("rss.xml");
  const mill = only(stories.get("tide-mill-grinds-again-flour-sells-out"));

  it("decodes the title once and takes the channel's language", () => {
    expect(mill.headline).toBe("Tide mill grinds again & flour sells out");
    expect(frontPage.language).toBe("en-GB");
    expect(mill.language).toBe("en-GB");
  });

  it("reads RFC 822 dates with offsets, full names and stray spaces", () => {
    expect(mill.datePublished).toBe("2026-11-20T09:30:00Z");
    expect(only(stories.get("quay-market-moves-indoors")).datePublished).toBe("2026-11-19T09:00:00Z");
    expect(only(stories.get("ferry-timetable-changes")).datePublished).toBe("2026-11-18T08:00:00Z");
  });

  it("takes dc:creator, the first category and the Media RSS image with its size and credit", () => {
    expect(mill.byline).toBe("Mara Quill");
    expect(mill.section).toBe("Heritage");
    expect(mill.image).toEqual({
      src: "https://img.gazette.example/mill-1200.jpg",
      width: 1200,
      height: 800,
      alt: "The mill wheel turning",
      caption: "The mill wheel turning",
      credit: "Gazette staff",
    });
  });

  it("uses content:encoded as the body, without the tracking pixel, script or handler, linking its own stories", () => {
    expect(mill.standfirst).toBe("The mill's first flour in 80 years.");
    expect(mill.body).toEqual([
      {
        type: "paragraph",
        html: 'The wheel turned at <em>dawn</em>. Read about the <a href="/articles/quay-market-moves-indoors">market</a>.',
      },
      { type: "paragraph", html: "Flour sold out by noon." },
    ]);
  });

  it("gives a summary-only item its trail text as the standfirst and one link to the original", () => {
    const market = only(stories.get("quay-market-moves-indoors"));
    expect(market.standfirst).toBe("Stalls move into the old fish hall for winter.");
    expect(market.body).toEqual([
      {
        type: "paragraph",
        html: 'Read the full story at <a href="https://gazette.example/2026/quay-market">gazette.example</a>',
      },
    ]);
  });

  it("relates items sharing a category, then neighbours", () => {
    expect(mill.related.map((headline) => headline.slug)).toEqual([
      "quay-market-moves-indoors",
      "ferry-timetable-changes",
      "an-item-with-no-date",
    ]);
  });

  it("dates an item with no date when it is first seen, and says so, instead of leaving it out", () => {
    expect(rejected).toEqual([]);
    expect(only(stories.get("an-item-with-no-date")).datePublished).toBe("1970-01-01T00:00:00Z");
    expect(notes).toEqual([
      {
        key: "undated https://gazette.example/2026/no-date",
        message:
          "https://gazette.example/2026/no-date has no date that can be read; it is dated 1970-01-01T00:00:00Z, when Dispatch first saw it",
      },
    ]);
  });
});

describe("Atom 1.0", () => {
  const { stories, frontPage } = snapshot("atom.xml");
  const bridge = only(stories.get("brucke-kai-wieder-offen"));

  it("reads an HTML title, xml:lang and RFC 3339 dates", () => {
    expect(bridge.headline).toBe("Brücke & Kai wieder offen");
    expect(frontPage.language).toBe("de-DE");
    expect(bridge.language).toBe("de-DE");
    expect(bridge.datePublished).toBe("2026-11-20T10:00:00Z");
    expect(bridge.dateModified).toBe("2026-11-20T11:00:00Z");
  });

  it("uses the content, the label of the category and the feed's author when an entry has none", () => {
    expect(bridge.body).toEqual([{ type: "paragraph", html: "Seit heute <strong>fahren</strong> wieder Autos." }]);
    expect(bridge.standfirst).toBe("Die Brücke ist offen.");
    expect(bridge.section).toBe("Lokales");
    expect(bridge.byline).toBe("Redaktion Hafenbote");
  });

  it("escapes a text summary, the standfirst of a summary-only entry, and takes the entry's own author", () => {
    const short = only(stories.get("nur-eine-zusammenfassung"));
    expect(short.byline).toBe("Lena Berg");
    expect(short.standfirst).toBe("Kurz <und> knapp.");
    expect(short.body).toEqual([
      {
        type: "paragraph",
        html: 'Read the full story at <a href="https://hafenbote.example/kurz">hafenbote.example</a>',
      },
    ]);
  });
});

describe("Atom 1.0 text constructs (RFC 4287 §3.1)", () => {
  const { stories } = snapshot("atom-xhtml.xml");
  const pilots = only(stories.get("pilots-tugs-agree-terms"));
  const tides = only(stories.get("tides-b-b-times"));
  const dredging = only(stories.get("dredging-resumes-silt-goes"));

  it("reads xhtml content as the body: the div's children through the same blocks, entities decoded once", () => {
    expect(pilots.body).toEqual([
      {
        type: "paragraph",
        html: "Talks ended at <em>midnight</em>; the sign on the door read &amp;lt;closed&amp;gt;.",
      },
      { type: "heading", text: "What \u201cagreed\u201d means" },
      { type: "paragraph", html: 'Pay rises <a href="/articles/tides-b-b-times">with the tide</a>.' },
      { type: "list", ordered: false, items: ["Night shifts", "Rest days"] },
      { type: "paragraph", html: "A chart: <br>end." },
      { type: "paragraph", html: "Rates &lt;b&gt;fixed&lt;/b&gt; &amp; final" },
    ]);
  });

  it("reads xhtml titles and summaries as text, with the summary as the standfirst beside xhtml content", () => {
    expect(pilots.headline).toBe("Pilots & tugs agree terms");
    expect(pilots.standfirst).toBe("The strike is off.");
  });

  it("keeps a text title's characters literally, even markup in CDATA, and decodes an html summary once", () => {
    expect(tides.headline).toBe("Tides <b>&</b> times");
    expect(tides.standfirst).toBe("High water at six & low at noon.");
  });

  it("reads an XHTML div under any prefix bound to the XHTML namespace", () => {
    expect(tides.body).toEqual([{ type: "paragraph", html: "Prefixed <em>XHTML</em> reads the same." }]);
  });

  it("uses an xhtml summary as the standfirst of a summary-only entry, and decodes an html title once", () => {
    expect(dredging.headline).toBe("Dredging resumes & silt goes");
    expect(dredging.standfirst).toBe("Only a summary here.");
    expect(dredging.body).toEqual([
      {
        type: "paragraph",
        html: 'Read the full story at <a href="https://ledger.example/dredging">ledger.example</a>',
      },
    ]);
  });
});

describe("JSON Feed 1.1", () => {
  const { stories, frontPage, rejected } = snapshot("feed.json");
  const lighthouse = only(stories.get("lighthouse-keepers-return"));

  it("resolves relative URLs against the home page and takes authors and language", () => {
    expect(frontPage.language).toBe("he");
    expect(lighthouse.byline).toBe("Dov Lev");
    expect(lighthouse.datePublished).toBe("2026-11-20T06:00:00Z");
    expect(lighthouse.image).toEqual({
      src: "https://notes.example/img/lamp.jpg",
      width: 900,
      height: 600,
      alt: "The lamp",
    });
    expect(lighthouse.section).toBe("Coast");
  });

  it("never takes the feed's icon for a story image, and turns content_text into paragraphs", () => {
    const seagrass = only(stories.get("seagrass-survey"));
    expect(seagrass.image).toBeUndefined();
    expect(seagrass.byline).toBe("The Notes desk");
    expect(seagrass.body).toEqual([
      { type: "paragraph", html: "Divers counted." },
      { type: "paragraph", html: "More than last year." },
    ]);
  });

  it("skips an item with no title, and dates one whose date cannot be read when it is first seen", () => {
    expect(rejected.map((entry) => entry.id)).toEqual(["item 4"]);
    expect(only(stories.get("bad-date")).datePublished).toBe("1970-01-01T00:00:00Z");
  });
});

describe("dates as real feeds write them", () => {
  it("yields every item of a JSON Feed whose dates have a space, no zone or an RFC 822 form", () => {
    const { stories, rejected, notes } = snapshot("dates.json");
    expect(rejected).toEqual([]);
    expect(Object.fromEntries([...stories.values()].map((story) => [story.slug, story.datePublished]))).toEqual({
      "a-space-and-no-zone": "2022-07-26T13:01:01Z",
      "no-zone": "2022-07-25T08:00:00Z",
      "an-rss-date-in-json": "2022-07-24T16:30:00Z",
      "only-modified": "2022-07-23T08:00:00Z",
      "no-date-at-all": "1970-01-01T00:00:00Z",
    });
    // Read as UTC and said once for the whole source; the undated item is dated when first seen, and said.
    expect(notes).toEqual([
      {
        key: "dates without a zone",
        message: 'dates without a time zone (such as "2022-07-26 13:01:01") are read as UTC',
      },
      {
        key: "undated 4",
        message: "4 has no date that can be read; it is dated 1970-01-01T00:00:00Z, when Dispatch first saw it",
      },
    ]);
  });

  it("reads RFC 822 dates with US, European, universal and military zones", () => {
    const { stories, notes } = snapshot("dates.xml");
    expect(Object.fromEntries([...stories.values()].map((story) => [story.slug, story.datePublished]))).toEqual({
      eastern: "2026-07-20T13:00:00Z",
      "pacific-daylight": "2026-07-20T15:00:00Z",
      universal: "2026-07-20T08:00:00Z",
      "zero-offset": "2026-07-20T08:00:00Z",
      military: "2026-07-20T08:00:00Z",
      "a-letter-zone": "2026-07-20T08:00:00Z",
      "central-european-summer": "2026-07-20T06:00:00Z",
      "in-dc-date": "2026-07-20T08:00:00Z",
    });
    expect(notes.map((note) => note.key)).toEqual(["dates without a zone"]);
  });
});

describe("hostile feeds", () => {
  it("reads a security blog's items that quote an XXE example in CDATA or escaped, as text", () => {
    const { stories } = snapshot("security-blog.xml");
    expect([...stories.keys()]).toEqual(["xxe-in-the-parcel-tracker", "billion-laughs-explained"]);
    expect(only(stories.get("billion-laughs-explained")).standfirst).toBe(
      'The classic entity bomb starts <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]> and grows from there.',
    );
    expect(only(stories.get("xxe-in-the-parcel-tracker")).body.at(-1)).toEqual({
      type: "paragraph",
      html: "Turn off external entities.",
    });
    const atom = snapshot("security-blog-atom.xml");
    expect(only(atom.stories.get("the-same-escaped")).body).toEqual([
      {
        type: "paragraph",
        html: "&lt;!DOCTYPE parcel [&lt;!ENTITY xxe SYSTEM &quot;file:///etc/passwd&quot;&gt;]&gt;",
      },
    ]);
    expect(atom.stories.size).toBe(2);
  });

  it("refuses only the feed's own document type declaration with entities, wherever the markup puts it", () => {
    expect(declaresEntities(fixture("security-blog.xml"))).toBe(false);
    expect(declaresEntities('<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY a "b">\n]><rss/>')).toBe(true);
    expect(declaresEntities("<rss><channel><!DOCTYPE x [<!ENTITY a 'b'>]></channel></rss>")).toBe(true);
    expect(declaresEntities("<rss><channel><!ENTITY a 'b'></channel></rss>")).toBe(true);
    // RSS 0.91's public DTD declares nothing here, and is never fetched.
    const rss091 =
      '<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd"><rss version="0.91"><channel><link>https://old.example/</link><item><title>Old</title><link>https://old.example/1</link><description>Still read.</description></item></channel></rss>';
    expect(declaresEntities(rss091)).toBe(false);
    expect(mapFeed(rss091, { location: "https://old.example/rss" }).items).toHaveLength(1);
  });

  it("refuses an XML entity-expansion bomb before parsing", () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><rss><channel><item><title>&c;</title></item></channel></rss>`;
    expect(() => mapFeed(bomb, { location: "https://feeds.example/" })).toThrow(/entities/);
  });

  it("explains malformed XML and JSON", () => {
    expect(() =>
      mapFeed("<rss><channel><item><title>x</item></channel></rss>", { location: "https://f.example/" }),
    ).toThrow(/not well-formed XML/);
    expect(() =>
      mapFeed('{"version": "https://jsonfeed.org/version/1.1", "items": [', { location: "https://f.example/" }),
    ).toThrow(/not valid JSON/);
    expect(() => mapFeed('{"items": []}', { location: "https://f.example/" })).toThrow(/not a JSON Feed/);
    expect(() => mapFeed("just text", { location: "https://f.example/" })).toThrow(/neither RSS, Atom nor JSON Feed/);
  });

  it("keeps the newest 500 of 10,000 items, quickly enough to serve", () => {
    const items = Array.from(
      { length: 10_000 },
      (_, index) =>
        `<item><title>Story ${index}</title><guid>g-${index}</guid><pubDate>${new Date(Date.UTC(2026, 0, 1) + index * 60_000).toUTCString()}</pubDate><description>Text ${index}</description><category>C${index % 7}</category></item>`,
    ).join("");
    const feed = `<rss version="2.0"><channel><link>https://big.example/</link>${items}</channel></rss>`;
    const { stories, frontPage } = buildSnapshot(mapFeed(feed, { location: "https://big.example/feed" }));
    expect(stories.size).toBe(500);
    expect(frontPage.headlines).toHaveLength(200);
    expect(frontPage.headlines[0]?.headline).toBe("Story 9999");
  });
});
