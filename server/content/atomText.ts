/**
 * Atom 1.0 text constructs and content (RFC 4287 §3.1, §4.1.3) as HTML. The feed parser hands
 * over these elements unparsed, so that `type="xhtml"` markup keeps its order; this file
 * parses them as XML once: `text` is escaped, `html` is the HTML its characters spell, and
 * `xhtml` is the children of its single XHTML `div`, written back as HTML. Each way, entities
 * are decoded exactly once here and the HTML goes on to the same body-to-blocks path.
 */
import { parseDocument } from "htmlparser2";
import { escapeHtml } from "../../contract/html.ts";

type XmlNode = ReturnType<typeof parseDocument>["children"][number];
type XmlElement = Extract<XmlNode, { attribs: Record<string, string> }>;

const XHTML_NAMESPACE = "http://www.w3.org/1999/xhtml";
const VOID = new Set([
  "area",
  "base",
  "br",
  "col",
  "embed",
  "hr",
  "img",
  "input",
  "link",
  "meta",
  "source",
  "track",
  "wbr",
]);
const MAX_DEPTH = 64;

/**
 * The HTML of an Atom element given as its raw inner XML and its `type` attribute; undefined
 * for a type the RFC does not make text (base64 media, an out-of-line `src`) or an `xhtml`
 * construct without its `div`.
 */
export function atomTextToHtml(raw: string, type: string | undefined): string | undefined {
  const kind = textKind(type);
  if (!kind) return undefined;
  const nodes = parseDocument(raw, { xmlMode: true, decodeEntities: true }).children;
  if (kind === "xhtml") {
    const div = xhtmlDiv(nodes);
    return div ? writeChildren(div, prefixOf(div.name), 0) : undefined;
  }
  const text = characters(nodes);
  return kind === "html" ? text : escapeHtml(text);
}

function textKind(type: string | undefined): "text" | "html" | "xhtml" | undefined {
  const value = (type ?? "text").trim().toLowerCase();
  if (value === "text" || value === "html" || value === "xhtml") return value;
  // Content (§4.1.3) may name a media type instead; the HTML and plain-text ones read the same way.
  if (value === "text/html") return "html";
  if (value === "application/xhtml+xml") return "xhtml";
  if (value.startsWith("text/")) return "text";
  return undefined;
}

function isElement(node: XmlNode): node is XmlElement {
  return "attribs" in node;
}

function prefixOf(name: string): string {
  const colon = name.indexOf(":");
  return colon === -1 ? "" : name.slice(0, colon);
}

function localName(name: string): string {
  return name.slice(name.indexOf(":") + 1).toLowerCase();
}

/** The one `div` the RFC requires, in the XHTML namespace whichever prefix names it. */
function xhtmlDiv(nodes: readonly XmlNode[]): XmlElement | undefined {
  const elements = nodes.filter(isElement);
  const div = elements[0];
  if (elements.length !== 1 || !div || localName(div.name) !== "div") return undefined;
  const prefix = prefixOf(div.name);
  const declared = div.attribs[prefix ? `xmlns:${prefix}` : "xmlns"];
  // A feed that leaves the namespace out is still plainly XHTML; a foreign one is not.
  return declared === undefined || declared === XHTML_NAMESPACE ? div : undefined;
}

/** Text and CDATA, entities already decoded by the XML parse. */
function characters(nodes: readonly XmlNode[]): string {
  let text = "";
  for (const node of nodes) {
    if (node.type === "text") text += node.data;
    else if ("children" in node) text += characters(node.children as XmlNode[]);
  }
  return text;
}

function writeChildren(element: XmlElement, prefix: string, depth: number): string {
  return element.children.map((child) => writeNode(child as XmlNode, prefix, depth + 1)).join("");
}

function writeNode(node: XmlNode, prefix: string, depth: number): string {
  if (node.type === "text") return escapeHtml(node.data);
  if (node.type === "cdata") return escapeHtml(characters(node.children as XmlNode[]));
  if (!isElement(node) || depth > MAX_DEPTH) return "";
  // Markup of another namespace (SVG, MathML, a vendor's) is not HTML: only its text is kept.
  if (prefixOf(node.name) !== prefix) return writeChildren(node, prefix, depth);
  const name = localName(node.name);
  const attributes = Object.entries(node.attribs)
    .filter(([attribute]) => !attribute.includes(":") && attribute !== "xmlns")
    .map(([attribute, value]) => ` ${attribute.toLowerCase()}="${escapeHtml(value)}"`)
    .join("");
  if (VOID.has(name)) return `<${name}${attributes}>`;
  return `<${name}${attributes}>${writeChildren(node, prefix, depth)}</${name}>`;
}
