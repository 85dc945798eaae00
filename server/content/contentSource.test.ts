import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readConfig } from "../config.ts";
import { createContentSource, parseSourceSetting } from "./contentSource.ts";
import type { ContentSource } from "./contentSource.ts";
import { createFetcher } from "./fetcher.ts";
import { startFakeSite } from "../testing/sources.ts";
import type { FakeSite } from "../testing/sources.ts";

let site: FakeSite;
let source: ContentSource | undefined;
let logs: string[];

beforeEach(async () => {
  site = await startFakeSite();
  logs = [];
});
afterEach(async () => {
  source?.stop();
  source = undefined;
  await site.close();
});

function wordpress(options: { timeoutMs?: number; maxBytes?: number } = {}): ContentSource {
  source = createContentSource(
    { kind: "wordpress", location: site.url },
    { log: (line) => logs.push(line), ...options },
  );
  return source;
}

function postRequests(): number {
  return site.requests.filter((request) => request.path.includes("wp/v2/posts")).length;
}

describe("CONTENT_SOURCE", () => {
  it("is read from the environment, with its refresh interval", () => {
    const config = readConfig({ CONTENT_SOURCE: "wordpress:https://news.example", CONTENT_REFRESH_SECONDS: "30" });
    expect(config.contentSource).toEqual({ kind: "wordpress", location: "https://news.example" });
    expect(config.contentRefreshSeconds).toBe(30);
    expect(readConfig({}).contentSource).toBeUndefined();
    expect(readConfig({}).contentRefreshSeconds).toBe(60);
  });

  it("accepts the three kinds, URLs and paths, and explains anything else", () => {
    expect(parseSourceSetting("feed:./feeds/local.xml")).toEqual({ kind: "feed", location: "./feeds/local.xml" });
    expect(parseSourceSetting("ninjs:https://wire.example/items")).toEqual({
      kind: "ninjs",
      location: "https://wire.example/items",
    });
    expect(() => parseSourceSetting("rss:https://x.example")).toThrow(/CONTENT_SOURCE must be/);
    expect(() => parseSourceSetting("wordpress:./folder")).toThrow(/needs an http\(s\) URL/);
    expect(() => readConfig({ CONTENT_REFRESH_SECONDS: "0" })).toThrow(/CONTENT_REFRESH_SECONDS/);
  });
});

describe("a WordPress site as the content source", () => {
  it("serves its posts as contract documents, with the language of the REST index", async () => {
    const content = wordpress();
    expect(content.isReady()).toBe(false);
    const front = await content.frontPage();
    expect(content.isReady()).toBe(true);
    expect(front?.language).toBe("en-GB");
    expect(front?.headlines.map((headline) => headline.slug)).toEqual([
      "coast-story-1",
      "coast-story-2",
      "coast-story-3",
      "coast-story-4",
    ]);
    const story = await content.story("coast-story-1");
    if (story === undefined || story === "missing") throw new Error("expected a story");
    expect(story.headline).toBe("Coast story 1 – the harbour’s week");
    expect(story.byline).toBe("Ana Field");
    expect(await content.story("no-such-story")).toBe("missing");
    expect(content.imageOrigins()).toEqual([site.url]);
  });

  it("reads the size of a body image the site gives none for, once, and drops scripts and handlers", async () => {
    const story = await wordpress().story("coast-story-1");
    if (story === undefined || story === "missing") throw new Error("expected a story");
    expect(story.body).toEqual([
      { type: "paragraph", html: "The first paragraph of story 1, with <em>emphasis</em>." },
      {
        type: "image",
        image: {
          src: `${site.url}/media/keepers-cottage-1200.jpg`,
          width: 1200,
          height: 800,
          alt: "A picture with no size given",
        },
      },
      { type: "paragraph", html: 'The second paragraph. <a href="/articles/coast-story-2">The next story</a>.' },
    ]);
    const probes = () => site.requests.filter((request) => request.path === "/media/keepers-cottage-1200.jpg");
    expect(probes()).toHaveLength(1);
    expect(probes()[0]?.headers.range).toBe("bytes=0-131071");
    await source?.refresh();
    expect(probes()).toHaveLength(1);
  });

  it("asks again with If-None-Match and reuses its copy on 304", async () => {
    const content = wordpress();
    await content.refresh();
    await content.refresh();
    const posts = site.requests.filter((request) => request.path.includes("wp/v2/posts"));
    expect(posts).toHaveLength(2);
    expect(posts[0]?.headers["if-none-match"]).toBeUndefined();
    expect(posts[1]?.headers["if-none-match"]).toMatch(/^"\d+-[0-9a-f]+"$/);
    expect((await content.frontPage())?.headlines).toHaveLength(4);
  });

  it("shows a new post after the next refresh", async () => {
    const content = wordpress();
    await content.refresh();
    site.posts = [
      {
        ...(site.posts[0] as object),
        id: 900,
        slug: "breaking-news",
        date_gmt: "2026-11-21T09:00:00",
        title: { rendered: "Breaking news" },
      },
      ...site.posts,
    ];
    await content.refresh();
    expect((await content.frontPage())?.headlines[0]?.slug).toBe("breaking-news");
  });

  it("never has two requests to the same URL in flight: concurrent readers share one", async () => {
    const content = wordpress();
    const release = site.hold();
    const readers = Promise.all([
      content.frontPage(),
      content.story("coast-story-1"),
      content.refresh(),
      content.frontPage(),
    ]);
    // Wait until the single request has reached the site, then let it answer.
    while (postRequests() === 0) await new Promise((done) => setTimeout(done, 5));
    release();
    const [front] = await readers;
    expect(front?.headlines).toHaveLength(4);
    expect(postRequests()).toBe(1);
  });

  it("falls back to ?rest_route= for a site without pretty permalinks", async () => {
    const posts = site.posts;
    site.routes.set("/wp-json/wp/v2/posts", (_request, response) => response.writeHead(404).end("<html>404</html>"));
    site.routes.set("/", (request, response) => {
      const route = new URL(request.url ?? "/", site.url).searchParams.get("rest_route");
      if (route === "/wp/v2/posts")
        response.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(posts));
      else response.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ name: "Coast" }));
    });
    const front = await wordpress().frontPage();
    expect(front?.headlines).toHaveLength(4);
    expect(site.requests.some((request) => request.path.startsWith("/?rest_route=/wp/v2/posts&"))).toBe(true);
  });
});

describe("outages and hostile answers", () => {
  it("keeps serving the last good copy when the site goes down or answers garbage, and says how old it is", async () => {
    const content = wordpress();
    await content.refresh();
    site.mode = "down";
    await content.refresh();
    expect(logs.at(-1)).toMatch(/answered 503\. Serving the last good copy, \d+ s old\./);
    site.mode = "garbage";
    await content.refresh();
    expect(logs.at(-1)).toMatch(/is not valid JSON.*Serving the last good copy/);
    expect((await content.frontPage())?.headlines).toHaveLength(4);
    expect(content.isReady()).toBe(true);
  });

  it("has nothing to serve, and says so, when the site never answered", async () => {
    site.mode = "down";
    const content = wordpress();
    expect(await content.frontPage()).toBeUndefined();
    expect(await content.story("coast-story-1")).toBeUndefined();
    expect(content.isReady()).toBe(false);
    expect(logs.at(-1)).toMatch(/Nothing has been fetched yet/);
  });

  it("gives up on a slow site after its time limit", async () => {
    site.mode = "hang";
    const content = wordpress({ timeoutMs: 200 });
    expect(await content.frontPage()).toBeUndefined();
    expect(logs.at(-1)).toMatch(/no answer within 200 ms/);
  });

  it("refuses a 100 MB answer at the 10 MB limit without buffering it", async () => {
    let written = 0;
    site.routes.set("/feed", (_request, response) => {
      response.writeHead(200, { "Content-Type": "application/rss+xml" });
      const chunk = Buffer.alloc(64 * 1024, "a");
      const pump = () => {
        while (written < 100 * 1024 * 1024) {
          written += chunk.length;
          if (!response.write(chunk)) return void response.once("drain", pump);
        }
        response.end();
      };
      response.on("close", () => {
        written = Math.min(written, 100 * 1024 * 1024);
      });
      pump();
    });
    source = createContentSource({ kind: "feed", location: `${site.url}/feed` }, { log: (line) => logs.push(line) });
    expect(await source.frontPage()).toBeUndefined();
    expect(logs.at(-1)).toMatch(/larger than 10 MB, refused/);
    expect(written).toBeLessThan(100 * 1024 * 1024);
  });

  it("refuses an answer whose Content-Length is over the limit before reading it", async () => {
    const fetcher = createFetcher({ maxBytes: 1000 });
    site.routes.set("/big", (_request, response) => {
      response.writeHead(200, { "Content-Length": "5000" }).end("x".repeat(5000));
    });
    await expect(fetcher(`${site.url}/big`)).rejects.toThrow(/larger than/);
  });

  it("explains an entity bomb and malformed XML served as a feed, and no crash follows", async () => {
    site.routes.set("/feed", (_request, response) => {
      response
        .writeHead(200, { "Content-Type": "application/rss+xml" })
        .end(
          '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><rss><channel><title>&b;</title></channel></rss>',
        );
    });
    source = createContentSource({ kind: "feed", location: `${site.url}/feed` }, { log: (line) => logs.push(line) });
    expect(await source.frontPage()).toBeUndefined();
    expect(logs.at(-1)).toMatch(/declares XML entities/);
  });
});

describe("files and folders as the content source", () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), "dispatch-source-"));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it("reads a feed file, the format detected from its content", async () => {
    const file = join(folder, "feed.xml");
    writeFileSync(file, readFileSync(new URL("./fixtures/atom.xml", import.meta.url)));
    source = createContentSource({ kind: "feed", location: file }, { log: (line) => logs.push(line) });
    expect((await source.frontPage())?.language).toBe("de-DE");
  });

  it("reads a feed file in the encoding its XML declaration or byte order mark names", async () => {
    const rss = (declaration: string) =>
      `${declaration}<rss version="2.0"><channel><link>https://kai.example/</link><item><title>Caf\u00e9 am Kai \u00f6ffnet</title><guid>1</guid><pubDate>Fri, 20 Nov 2026 10:30:00 GMT</pubDate><description>Text.</description></item></channel></rss>`;
    const files = {
      "latin1.xml": Buffer.from(rss('<?xml version="1.0" encoding="ISO-8859-1"?>'), "latin1"),
      "utf16.xml": Buffer.concat([
        Buffer.from([0xff, 0xfe]),
        Buffer.from(rss('<?xml version="1.0" encoding="UTF-16"?>'), "utf16le"),
      ]),
    };
    for (const [name, bytes] of Object.entries(files)) {
      const file = join(folder, name);
      writeFileSync(file, bytes);
      const content = createContentSource({ kind: "feed", location: file }, { log: (line) => logs.push(line) });
      expect((await content.frontPage())?.headlines[0]?.headline).toBe("Caf\u00e9 am Kai \u00f6ffnet");
      content.stop();
    }
  });

  it("reads a ninjs drop folder, logging a broken file and serving the rest", async () => {
    for (const name of ["0001-port-strike.json", "0002-rail.json"]) {
      writeFileSync(join(folder, name), readFileSync(new URL(`./fixtures/ninjs-drop/${name}`, import.meta.url)));
    }
    writeFileSync(join(folder, "0003-broken.json"), '{ "headline": "cut off');
    source = createContentSource({ kind: "ninjs", location: folder }, { log: (line) => logs.push(line) });
    expect((await source.frontPage())?.headlines).toHaveLength(2);
    expect(logs.join("\n")).toMatch(/left out 0003-broken\.json: 0003-broken\.json is not valid JSON/);
    await source.refresh();
    expect(logs.filter((line) => line.includes("0003-broken.json"))).toHaveLength(1);
  });
});

describe("notes and first-seen dates", () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), "dispatch-source-"));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it("logs zoneless dates once per source and dates an undated item when first seen, keeping that date", async () => {
    const file = join(folder, "feed.json");
    writeFileSync(file, readFileSync(new URL("./fixtures/dates.json", import.meta.url)));
    let clock = Date.parse("2026-11-20T08:00:00Z");
    source = createContentSource(
      { kind: "feed", location: file },
      { log: (line) => logs.push(line), now: () => clock },
    );
    const undated = async () => {
      const story = await source?.story("no-date-at-all");
      return story === undefined || story === "missing" ? undefined : story.datePublished;
    };
    expect(await undated()).toBe("2026-11-20T08:00:00Z");
    clock += 3_600_000;
    await source.refresh();
    expect(await undated()).toBe("2026-11-20T08:00:00Z");
    expect(logs).toEqual([
      `Content source feed:${file}: dates without a time zone (such as "2022-07-26 13:01:01") are read as UTC.`,
      `Content source feed:${file}: 4 has no date that can be read; it is dated 2026-11-20T08:00:00Z, when Dispatch first saw it.`,
    ]);
  });
});

describe("character sets", () => {
  it("reads an ISO-8859-1 feed by its XML declaration or its Content-Type", async () => {
    const feed = (declared: string) =>
      Buffer.concat([
        Buffer.from(
          `<?xml version="1.0" encoding="${declared}"?><rss version="2.0"><channel><link>${site.url}/</link><item><title>`,
        ),
        Buffer.from("Caf\u00e9 r\u00e9ouvert", "latin1"),
        Buffer.from(
          "</title><guid>1</guid><pubDate>Fri, 20 Nov 2026 10:30:00 GMT</pubDate><description>Texte.</description></item></channel></rss>",
        ),
      ]);
    site.routes.set("/latin1.xml", (_request, response) => {
      response.writeHead(200, { "Content-Type": "application/rss+xml" }).end(feed("ISO-8859-1"));
    });
    site.routes.set("/header.xml", (_request, response) => {
      response.writeHead(200, { "Content-Type": "text/xml; charset=iso-8859-1" }).end(feed("ISO-8859-1"));
    });
    for (const path of ["/latin1.xml", "/header.xml"]) {
      const content = createContentSource(
        { kind: "feed", location: `${site.url}${path}` },
        { log: (line) => logs.push(line) },
      );
      expect((await content.frontPage())?.headlines[0]?.headline).toBe("Café réouvert");
      content.stop();
    }
  });

  it("explains bytes that are not the text they claim to be", async () => {
    site.routes.set("/bad.json", (_request, response) => {
      response
        .writeHead(200, { "Content-Type": "application/json; charset=utf-8" })
        .end(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]));
    });
    await expect(createFetcher()(`${site.url}/bad.json`)).rejects.toThrow(/did not send readable utf-8 text/);
  });
});

describe("ninjs at a URL", () => {
  it("reads { items: [...] } from an agency's endpoint", async () => {
    const items = ["0001-port-strike.json", "0002-rail.json"].map((name) =>
      JSON.parse(readFileSync(new URL(`./fixtures/ninjs-drop/${name}`, import.meta.url), "utf8")),
    );
    site.routes.set("/items", (_request, response) => {
      response.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ items }));
    });
    source = createContentSource({ kind: "ninjs", location: `${site.url}/items` }, { log: (line) => logs.push(line) });
    const story = await source.story("dockworkers-walk-out-over-night-shifts");
    if (story === undefined || story === "missing") throw new Error("expected a story");
    expect(story.dateline).toBe("BALTIMORE");
    expect((await source.frontPage())?.headlines).toHaveLength(2);
  });
});
