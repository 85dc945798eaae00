/**
 * Shared pieces of the browser journeys: the bundled content as the tests read it,
 * and small probes (console errors, requests, focus, colours, axe) that several specs use.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Locator, type Page, type Request } from "@playwright/test";
import { storyPath } from "../contract/paths.ts";
import { waitForHydration } from "./browser.ts";

// A story's page, as the site writes it.
export { storyPath };

// Playwright runs the specs from the repository root (where playwright.config.ts is).
const CONTENT_API = join(process.cwd(), "content", "api");

type ImageJson = { src: string; width: number; height: number; alt: string; caption?: string; credit?: string };
export type HeadlineJson = {
  slug: string;
  headline: string;
  datePublished: string;
  standfirst?: string;
  image?: ImageJson;
};
export type StoryJson = HeadlineJson & {
  dateModified?: string;
  dateline?: string;
  byline?: string;
  source?: string;
  section?: string;
  copyright?: string;
  distribution?: string;
  body: { type: string; html?: string }[];
  related?: HeadlineJson[];
};

/** The front page's headlines, as headlines.json lists them (newest first). */
export function readHeadlines(): HeadlineJson[] {
  return JSON.parse(readFileSync(join(CONTENT_API, "headlines.json"), "utf8")).headlines;
}

/** A bundled story, exactly as the API serves it. */
export function readStory(slug: string): StoryJson {
  return JSON.parse(readFileSync(join(CONTENT_API, "articles", `${slug}.json`), "utf8"));
}

/** The bundled stories that exercise the contract's edge cases (see content/README.md). */
export const SLUGS = {
  wire: "saltmere-ferry-electric-vessels",
  noImage: "central-library-late-opening-trial",
  updated: "storm-warning-wending-coast",
  longRead: "greyhaven-lighthouse-keepers",
  blocks: "estuary-cup-regatta-day",
} as const;

/**
 * Waits until the app has taken over the prerendered page (it marks <html> then). The page
 * and its controls work before that as plain HTML; the app's enhancements need it.
 */
export function waitForApp(page: Page): Promise<void> {
  return waitForHydration(page);
}

/** Opens a story by its URL and waits for its headline and for the app. */
export async function gotoStory(page: Page, slug: string, query = ""): Promise<StoryJson> {
  const story = readStory(slug);
  await page.goto(`${storyPath(slug)}${query}`);
  await expect(page.getByRole("heading", { level: 1, name: story.headline })).toBeVisible();
  await waitForApp(page);
  return story;
}

/** Opens the front page and waits for the app. */
export async function openFrontPage(page: Page): Promise<void> {
  await page.goto("/");
  await waitForApp(page);
}

/** Every console error and uncaught exception from now on, as readable lines. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`console.error: ${message.text()}`);
  });
  page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
  return errors;
}

/** Every request from now on whose URL (and method) matches, to assert what was or was not sent. */
export function recordRequests(page: Page, matches: (request: Request) => boolean): Request[] {
  const seen: Request[] = [];
  page.on("request", (request) => {
    if (matches(request)) seen.push(request);
  });
  return seen;
}

export const isStoryApiRequest = (request: Request) => new URL(request.url()).pathname.startsWith("/api/articles/");
export const isSignupPost = (request: Request) =>
  request.method() === "POST" && new URL(request.url()).pathname === "/api/subscriptions";
export const isSignupDialogChunk = (request: Request) =>
  /\/SignupDialog-[^/]*\.js$/.test(new URL(request.url()).pathname);

export function signupDialog(page: Page): Locator {
  return page.getByRole("dialog", { name: "Sign up for daily headlines" });
}

/** Whether the focused element is inside the open modal dialog. */
export function focusIsInsideOpenDialog(page: Page): Promise<boolean> {
  return page.evaluate(() => document.activeElement?.closest("dialog[open]") != null);
}

/** Presses Tab (or Shift+Tab) until `target` has focus; fails after `max` presses. */
export async function tabUntilFocused(page: Page, target: Locator, { backwards = false, max = 80 } = {}) {
  const key = backwards ? "Shift+Tab" : "Tab";
  for (let presses = 0; presses < max; presses++) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press(key);
  }
  await expect(target, `${key} did not reach the element within ${max} presses`).toBeFocused();
}

export function scrollY(page: Page): Promise<number> {
  return page.evaluate(() => window.scrollY);
}

export function hasNoHorizontalScroll(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
}

/** A layout shift as the browser reported it, with what moved: each node, and its box before and after. */
export type RecordedShift = { value: number; at: number; moved: string[] };

/** Records every layout shift from the start of the page's next load (read them with `layoutShifts`). */
export async function watchLayoutShifts(page: Page): Promise<void> {
  await page.addInitScript(() => {
    type Shift = PerformanceEntry & {
      value: number;
      sources: { node?: Node | null; previousRect: DOMRectReadOnly; currentRect: DOMRectReadOnly }[];
    };
    const shifts: RecordedShift[] = [];
    Object.assign(window, { layoutShifts: shifts });
    const box = ({ x, y, width, height }: DOMRectReadOnly) => [x, y, width, height].map(Math.round).join(",");
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as Shift[]) {
        const moved = entry.sources.map(({ node, previousRect, currentRect }) => {
          const name = node instanceof Element ? `${node.localName}.${node.className}` : (node?.nodeName ?? "?");
          const text = (node?.textContent ?? "").trim().slice(0, 40);
          return `${name} "${text}" ${box(previousRect)} -> ${box(currentRect)}`;
        });
        shifts.push({ value: entry.value, at: Math.round(entry.startTime), moved });
      }
    }).observe({ type: "layout-shift", buffered: true });
  });
}

/** The layout shifts recorded so far by `watchLayoutShifts`. */
export function layoutShifts(page: Page): Promise<RecordedShift[]> {
  return page.evaluate(() => (window as unknown as { layoutShifts: RecordedShift[] }).layoutShifts);
}

/** Relative luminance (0 black … 1 white) of a computed CSS colour such as `rgb(20, 21, 23)`. */
export function luminance(cssColour: string): number {
  const channels = cssColour
    .match(/[\d.]+/g)
    ?.slice(0, 3)
    .map(Number);
  if (!channels || channels.length < 3) throw new Error(`Not an rgb() colour: ${cssColour}`);
  const [r = 0, g = 0, b = 0] = channels.map((value) => {
    const c = value / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function bodyBackground(page: Page): Promise<string> {
  return page.evaluate(() => getComputedStyle(document.body).backgroundColor);
}

export function rootFontSizePx(page: Page): Promise<number> {
  return page.evaluate(() => Number.parseFloat(getComputedStyle(document.documentElement).fontSize));
}

/** The header's Display toggle: the <summary> of a disclosure, which works before the app runs. */
export function displayToggle(page: Page): Locator {
  return page.getByRole("banner").locator("summary", { hasText: "Display" });
}

/** Opens the header's Display menu and picks a radio option in it, e.g. "Dark" or "Largest". */
export async function chooseDisplayOption(page: Page, option: string) {
  const menu = page.getByRole("banner").locator("details.display-settings");
  if (!(await menu.evaluate((element: HTMLDetailsElement) => element.open))) await displayToggle(page).click();
  const radio = page.getByRole("radio", { name: option, exact: true });
  await radio.check();
  await expect(radio).toBeChecked();
}

const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/**
 * Runs axe-core on the page and fails with a readable list of every violation, of any impact.
 * Finite animations (the dialog's entrance) are let finish first, so contrast is measured
 * on what the reader ends up seeing.
 */
export async function expectNoAxeViolations(page: Page, what: string) {
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((animation) => animation.effect?.getComputedTiming().endTime !== Number.POSITIVE_INFINITY)
        .map((animation) => animation.finished),
    ),
  );
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const report = violations
    .map((violation) => {
      const nodes = violation.nodes
        .map((node) => `      ${node.target.join(" ")}\n        ${node.failureSummary?.replace(/\n/g, "\n        ")}`)
        .join("\n");
      return `  [${violation.impact}] ${violation.id}: ${violation.help} (${violation.helpUrl})\n${nodes}`;
    })
    .join("\n");
  expect(violations, `axe found ${violations.length} violation(s) on ${what}:\n${report}`).toEqual([]);
}
