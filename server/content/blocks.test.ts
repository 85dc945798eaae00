import { describe, expect, it } from "vitest";
import type { BodyContext } from "./blocks.ts";
import { htmlToBlocks, isStoryImage } from "./blocks.ts";

function context(overrides: Partial<BodyContext> = {}): BodyContext & { missing: string[] } {
  const missing: string[] = [];
  return {
    base: "https://news.example/2026/11/harbour/",
    slugForUrl: (url) => (url.href === "https://news.example/2026/11/ferry/" ? "ferry-goes-electric" : undefined),
    sizeOf: () => undefined,
    unsized: (src) => missing.push(src),
    missing,
    ...overrides,
  };
}

describe("htmlToBlocks", () => {
  it("maps paragraphs, headings, quotes and lists", () => {
    const html = `
      <p>The <strong>harbour</strong> opened at <em>dawn</em>.</p>
      <h2>Why now</h2><h4>A smaller heading</h4>
      <blockquote><p>It was worth the wait.</p><cite>The harbour master</cite></blockquote>
      <ul><li>One <b>thing</b></li><li>Another</li></ul>
      <ol><li>First</li></ol>`;
    expect(htmlToBlocks(html, context()).blocks).toEqual([
      { type: "paragraph", html: "The <strong>harbour</strong> opened at <em>dawn</em>." },
      { type: "heading", text: "Why now" },
      { type: "heading", text: "A smaller heading" },
      { type: "quote", text: "It was worth the wait.", cite: "The harbour master" },
      { type: "list", ordered: false, items: ["One <b>thing</b>", "Another"] },
      { type: "list", ordered: true, items: ["First"] },
    ]);
  });

  it("takes a sized figure as an image with its caption and srcset", () => {
    const html = `<figure class="wp-block-image size-large"><img src="/wp-content/uploads/quay-1024x683.jpg"
      width="1024" height="683" alt="The quay at dawn"
      srcset="/wp-content/uploads/quay-300x200.jpg 300w, /wp-content/uploads/quay-1024x683.jpg 1024w, bad.jpg 2x">
      <figcaption>The quay, <em>early</em>.</figcaption></figure>`;
    expect(htmlToBlocks(html, context()).blocks).toEqual([
      {
        type: "image",
        image: {
          src: "https://news.example/wp-content/uploads/quay-1024x683.jpg",
          width: 1024,
          height: 683,
          alt: "The quay at dawn",
          caption: "The quay, early.",
          sources: [
            { src: "https://news.example/wp-content/uploads/quay-300x200.jpg", width: 300 },
            { src: "https://news.example/wp-content/uploads/quay-1024x683.jpg", width: 1024 },
          ],
        },
      },
    ]);
  });

  it("leaves out an image without a size until the server has read it, and asks for it", () => {
    const ctx = context();
    expect(htmlToBlocks('<p><img src="https://cdn.example/a.jpg" alt=""></p>', ctx).blocks).toEqual([]);
    expect(ctx.missing).toEqual(["https://cdn.example/a.jpg"]);
    const known = context({ sizeOf: () => ({ width: 800, height: 600 }) });
    expect(htmlToBlocks('<p><img src="https://cdn.example/a.jpg" alt=""></p>', known).blocks).toEqual([
      { type: "image", image: { src: "https://cdn.example/a.jpg", width: 800, height: 600, alt: "" } },
    ]);
  });

  it("never takes a tracking pixel or a site icon for a picture", () => {
    const html = `<p>Text<img src="https://stats.example/p.gif" width="1" height="1"></p>
      <img src="https://stats.example/q.gif" width="2" height="2">
      <img src="https://news.example/wp-content/uploads/cropped-icon-32x32.png" width="32" height="32">
      <img src="https://news.example/favicon.ico" width="48" height="48">`;
    expect(htmlToBlocks(html, context()).blocks).toEqual([{ type: "paragraph", html: "Text" }]);
    expect(isStoryImage("https://news.example/uploads/harbour.jpg", { width: 800, height: 600 })).toBe(true);
  });

  it("gives the children of wrappers and Gutenberg blocks", () => {
    const html = `<div class="entry"><section><div class="wp-block-group"><div class="wp-block-group__inner-container">
      <p>Deep inside.</p></div></div><div class="wp-block-spacer" style="height:40px"></div></section></div>`;
    expect(htmlToBlocks(html, context()).blocks).toEqual([{ type: "paragraph", html: "Deep inside." }]);
  });

  it("drops scripts, frames, forms, shortcode leftovers and empty paragraphs, and counts what went", () => {
    const html = `<p>Kept.</p><script>alert(1)</script><iframe src="https://video.example/embed"></iframe>
      <figure class="wp-block-embed"><div class="wp-block-embed__wrapper"><iframe src="x"></iframe></div></figure>
      <form action="/subscribe"><input name="email"><button>Go</button></form><object data="x.swf"></object>
      <p>[caption id="attachment_12" align="alignnone" width="300"]</p><p>[gallery ids="1,2,3"]</p>
      <p>&nbsp;</p><p> </p><p><span></span></p><svg><text>chart</text></svg>`;
    expect(htmlToBlocks(html, context())).toEqual({
      blocks: [{ type: "paragraph", html: "Kept." }],
      dropped: { script: 1, frame: 2, form: 1, plugin: 1, drawing: 1, shortcode: 2 },
    });
  });

  it("strips event handlers, styles and unsafe links from inline HTML", () => {
    const html = `<p onclick="steal()"><a href="javascript:alert(1)" onmouseover="x()">bad link</a>
      <span style="color:red" onclick="y()">styled</span> <a href="mailto:desk@news.example">mail</a></p>`;
    expect(htmlToBlocks(html, context()).blocks).toEqual([
      { type: "paragraph", html: 'bad link\n      styled <a href="mailto:desk@news.example">mail</a>' },
    ]);
  });

  it("rewrites links to the source's own stories that Dispatch has, and resolves the rest", () => {
    const html =
      '<p>See <a href="/2026/11/ferry/">the ferry</a> and <a href="../older/">older</a> and <a href="https://elsewhere.example/x">this</a>.</p>';
    expect(htmlToBlocks(html, context()).blocks).toEqual([
      {
        type: "paragraph",
        html: 'See <a href="/articles/ferry-goes-electric">the ferry</a> and <a href="https://news.example/2026/11/older/">older</a> and <a href="https://elsewhere.example/x">this</a>.',
      },
    ]);
  });

  it("keeps loose text between blocks as paragraphs and escapes it", () => {
    expect(
      htmlToBlocks("First line &lt;b&gt; 5 &gt; 3<br><br>Second <em>line</em><h2>Head</h2>tail", context()).blocks,
    ).toEqual([
      { type: "paragraph", html: "First line &lt;b&gt; 5 &gt; 3" },
      { type: "paragraph", html: "Second <em>line</em>" },
      { type: "heading", text: "Head" },
      { type: "paragraph", html: "tail" },
    ]);
  });

  it("survives very deep nesting without overflowing", () => {
    const html = `${"<div>".repeat(5000)}<p>deep</p>${"</div>".repeat(5000)}<p>after</p>`;
    expect(htmlToBlocks(html, context()).blocks.at(-1)).toEqual({ type: "paragraph", html: "after" });
  });
});
