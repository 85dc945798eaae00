import { describe, expect, it } from "vitest";
import { safeHref, sanitizeInlineHtml } from "./inlineHtml.ts";

describe("sanitizeInlineHtml", () => {
  it("keeps the allowed formatting tags", () => {
    expect(sanitizeInlineHtml("a <em>b</em> <strong>c</strong> <i>d</i> <b>e</b><br>f")).toEqual([
      "a ",
      { tag: "em", children: ["b"] },
      " ",
      { tag: "strong", children: ["c"] },
      " ",
      { tag: "i", children: ["d"] },
      " ",
      { tag: "b", children: ["e"] },
      { tag: "br" },
      "f",
    ]);
  });

  it("sanitises a string once: asking again returns the same tree", () => {
    const html = 'A <a href="https://example.com/">link</a> once.';
    expect(sanitizeInlineHtml(html)).toBe(sanitizeInlineHtml(html));
  });

  it("drops scripts and styles with their content", () => {
    expect(sanitizeInlineHtml("safe<script>alert(1)</script><style>p{}</style> text")).toEqual(["safe text"]);
  });

  it("reduces an image with onerror to nothing and other tags to their text", () => {
    expect(sanitizeInlineHtml('<img src=x onerror="alert(1)">hello <span style="color:red">world</span>')).toEqual([
      "hello world",
    ]);
  });

  it("drops every attribute but href, including event handlers on allowed tags", () => {
    const [node] = sanitizeInlineHtml('<em onclick="alert(1)" class="x">hi</em>');
    expect(node).toEqual({ tag: "em", children: ["hi"] });
  });

  it("removes javascript:, data: and vbscript: hrefs, however they are disguised", () => {
    for (const href of [
      "javascript:alert(1)",
      " JAVASCRIPT:alert(1)",
      "java\tscript:alert(1)",
      "java&#x09;script:alert(1)",
      "&#106;avascript:alert(1)",
      "data:text/html,<script>alert(1)</script>",
      "vbscript:msgbox(1)",
    ]) {
      const [node] = sanitizeInlineHtml(`<a href="${href}">click</a>`);
      expect(node, href).toEqual({ tag: "a", href: undefined, external: false, children: ["click"] });
    }
  });

  it("keeps http, https and mailto links and marks off-site ones external", () => {
    expect(sanitizeInlineHtml('<a href="https://example.org/a?b=1">x</a>')[0]).toMatchObject({
      href: "https://example.org/a?b=1",
      external: true,
    });
    expect(sanitizeInlineHtml('<a href="mailto:desk@example.org">x</a>')[0]).toMatchObject({
      href: "mailto:desk@example.org",
      external: false,
    });
    expect(sanitizeInlineHtml('<a href="/articles/x">x</a>')[0]).toMatchObject({
      href: "/articles/x",
      external: false,
    });
  });

  it("keeps allowed tags nested inside disallowed ones, and the other way round", () => {
    expect(sanitizeInlineHtml("<div><p>one <em>two</em></p></div><em><span>three</span></em>")).toEqual([
      "one ",
      { tag: "em", children: ["two"] },
      { tag: "em", children: ["three"] },
    ]);
  });

  it("never lets markup through as markup: text stays text", () => {
    expect(sanitizeInlineHtml("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more")).toEqual([
      "<script>alert(1)</script> & more",
    ]);
  });

  it("survives unclosed tags, comments and deep nesting", () => {
    expect(sanitizeInlineHtml("<em>open <!-- hidden --> text")).toEqual([{ tag: "em", children: ["open  text"] }]);
    const deep = `${"<b>".repeat(200)}x${"</b>".repeat(200)}`;
    expect(JSON.stringify(sanitizeInlineHtml(deep))).toContain('"x"');
  });
});

describe("safeHref", () => {
  it("refuses malformed URLs", () => {
    expect(safeHref("http://[::1")).toBeUndefined();
  });
});
