import { describe, expect, it } from "vitest";
import { story as storyFixture } from "../../contract/testing/fixtures.ts";
import { composePage, fillShell, frontHead, storyHead } from "./pageHead.ts";

const site = { url: "https://dispatch.example", mediaOrigin: "https://api.example" };
const story = storyFixture({
  slug: "ferry-order",
  headline: 'Ferry firm orders "three" <boats>',
  standfirst: "Battery ferries for the crossing.",
  datePublished: "2026-11-19T15:30:00Z",
  dateModified: "2026-11-19T18:00:00Z",
  dateline: "SALTMERE",
  byline: "Oren Talbot",
  image: { src: "/media/ferry-1200.jpg", width: 1200, height: 800, alt: "A ferry" },
});

function jsonLd(head: string): Record<string, unknown> {
  const match = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(head);
  return JSON.parse(match?.[1] ?? "null");
}

describe("storyHead", () => {
  const head = storyHead(story, site);

  it("names the page and describes it with the standfirst, escaping what it quotes", () => {
    expect(head).toContain("<title>Ferry firm orders &quot;three&quot; &lt;boats&gt; — Dispatch</title>");
    expect(head).toContain('<meta name="description" content="Battery ferries for the crossing." />');
    expect(head).toContain('<link rel="canonical" href="https://dispatch.example/articles/ferry-order" />');
  });

  it("gives social previews the headline and the hero image on the API's origin", () => {
    expect(head).toContain('<meta property="og:type" content="article" />');
    expect(head).toContain('<meta property="og:image" content="https://api.example/media/ferry-1200.jpg" />');
    expect(head).toContain('<meta name="twitter:card" content="summary_large_image" />');
  });

  it("describes the story as a schema.org NewsArticle", () => {
    expect(jsonLd(head)).toMatchObject({
      "@type": "NewsArticle",
      headline: story.headline,
      image: ["https://api.example/media/ferry-1200.jpg"],
      datePublished: "2026-11-19T15:30:00Z",
      dateModified: "2026-11-19T18:00:00Z",
      dateline: "SALTMERE",
      author: [{ "@type": "Person", name: "Oren Talbot" }],
      publisher: { "@type": "Organization", name: "Dispatch" },
    });
  });

  it("cannot be broken out of by a headline that closes the script", () => {
    const hostile = storyHead({ ...story, headline: "</script><script>alert(1)</script>" }, site);
    expect(hostile.match(/<script/g)).toHaveLength(1);
    expect(jsonLd(hostile).headline).toBe("</script><script>alert(1)</script>");
  });

  it("uses a small card for a story with no image", () => {
    const head = storyHead({ ...story, image: undefined }, site);
    expect(head).toContain('<meta name="twitter:card" content="summary" />');
    expect(head).not.toContain("og:image");
  });
});

describe("frontHead", () => {
  it("describes the front page with the first headline image", () => {
    const head = frontHead(
      {
        updated: "2026-11-20T00:00:00Z",
        headlines: [
          { slug: "a", headline: "A", datePublished: "2026-11-20T00:00:00Z" },
          { slug: "b", headline: "B", datePublished: "2026-11-19T00:00:00Z", image: story.image },
        ],
      },
      site,
    );
    expect(head).toContain("<title>Dispatch</title>");
    expect(head).toContain('<meta property="og:image" content="https://api.example/media/ferry-1200.jpg" />');
  });
});

describe("composePage", () => {
  const shell =
    '<!doctype html><html lang="en"><head><!--dispatch-head--><!--/dispatch-head--></head><body><div id="root"><!--dispatch-app--></div></body></html>';

  it("puts the page in place of the shell's own first screen, which a rendered page does not keep", () => {
    const filled = fillShell(shell, '<div class="skeleton"></div>');
    expect(fillShell(filled, "<p>again</p>")).toBe(fillShell(shell, "<p>again</p>"));
    const page = composePage(filled, { head: "<title>Story</title>", app: "<article>Story</article>", state: {} });
    expect(page).toContain('<div id="root"><article>Story</article></div>');
    expect(page).not.toContain("skeleton");
    expect(page).not.toContain("dispatch-app");
  });

  it("keeps the shell's language when the page has none", () => {
    expect(composePage(shell, { head: "", app: "", state: {} })).toContain('<html lang="en">');
  });

  it("sets lang and dir for a page in another language", () => {
    expect(composePage(shell, { head: "", app: "", state: {}, language: "he" })).toContain(
      '<html lang="he" dir="rtl">',
    );
    expect(composePage(shell, { head: "", app: "", state: {}, language: "sv" })).toContain(
      '<html lang="sv" dir="ltr">',
    );
  });
});
