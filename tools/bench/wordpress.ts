/**
 * The WordPress-sourced run of `npm run bench`: the production server reads a WordPress-like
 * site on loopback (CONTENT_SOURCE=wordpress:…) and renders its stories itself. Measures the
 * story's LCP against its own floor (the same server-rendered page without scripts), its CLS,
 * and the server's answer time for a story page it has already rendered (autocannon, one
 * connection, so the figure is the server's, not a queue's).
 *
 * Run alone against an existing build (`npm run build` first): `node --import tsx tools/bench/wordpress.ts`.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import autocannon from "autocannon";
import { startFakeSite } from "../../server/testing/sources.ts";
import { floorPage } from "./floor.ts";
import { killLighthouseChromes, type LighthouseResult, runLighthouse, summarise } from "./lighthouse.ts";
import type { LighthouseSummary } from "./lighthouse.ts";
import { ROOT } from "./paths.ts";
import { stopAllProcesses } from "./processes.ts";
import { freePorts } from "../../server/testing/ports.ts";
import { startServer, warm } from "./server.ts";
import { median } from "./stats.ts";
import { atMost } from "./targets.ts";
import type { Target } from "./targets.ts";

export type WordPressBench = {
  story: Omit<LighthouseSummary, "report">;
  floor: Omit<LighthouseSummary, "report">;
  storyLcpToFloor: number;
  pairedStoryLcpToFloor: number;
  /** autocannon reports percentiles in whole milliseconds; the mean has the fraction. */
  cachedStoryMs: { p50: number; p99: number; mean: number; requests: number };
  targets: Target[];
};

const SLUG = "coast-story-1";

export async function benchWordPress(options: {
  distDir: string;
  ssrDir: string;
  workDir: string;
  lighthouseRuns: number;
  progress: (message: string) => void;
}): Promise<WordPressBench> {
  const { distDir, ssrDir, workDir, lighthouseRuns, progress } = options;
  const site = await startFakeSite({ posts: 8 });
  try {
    const [port] = await freePorts(1);
    if (port === undefined) throw new Error("Could not reserve a port.");
    progress(`WordPress-sourced server reading ${site.url}`);
    const server = await startServer({
      label: "WordPress-sourced server",
      port,
      distDir,
      ssrDir,
      databasePath: join(workDir, "wordpress.sqlite"),
      env: { CONTENT_SOURCE: `wordpress:${site.url}` },
    });
    const floorFile = join(distDir, "floor", `wordpress-${SLUG}.html`);
    try {
      const storyUrl = `${server.origin}/articles/${SLUG}`;
      const html = await (await fetch(storyUrl)).text();
      if (!html.includes("<h1"))
        throw new Error(`The WordPress-sourced story was not rendered on the server:\n${html.slice(0, 500)}`);
      await mkdir(join(distDir, "floor"), { recursive: true });
      await writeFile(floorFile, floorPage(html));
      const floorUrl = `${server.origin}/floor/wordpress-${SLUG}.html`;
      await warm(server.origin, [`/articles/${SLUG}`, `/floor/wordpress-${SLUG}.html`, "/api/headlines.json"]);

      const story: LighthouseResult[] = [];
      const floor: LighthouseResult[] = [];
      for (let run = 0; run < lighthouseRuns; run++) {
        story.push(await runLighthouse(storyUrl));
        floor.push(await runLighthouse(floorUrl));
        progress(
          `lighthouse WordPress ${run + 1}/${lighthouseRuns}: story LCP ${Math.round(story[run]?.run.lcp ?? 0)} ms, floor LCP ${Math.round(floor[run]?.run.lcp ?? 0)} ms`,
        );
      }
      const { report: _story, ...storySummary } = summarise(story);
      const { report: _floor, ...floorSummary } = summarise(floor);

      progress("WordPress-sourced story page, already rendered: 500 requests on one connection");
      const load = await autocannon({
        url: storyUrl,
        connections: 1,
        amount: 500,
        headers: { "Accept-Encoding": "br" },
      });
      if (load.non2xx > 0 || load.errors > 0)
        throw new Error(`${load.non2xx} non-2xx answers and ${load.errors} errors.`);
      const cachedStoryMs = {
        p50: load.latency.p50,
        p99: load.latency.p99,
        mean: load.latency.average,
        requests: load.requests.total,
      };

      const storyLcpToFloor = storySummary.lcp / floorSummary.lcp;
      const pairedStoryLcpToFloor = median(story.map((entry, i) => entry.run.lcp / (floor[i]?.run.lcp ?? Number.NaN)));
      const versus = `${Math.round(storySummary.lcp)} / ${Math.round(floorSummary.lcp)} ms`;
      return {
        story: storySummary,
        floor: floorSummary,
        storyLcpToFloor,
        pairedStoryLcpToFloor,
        cachedStoryMs,
        targets: [
          atMost("WordPress story LCP ≤ 1.1 × its floor LCP", storyLcpToFloor, 1.1, "×", versus),
          atMost("WordPress story CLS ≤ 0.001", storySummary.cls, 0.001, ""),
          atMost(
            "WordPress cached story page, server answer p50 ≤ 20 ms",
            cachedStoryMs.p50,
            20,
            "ms",
            `mean ${cachedStoryMs.mean.toFixed(2)} ms, p99 ${cachedStoryMs.p99} ms`,
          ),
        ],
      };
    } finally {
      await server.stop();
      await rm(floorFile, { force: true });
    }
  } finally {
    await site.close();
  }
}

// Run alone: `node --import tsx tools/bench/wordpress.ts` against dist/ and dist-ssr/.
if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const workDir = await mkdtemp(join(ROOT, "node_modules", ".cache", "dispatch-bench-wordpress-"));
  try {
    const result = await benchWordPress({
      distDir: join(ROOT, process.env.DIST_DIR || "dist"),
      ssrDir: join(ROOT, process.env.SSR_DIR || "dist-ssr"),
      workDir,
      lighthouseRuns: Number(process.env.BENCH_RUNS || 3),
      progress: (message) => console.error(`[bench] ${message}`),
    });
    for (const target of result.targets) {
      console.log(
        `${target.pass ? "met   " : "MISSED"} ${target.name}: ${target.value.toFixed(3)} ${target.unit} ${target.basis}`,
      );
    }
    console.log(
      `BENCH_WORDPRESS_JSON ${JSON.stringify({ ...result, story: undefined, floor: undefined, storyLcp: result.story.lcp, floorLcp: result.floor.lcp, cls: result.story.cls })}`,
    );
  } finally {
    killLighthouseChromes();
    await stopAllProcesses();
    await rm(workDir, { recursive: true, force: true });
  }
}
