/**
 * `npm run bench`: builds the app beside dist/, serves it with the production server and
 * measures what a reader feels: Lighthouse (mobile) on a story, the front page, the story's
 * script-free "floor", a story with contract 1.2's blocks (gallery, table, embed, video) against
 * its own floor, a story whose API lives on another origin, and that build's dist/ on a
 * plain static file server (no prerendered pages, no server rendering); related-story
 * navigation in Playwright; and the JavaScript a story page needs before it runs.
 * Prints a table and one `BENCH_JSON {...}` line. Missed targets are reported, not fatal;
 * the exit code is non-zero only when something could not be measured.
 *
 * The npm script runs it as `node --import tsx`, not through the `tsx` command: tsx's wrapper
 * kills a child that does not acknowledge Ctrl-C within 30 ms, and a bench busy in Lighthouse
 * would die without stopping its servers and browsers.
 *
 * Environment: BENCH_RUNS (Lighthouse runs per page, default 5), BENCH_NAV_SAMPLES
 * (default 20), BENCH_SLUG (default saltmere-ferry-electric-vessels), BENCH_BLOCKS_SLUG
 * (default estuary-cup-regatta-day), BENCH_LHR_DIR
 * (if set, the median run's Lighthouse report per page is written there).
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import { join, relative, sep } from "node:path";
import { promisify } from "node:util";
import type { Browser } from "@playwright/test";
import { DESKTOP_VIEWPORT, launchBrowser } from "../../e2e/browser.ts";
import { buildApp } from "./build.ts";
import { benchDigest, formatDigestBench } from "./digest.ts";
import { chromiumVersion } from "../../e2e/chromium.ts";
import { measureCriticalJs } from "./criticalJs.ts";
import { floorPage } from "./floor.ts";
import { killLighthouseChromes, type LighthouseResult, runLighthouse, summarise } from "./lighthouse.ts";
import type { LighthouseRun, LighthouseSummary } from "./lighthouse.ts";
import { startLatencyProxy } from "./latencyProxy.ts";
import { type StaticHost, startStaticHost } from "./staticHost.ts";
import { API_LATENCY_MS, measureNavigation, STORY_API_PATH } from "./navigation.ts";
import { scriptsFetched } from "./pageScripts.ts";
import { ROOT } from "./paths.ts";
import { stopAllProcesses } from "./processes.ts";
import { median } from "./stats.ts";
import { formatJson, formatReport } from "./report.ts";
import type { BenchResult, Machine, PageResult } from "./report.ts";
import { freePorts } from "../../server/testing/ports.ts";
import { startServer, warm } from "./server.ts";
import { atMost } from "./targets.ts";
import { benchWordPress } from "./wordpress.ts";
import type { WordPressBench } from "./wordpress.ts";
import type { Target } from "./targets.ts";

const settings = {
  slug: process.env.BENCH_SLUG || "saltmere-ferry-electric-vessels",
  blocksSlug: process.env.BENCH_BLOCKS_SLUG || "estuary-cup-regatta-day",
  lighthouseRuns: positiveInteger("BENCH_RUNS", 5),
  navigationSamples: positiveInteger("BENCH_NAV_SAMPLES", 20),
  reportDir: process.env.BENCH_LHR_DIR,
};

type PageId = "story" | "front" | "floor" | "blocks" | "blocksFloor" | "remote" | "static";

/** Everything to undo on the way out, whether the bench finished, failed or was interrupted. */
const held: { workDir?: string; browser?: Browser; staticHost?: StaticHost } = {};

function progress(message: string): void {
  console.error(`[bench] ${message}`);
}

async function main(): Promise<BenchResult & { wordpress: WordPressBench }> {
  const started = performance.now();
  const loadAtStart = os.loadavg()[0] ?? Number.NaN;
  const { slug, blocksSlug } = settings;

  // Inside the repository, so the SSR bundle finds node_modules; node_modules/ is ignored by git.
  const cacheDir = join(ROOT, "node_modules", ".cache");
  await mkdir(cacheDir, { recursive: true });
  const workDir = await mkdtemp(join(cacheDir, "dispatch-bench-"));
  held.workDir = workDir;
  const [appPort, apiPort, remotePort, staticPort] = await freePorts(4);
  if (appPort === undefined || apiPort === undefined || remotePort === undefined || staticPort === undefined) {
    throw new Error("Could not reserve four ports.");
  }
  const remoteApiBase = `http://127.0.0.1:${apiPort}/api`;
  const { app: appBuild, remote: remoteBuild } = await buildBoth(workDir, remoteApiBase);
  const appDist = appBuild.distDir;
  const { app, remote } = await serveBoth(workDir, {
    appPort,
    apiPort,
    remotePort,
    appBuild,
    remoteBuild,
    remoteApiBase,
  });
  // The same build as the remote-API server's, as a static host would serve it.
  const staticHost = await startStaticHost(remoteBuild.distDir, staticPort);
  held.staticHost = staticHost;
  await warm(staticHost.origin, ["/", `/articles/${slug}`, ...(await staticUrlPaths(remoteBuild.distDir))]);

  const pageUrls: Record<PageId, { label: string; url: string }> = {
    story: { label: "story", url: `${app.origin}/articles/${slug}` },
    front: { label: "front page", url: `${app.origin}/` },
    floor: { label: "floor (story, no scripts)", url: `${app.origin}/floor/${slug}.html` },
    blocks: { label: "story with 1.2's blocks", url: `${app.origin}/articles/${blocksSlug}` },
    blocksFloor: { label: "its floor (no scripts)", url: `${app.origin}/floor/${blocksSlug}.html` },
    remote: { label: "story, API on another origin", url: `${remote.origin}/articles/${slug}` },
    static: { label: "story, dist/ on a static host", url: `${staticHost.origin}/articles/${slug}` },
  };
  const lighthouse = await lighthouseAll(pageUrls);
  const pages = forEachPage((id): PageResult => {
    const { report: _, ...summary } = lighthouse[id];
    return { ...pageUrls[id], ...summary };
  });
  if (settings.reportDir) {
    await mkdir(settings.reportDir, { recursive: true });
    for (const id of pageIds) {
      await writeFile(join(settings.reportDir, `${id}.json`), JSON.stringify(lighthouse[id].report));
    }
  }

  progress("critical JS: manifest and a network log of the story page");
  const browser = await launchBrowser();
  held.browser = browser;
  const critical = await measureCriticalJs(appDist);
  const fetched = await scriptsFetched(browser, pageUrls.story.url);
  const criticalPaths = new Set(critical.files.map((file) => `/${file.file}`));

  progress(`related-story navigation: ${settings.navigationSamples} prefetched samples`);
  const samples = settings.navigationSamples;
  const serviceWorker = existsSync(join(appDist, "sw.js"));
  const prefetched = await measureNavigation(browser, pageUrls.story.url, {
    mode: "prefetched",
    samples,
    serviceWorker,
  });
  progress(`related-story navigation: ${settings.navigationSamples} samples, not prefetched, +${API_LATENCY_MS} ms`);
  const slowApi = await startLatencyProxy(app.origin, STORY_API_PATH, API_LATENCY_MS);
  const cold = await measureNavigation(browser, `${slowApi.origin}/articles/${slug}`, {
    mode: "cold",
    samples,
    serviceWorker,
    heldBack: slowApi.delayed,
  }).finally(slowApi.close);
  await browser.close();
  held.browser = undefined;

  const pairedRatio = (page: PageId, metric: "fcp" | "lcp", floor: PageId = "floor") =>
    median(pages[page].runs.map((run, i) => run[metric] / (pages[floor].runs[i]?.[metric] ?? Number.NaN)));
  const ratios = {
    storyLcpToFloor: pages.story.lcp / pages.floor.lcp,
    storyFcpToFloor: pages.story.fcp / pages.floor.fcp,
    blocksLcpToFloor: pages.blocks.lcp / pages.blocksFloor.lcp,
    remoteLcpToFloor: pages.remote.lcp / pages.floor.lcp,
    staticLcpToFloor: pages.static.lcp / pages.floor.lcp,
    paired: {
      storyLcpToFloor: pairedRatio("story", "lcp"),
      storyFcpToFloor: pairedRatio("story", "fcp"),
      blocksLcpToFloor: pairedRatio("blocks", "lcp", "blocksFloor"),
      remoteLcpToFloor: pairedRatio("remote", "lcp"),
      staticLcpToFloor: pairedRatio("static", "lcp"),
    },
  };
  const result: BenchResult = {
    machine: await machine(loadAtStart),
    settings: {
      slug,
      blocksSlug,
      lighthouseVersion: lighthouse.story.report.lighthouseVersion,
      lighthouseRuns: settings.lighthouseRuns,
      navigationSamples: settings.navigationSamples,
      navigationViewport: `${DESKTOP_VIEWPORT.width}×${DESKTOP_VIEWPORT.height}`,
      apiLatencyMs: API_LATENCY_MS,
    },
    pages,
    ratios,
    navigation: { prefetched, cold, serviceWorker },
    criticalJs: {
      ...critical,
      kbUnit: "1 KB = 1000 bytes",
      extraScriptsBeforeLoad: fetched.beforeLoad.filter((path) => !criticalPaths.has(path)),
      scriptsAfterLoad: fetched.afterLoad,
    },
    targets: [],
    durationSeconds: 0,
  };
  result.targets = targets(result);
  const wordpress = await benchWordPress({ ...appBuild, workDir, lighthouseRuns: settings.lighthouseRuns, progress });
  result.targets.push(...wordpress.targets);
  result.durationSeconds = (performance.now() - started) / 1000;
  return { ...result, wordpress };
}

/**
 * The app as `npm run build` makes it, plus the two floor pages; and a second build whose API is
 * on another origin, without prerendered pages: its server renders stories from that API.
 */
async function buildBoth(workDir: string, remoteApiBase: string) {
  const { slug, blocksSlug } = settings;
  progress(`building the app into ${workDir}/app`);
  const app = await buildApp(join(workDir, "app"), { prerender: true });
  await mkdir(join(app.distDir, "floor"), { recursive: true });
  for (const floorSlug of [slug, blocksSlug]) {
    const storyHtml = await readFile(join(app.distDir, "pages", "articles", `${floorSlug}.html`), "utf8");
    await writeFile(join(app.distDir, "floor", `${floorSlug}.html`), floorPage(storyHtml));
  }
  progress(`building it again with VITE_API_BASE_URL=${remoteApiBase}, without prerendered pages`);
  const remote = await buildApp(join(workDir, "remote"), { apiBaseUrl: remoteApiBase, prerender: false });
  return { app, remote };
}

type Build = Awaited<ReturnType<typeof buildApp>>;

type Serving = {
  appPort: number;
  apiPort: number;
  remotePort: number;
  appBuild: Build;
  remoteBuild: Build;
  remoteApiBase: string;
};

/** Starts the three production servers and requests every URL they will serve once. */
async function serveBoth(
  workDir: string,
  { appPort, apiPort, remotePort, appBuild, remoteBuild, remoteApiBase }: Serving,
) {
  const { slug, blocksSlug } = settings;
  progress("starting the servers");
  const app = await startServer({
    label: "app server",
    port: appPort,
    ...appBuild,
    databasePath: join(workDir, "app.sqlite"),
  });
  // The other origin's API: the same server and content; its dist only has to exist.
  const api = await startServer({
    label: "API server",
    port: apiPort,
    ...appBuild,
    databasePath: join(workDir, "api.sqlite"),
  });
  const remote = await startServer({
    label: "remote-API app server",
    port: remotePort,
    ...remoteBuild,
    databasePath: join(workDir, "remote.sqlite"),
    apiBaseUrl: remoteApiBase,
  });

  progress("warming every URL once");
  const contentPaths = await contentUrlPaths();
  await warm(app.origin, [
    "/",
    `/articles/${slug}`,
    `/floor/${slug}.html`,
    `/articles/${blocksSlug}`,
    `/floor/${blocksSlug}.html`,
    ...(await staticUrlPaths(appBuild.distDir)),
    ...contentPaths,
  ]);
  await warm(api.origin, contentPaths);
  await warm(remote.origin, ["/", `/articles/${slug}`, ...(await staticUrlPaths(remoteBuild.distDir))]);
  return { app, remote };
}

/** The order of each Lighthouse round: a floor runs right after the story it is compared with. */
const pageIds: PageId[] = ["story", "floor", "blocks", "blocksFloor", "remote", "static", "front"];

function forEachPage<T>(make: (id: PageId) => T): Record<PageId, T> {
  return {
    story: make("story"),
    front: make("front"),
    floor: make("floor"),
    blocks: make("blocks"),
    blocksFloor: make("blocksFloor"),
    remote: make("remote"),
    static: make("static"),
  };
}

/**
 * Runs Lighthouse round-robin over the pages (run 1 of each, then run 2, ...), so a slow
 * spell on the machine spreads over every page instead of skewing one.
 */
async function lighthouseAll(pages: Record<PageId, { label: string; url: string }>) {
  const results = forEachPage((): LighthouseResult[] => []);
  const total = settings.lighthouseRuns * pageIds.length;
  for (let run = 0; run < settings.lighthouseRuns; run++) {
    for (const id of pageIds) {
      const { url, label } = pages[id];
      const result = await runLighthouse(url);
      results[id].push(result);
      const done = run * pageIds.length + pageIds.indexOf(id) + 1;
      progress(`lighthouse ${done}/${total} ${label}: ${describeRun(result.run)}`);
    }
  }
  return forEachPage((id): LighthouseSummary => summarise(results[id]));
}

function describeRun(run: LighthouseRun): string {
  return `FCP ${Math.round(run.fcp)} ms, LCP ${Math.round(run.lcp)} ms, TBT ${Math.round(run.tbt)} ms, CLS ${run.cls.toFixed(4)}`;
}

function targets({ pages, ratios, navigation, criticalJs, settings: used }: BenchResult): Target[] {
  const versus = (a: number, b: number) => `${Math.round(a)} / ${Math.round(b)} ms`;
  const beyondFloorTbt = (page: PageResult) => page.tbt - pages.floor.tbt;
  return [
    atMost(
      "story TBT ≤ floor TBT + 150 ms",
      beyondFloorTbt(pages.story),
      150,
      "ms",
      `${versus(pages.story.tbt, pages.floor.tbt)} (TBT − floor's)`,
    ),
    atMost(
      "front page TBT ≤ floor TBT + 150 ms",
      beyondFloorTbt(pages.front),
      150,
      "ms",
      `${versus(pages.front.tbt, pages.floor.tbt)} (TBT − floor's)`,
    ),
    atMost("story LCP ≤ 1.05 × floor LCP", ratios.storyLcpToFloor, 1.05, "×", versus(pages.story.lcp, pages.floor.lcp)),
    atMost("story FCP ≤ 1.05 × floor FCP", ratios.storyFcpToFloor, 1.05, "×", versus(pages.story.fcp, pages.floor.fcp)),
    atMost("story CLS ≤ 0.001", pages.story.cls, 0.001, ""),
    atMost("front page CLS ≤ 0.001", pages.front.cls, 0.001, ""),
    atMost(
      "story with 1.2's blocks: LCP ≤ 1.05 × its floor's",
      ratios.blocksLcpToFloor,
      1.05,
      "×",
      versus(pages.blocks.lcp, pages.blocksFloor.lcp),
    ),
    atMost("story with 1.2's blocks: CLS ≤ 0.001", pages.blocks.cls, 0.001, ""),
    atMost("critical JS ≤ 100 KB gzip", criticalJs.gzipBytes / 1000, 100, "KB", `${criticalJs.files.length} files`),
    atMost(
      "prefetched click → paint ≤ 50 ms",
      navigation.prefetched.medianMs,
      50,
      "ms",
      `median of ${used.navigationSamples}`,
    ),
    atMost(
      `not prefetched, +${used.apiLatencyMs} ms API, click → paint ≤ 250 ms`,
      navigation.cold.medianMs,
      250,
      "ms",
      `median of ${used.navigationSamples}`,
    ),
    atMost(
      "remote-API story LCP ≤ 1.3 × floor LCP",
      ratios.remoteLcpToFloor,
      1.3,
      "×",
      versus(pages.remote.lcp, pages.floor.lcp),
    ),
    atMost(
      "static-host story LCP ≤ 1.3 × floor LCP",
      ratios.staticLcpToFloor,
      1.3,
      "×",
      versus(pages.static.lcp, pages.floor.lcp),
    ),
    atMost("static-host story CLS ≤ 0.001", pages.static.cls, 0.001, ""),
  ];
}

/** URL paths of the built app's own files: assets and public files, not the HTML pages. */
async function staticUrlPaths(distDir: string): Promise<string[]> {
  const entries = await readdir(distDir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(distDir, join(entry.parentPath, entry.name)).split(sep).join("/"))
    .filter((path) => !/^(?:index\.html$|pages\/|floor\/|\.)/.test(path))
    .map((path) => `/${path}`);
}

/** URL paths of the bundled content API and media. */
async function contentUrlPaths(): Promise<string[]> {
  const content = join(ROOT, "content");
  const articles = await readdir(join(content, "api", "articles"));
  const media = await readdir(join(content, "media"));
  return [
    "/api/headlines.json",
    ...articles.filter((name) => name.endsWith(".json")).map((name) => `/api/articles/${name}`),
    ...media.map((name) => `/media/${name}`),
  ];
}

async function machine(loadAtStart: number): Promise<Machine> {
  const git = (args: string[]) =>
    promisify(execFile)("git", args, { cwd: ROOT, timeout: 10_000 }).then(({ stdout }) => stdout.trim());
  const [commit, changes] = await Promise.all([git(["rev-parse", "--short", "HEAD"]), git(["status", "--porcelain"])]);
  return {
    cpu: os.cpus()[0]?.model ?? "unknown",
    cores: os.cpus().length,
    memoryGiB: os.totalmem() / 1024 ** 3,
    node: process.version,
    chromium: await chromiumVersion(),
    loadAverage: { start: loadAtStart, end: os.loadavg()[0] ?? Number.NaN },
    commit: changes ? `${commit} with uncommitted changes (the working tree is what was built)` : commit,
  };
}

function positiveInteger(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  if (!/^[1-9]\d*$/.test(raw)) throw new Error(`${name} must be a positive whole number, got "${raw}".`);
  return Number(raw);
}

let cleaning: Promise<void> | undefined;

function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    killLighthouseChromes();
    await held.staticHost?.close();
    await held.browser?.close().catch((error: unknown) => progress(`closing the browser: ${String(error)}`));
    await stopAllProcesses();
    if (held.workDir) await rm(held.workDir, { recursive: true, force: true });
  })();
  return cleaning;
}

for (const [signal, code] of [
  ["SIGINT", 130],
  ["SIGTERM", 143],
] as const) {
  process.once(signal, () => {
    progress(`${signal}: stopping the servers and browsers, removing temporary files`);
    void cleanUp().finally(() => process.exit(code));
  });
}

try {
  const result = await main();
  await cleanUp();
  console.log(formatReport(result));
  console.log(`BENCH_JSON ${formatJson(result)}`);
  // The daily email's bench needs no build or browser; it runs after the pages, on its own.
  const digest = await benchDigest(progress);
  console.log(formatDigestBench(digest));
  console.log(`BENCH_DIGEST_JSON ${JSON.stringify(digest)}`);
} catch (error) {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  console.error("The bench could not measure everything (see above).");
  await cleanUp();
  process.exitCode = 1;
}
