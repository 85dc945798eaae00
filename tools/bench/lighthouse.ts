import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import type { Result } from "lighthouse";
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from "../../e2e/chromium.ts";
import { median } from "./stats.ts";

const RUN_TIMEOUT_MS = 120_000;

export type LighthouseRun = {
  fcp: number;
  lcp: number;
  tbt: number;
  cls: number;
  totalBytes: number;
  scriptBytes: number;
  /** Lighthouse's CPU speed estimate taken during the run; lower means a busier or slower machine. */
  benchmarkIndex: number;
};

export type LighthouseSummary = LighthouseRun & {
  runs: LighthouseRun[];
  /** Where the time went in the run whose LCP is nearest the median. */
  diagnostics: Diagnostics;
  /** That run's full report, for a closer look. */
  report: Result;
};

export type Diagnostics = {
  /** Unthrottled timings as the browser saw them, before Lighthouse simulates a slow phone. */
  observed: { fcp: number; lcp: number; domContentLoaded: number; load: number };
  mainThreadMs: number;
  mainThreadTop: { label: string; ms: number }[];
  scriptBootupMs: number;
  longTasks: { count: number; totalMs: number; longestMs: number; longestUrl: string };
  /** Audits that failed to compute, by id (this Chromium breaks a few trace-based ones). */
  auditErrors: string[];
};

/**
 * One Lighthouse run with its default (mobile, simulated throttling) settings in a fresh
 * Chromium with its own temporary profile, so nothing is cached from an earlier run.
 */
async function lighthouseOnce(url: string): Promise<LighthouseResult> {
  const chrome = await chromeLauncher.launch({
    chromePath: CHROMIUM_PATH,
    chromeFlags: CHROMIUM_FLAGS,
    // The bench stops its own processes on Ctrl-C; chrome-launcher's handler would exit first.
    handleSIGINT: false,
    logLevel: "silent",
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`Lighthouse took over ${RUN_TIMEOUT_MS / 1000} s on ${url}.`)),
        RUN_TIMEOUT_MS,
      );
    });
    const result = await Promise.race([
      lighthouse(url, { port: chrome.port, output: "json", logLevel: "error", onlyCategories: ["performance"] }),
      timeout,
    ]);
    if (!result) throw new Error(`Lighthouse returned no result for ${url}.`);
    const report = result.lhr;
    if (report.runtimeError) throw new Error(`Lighthouse failed on ${url}: ${report.runtimeError.message}`);
    const { formFactor, throttlingMethod } = report.configSettings;
    if (formFactor !== "mobile" || throttlingMethod !== "simulate") {
      throw new Error(`Expected Lighthouse's mobile preset, got ${formFactor} with ${throttlingMethod} throttling.`);
    }
    return { run: readRun(report), report };
  } finally {
    clearTimeout(timer);
    chrome.kill();
  }
}

export type LighthouseResult = { run: LighthouseRun; report: Result };

/**
 * A fresh Chromium occasionally fails to start or to record its trace (Lighthouse's
 * NO_NAVSTART, which asks to be run again): one retry, then the error stands.
 */
export async function runLighthouse(url: string): Promise<LighthouseResult> {
  try {
    return await lighthouseOnce(url);
  } catch (error) {
    console.error(
      `[bench] lighthouse failed on ${url}, retrying once: ${error instanceof Error ? error.message : error}`,
    );
    return lighthouseOnce(url);
  }
}

/** Stops any Chromium that `runLighthouse` launched and has not stopped (on Ctrl-C). */
export function killLighthouseChromes(): void {
  chromeLauncher.killAll();
}

export function summarise(results: LighthouseResult[]): LighthouseSummary {
  const runs = results.map((result) => result.run);
  const pick = (metric: keyof LighthouseRun) => median(runs.map((run) => run[metric]));
  const lcp = pick("lcp");
  const typical = results.reduce((best, result) =>
    Math.abs(result.run.lcp - lcp) < Math.abs(best.run.lcp - lcp) ? result : best,
  );
  return {
    fcp: pick("fcp"),
    lcp,
    tbt: pick("tbt"),
    cls: pick("cls"),
    totalBytes: pick("totalBytes"),
    scriptBytes: pick("scriptBytes"),
    benchmarkIndex: pick("benchmarkIndex"),
    runs,
    diagnostics: readDiagnostics(typical.report),
    report: typical.report,
  };
}

function readRun(report: Result): LighthouseRun {
  const scripts = tableItems(report, "network-requests").filter((item) => item.resourceType === "Script");
  return {
    fcp: numericValue(report, "first-contentful-paint"),
    lcp: numericValue(report, "largest-contentful-paint"),
    tbt: numericValue(report, "total-blocking-time"),
    cls: numericValue(report, "cumulative-layout-shift"),
    totalBytes: numericValue(report, "total-byte-weight"),
    scriptBytes: scripts.reduce((sum, item) => sum + numberField(item, "transferSize"), 0),
    benchmarkIndex: report.environment.benchmarkIndex,
  };
}

function readDiagnostics(report: Result): Diagnostics {
  const metrics = tableItems(report, "metrics")[0] ?? {};
  return {
    observed: {
      fcp: numberField(metrics, "observedFirstContentfulPaint"),
      lcp: numberField(metrics, "observedLargestContentfulPaint"),
      domContentLoaded: numberField(metrics, "observedDomContentLoaded"),
      load: numberField(metrics, "observedLoad"),
    },
    mainThreadMs: report.audits["mainthread-work-breakdown"]?.numericValue ?? Number.NaN,
    mainThreadTop: tableItems(report, "mainthread-work-breakdown")
      .map((item) => ({ label: stringField(item, "groupLabel"), ms: numberField(item, "duration") }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 4),
    scriptBootupMs: report.audits["bootup-time"]?.numericValue ?? Number.NaN,
    longTasks: summariseLongTasks(tableItems(report, "long-tasks")),
    auditErrors: Object.values(report.audits)
      .filter((audit) => audit.errorMessage)
      .map((audit) => audit.id),
  };
}

function summariseLongTasks(items: Item[]): Diagnostics["longTasks"] {
  const tasks = items.map((item) => ({ url: stringField(item, "url"), ms: numberField(item, "duration") }));
  const longest = tasks.reduce((max, task) => (task.ms > max.ms ? task : max), { url: "", ms: 0 });
  return {
    count: tasks.length,
    totalMs: tasks.reduce((sum, task) => sum + task.ms, 0),
    longestMs: longest.ms,
    longestUrl: longest.url,
  };
}

function numericValue(report: Result, id: string): number {
  const value = report.audits[id]?.numericValue;
  if (typeof value !== "number" || !Number.isFinite(value)) {
    const reason = report.audits[id]?.errorMessage ?? "no value";
    throw new Error(`Lighthouse could not measure ${id} on ${report.finalDisplayedUrl}: ${reason}`);
  }
  return value;
}

type Item = Record<string, unknown>;

/** The rows of an audit's table, whatever their declared shape; empty when it has none. */
function tableItems(report: Result, id: string): Item[] {
  const details: unknown = report.audits[id]?.details;
  if (!isItem(details) || !Array.isArray(details.items)) return [];
  return details.items.filter(isItem);
}

function isItem(value: unknown): value is Item {
  return typeof value === "object" && value !== null;
}

function numberField(item: Item, key: string): number {
  const value = item[key];
  return typeof value === "number" ? value : Number.NaN;
}

function stringField(item: Item, key: string): string {
  const value = item[key];
  return typeof value === "string" ? value : "";
}
