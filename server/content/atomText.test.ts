import { describe, expect, it } from "vitest";
import { atomTextToHtml } from "./atomText.ts";

const XHTML = 'xmlns="http://www.w3.org/1999/xhtml"';

describe("Atom text constructs as HTML", () => {
  it("escapes text, so markup in it is shown, not obeyed", () => {
    expect(atomTextToHtml("Fish &amp; <![CDATA[<chips>]]>", "text")).toBe("Fish &amp; &lt;chips&gt;");
    expect(atomTextToHtml("No type given &lt;3", undefined)).toBe("No type given &lt;3");
  });

  it("takes html as the HTML its characters spell, decoding the XML escaping once", () => {
    expect(atomTextToHtml("&lt;p&gt;A &amp;amp; B&lt;/p&gt;", "html")).toBe("<p>A &amp; B</p>");
    expect(atomTextToHtml("<![CDATA[<p>A &amp; B</p>]]>", "text/html")).toBe("<p>A &amp; B</p>");
  });

  it("writes the children of the XHTML div as HTML, without namespaces, foreign markup or prefixed attributes", () => {
    const raw = `<div ${XHTML}><p xml:lang="en" class="lead">One<br/><img src="a.jpg" width="4" height="3"/></p><m:math xmlns:m="http://www.w3.org/1998/Math/MathML">x</m:math></div>`;
    expect(atomTextToHtml(raw, "xhtml")).toBe('<p class="lead">One<br><img src="a.jpg" width="4" height="3"></p>x');
    expect(atomTextToHtml('<x:div xmlns:x="http://www.w3.org/1999/xhtml"><x:p>Two</x:p></x:div>', "xhtml")).toBe(
      "<p>Two</p>",
    );
  });

  it("refuses xhtml without its single div in the XHTML namespace", () => {
    expect(atomTextToHtml("<p>No wrapper</p>", "xhtml")).toBeUndefined();
    expect(atomTextToHtml(`<div ${XHTML}>a</div><div ${XHTML}>b</div>`, "xhtml")).toBeUndefined();
    expect(atomTextToHtml('<div xmlns="urn:not-xhtml">c</div>', "xhtml")).toBeUndefined();
  });

  it("reads no text from media types that are not text", () => {
    expect(atomTextToHtml("iVBORw0KGgo=", "image/png")).toBeUndefined();
    expect(atomTextToHtml("Plain words", "text/plain")).toBe("Plain words");
  });
});
