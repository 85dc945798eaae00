import { describe, expect, it } from "vitest";
import { charsetOf, decodeBody } from "./fetcher.ts";

const declared = (encoding: string) => `<?xml version="1.0" encoding="${encoding}"?><feed/>`;

describe("the character set of a source document", () => {
  it("takes the Content-Type's charset, else the XML declaration's, else UTF-8", () => {
    expect(charsetOf("text/xml; charset=ISO-8859-1", Buffer.from(declared("utf-8")))).toBe("iso-8859-1");
    expect(charsetOf(null, Buffer.from(declared("windows-1252")))).toBe("windows-1252");
    expect(charsetOf(null, Buffer.from("<feed/>"))).toBe("utf-8");
  });

  it("lets a byte order mark outrank the header and the declaration", () => {
    const marked = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(declared("iso-8859-1"))]);
    expect(charsetOf("text/xml; charset=iso-8859-1", marked)).toBe("utf-8");
    expect(charsetOf(null, Buffer.from([0xff, 0xfe, 0x3c, 0x00]))).toBe("utf-16le");
    expect(charsetOf(null, Buffer.from([0xfe, 0xff, 0x00, 0x3c]))).toBe("utf-16be");
  });

  it("recognises an unmarked UTF-16 XML declaration by its two-byte units", () => {
    expect(charsetOf(null, Buffer.from(declared("UTF-16"), "utf16le"))).toBe("utf-16le");
  });

  it("decodes the bytes as that charset, dropping the mark, and explains bytes that break it", () => {
    const latin1 = Buffer.concat([Buffer.from(declared("ISO-8859-1")), Buffer.from("Caf\u00e9", "latin1")]);
    expect(decodeBody(latin1, null)).toBe(`${declared("ISO-8859-1")}Caf\u00e9`);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("<feed>\u00fc</feed>", "utf16le")]);
    expect(decodeBody(utf16, null)).toBe("<feed>\u00fc</feed>");
    expect(() => decodeBody(Buffer.from([0x3c, 0xff, 0x3e]), null)).toThrow(/did not send readable utf-8 text/);
  });
});
