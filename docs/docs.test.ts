/**
 * The README is the front door and docs/ the manual: the door stays short, and every link in
 * either leads somewhere, down to the heading a link names, so moving a file or renaming a
 * section cannot leave a reader at a dead end.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "..");
const README = join(root, "README.md");
const MAX_README_LINES = 200;

function markdownFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return markdownFiles(path);
    return entry.name.endsWith(".md") ? [path] : [];
  });
}

/** The text a reader sees as prose: fenced code blocks and inline code hold examples, not links. */
function prose(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, "").replace(/`[^`\n]*`/g, "");
}

/** Markdown links and images, and the src and href of HTML written in the page. */
function linkTargets(markdown: string): string[] {
  const text = prose(markdown);
  const markdownLinks = [...text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((match) => match[1]);
  const htmlLinks = [...text.matchAll(/\b(?:src|href)="([^"]+)"/g)].map((match) => match[1]);
  return [...markdownLinks, ...htmlLinks].filter((target): target is string => target !== undefined);
}

/** The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens. */
function headingAnchor(heading: string): string {
  return heading
    .replace(/`/g, "")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

/** Every anchor a page offers, numbered as GitHub numbers repeated headings (-1, -2, …). */
function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  const withoutCode = markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, "");
  for (const match of withoutCode.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = headingAnchor(match[1] ?? "");
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

/** What is wrong with a relative link from `page`, or undefined when it leads somewhere. */
function brokenLink(page: string, target: string): string | undefined {
  if (/^[a-z][a-z+.-]*:/i.test(target) || target.startsWith("//")) return undefined;
  const [pathPart = "", fragment] = target.split("#", 2);
  const file = pathPart === "" ? page : resolve(dirname(page), decodeURI(pathPart));
  const where = relative(root, file) || ".";
  if (!file.startsWith(root)) return `${target}: outside the repository`;
  if (!existsSync(file)) return `${target}: no file ${where}`;
  if (fragment === undefined || fragment === "") return undefined;
  if (!statSync(file).isFile() || !file.endsWith(".md")) return `${target}: ${where} has no headings to link to`;
  return anchorsOf(readFileSync(file, "utf8")).has(decodeURIComponent(fragment))
    ? undefined
    : `${target}: ${where} has no heading #${fragment}`;
}

const pages = [README, ...markdownFiles(join(root, "docs"))];

describe("the README and docs/", () => {
  it(`keeps the README at most ${MAX_README_LINES} lines`, () => {
    const lines = readFileSync(README, "utf8").split("\n");
    if (lines.at(-1) === "") lines.pop();
    expect(lines.length).toBeLessThanOrEqual(MAX_README_LINES);
  });

  it("links from the README to every page in docs/", () => {
    const linked = new Set(
      linkTargets(readFileSync(README, "utf8")).map((target) => resolve(root, target.split("#")[0] ?? "")),
    );
    const unlinked = pages.filter((page) => page !== README && !linked.has(page)).map((page) => relative(root, page));
    expect(unlinked).toEqual([]);
  });

  it.each(pages.map((page) => [relative(root, page), page]))(
    "%s: every relative link leads to a file and heading",
    (_, page) => {
      const broken = linkTargets(readFileSync(page, "utf8"))
        .map((target) => brokenLink(page, target))
        .filter((problem) => problem !== undefined);
      expect(broken).toEqual([]);
    },
  );

  it("reads links and anchors as GitHub does", () => {
    const page = [
      "# Deploying",
      "## nginx in front: `deploy/nginx.conf`",
      "## Notes",
      "## Notes",
      'See [x](a.md#b), ![y](img/p.png "title") and <img src="docs/i.png">.',
      "```sh",
      "echo [not](a/link.md)",
      "```",
      "`[nor](this.md)`",
    ].join("\n");
    expect(linkTargets(page)).toEqual(["a.md#b", "img/p.png", "docs/i.png"]);
    expect([...anchorsOf(page)]).toEqual(["deploying", "nginx-in-front-deploynginxconf", "notes", "notes-1"]);
  });
});
