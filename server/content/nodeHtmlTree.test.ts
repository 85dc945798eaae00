// @vitest-environment jsdom
// The browser's DOMParser beside htmlparser2, to hold the two trees together.
import { describe, expect, it } from "vitest";
import { createSanitiser, domTree } from "../../src/story/inlineHtml.ts";
import { nodeHtmlTree } from "./nodeHtmlTree.ts";

const onServer = createSanitiser(nodeHtmlTree);
const inBrowser = createSanitiser(domTree);

// Each input is sanitised by htmlparser2 (the server's render) and by DOMParser (the browser's
// hydration): a difference would make hydration redo the paragraph, or the server show more.
const inputs = [
  "a <em>b</em> <strong>c</strong> <i>d</i> <b>e</b><br>f",
  "safe<script>alert(1)</script><style>p{}</style> text",
  '<img src=x onerror="alert(1)">hello <span style="color:red">world</span>',
  '<a href="javascript:alert(1)">x</a> <a href="/articles/a">in</a> <a href="https://example.com/">out</a>',
  '<a href="mailto:desk@example.com">mail</a> <a href=" JAVASCRIPT:alert(1)">y</a>',
  "Bar &amp; Baz &#8217; &lt;script&gt;",
  "<iframe src=//evil.example>inside</iframe><svg><script>x</script>t</svg>after",
  "<noscript><p>no</p></noscript>kept <template>hidden</template>",
  `${"<b>".repeat(40)}deep${"</b>".repeat(40)}`,
  "unclosed <em>emphasis and <strong>strong",
];

describe("the sanitiser on htmlparser2", () => {
  it.each(inputs)("gives the browser's tree for %s", (html) => {
    expect(onServer(html)).toEqual(inBrowser(html));
  });

  it("runs without a DOM", () => {
    expect(onServer('<p onclick="x()">A <a href="https://example.com/" onclick="x()">link</a></p>')).toEqual([
      "A ",
      { tag: "a", href: "https://example.com/", external: true, children: ["link"] },
    ]);
  });
});
