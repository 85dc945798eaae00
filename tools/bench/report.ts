import type { CriticalJs } from "./criticalJs.ts";
import type { LighthouseSummary } from "./lighthouse.ts";
import type { NavigationSummary } from "./navigation.ts";
import type { Target } from "./targets.ts";

export type Machine = {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  chromium: string;
  /** 1-minute load average when the bench started and ended: other work skews the figures. */
  loadAverage: { start: number; end: number };
  commit: string;
};

export type PageResult = Omit<LighthouseSummary, "report"> & { label: string; url: string };

type Ratios = {
  storyLcpToFloor: number;
  storyFcpToFloor: number;
  /** The story with contract 1.2's blocks against its own floor. */
  blocksLcpToFloor: number;
  remoteLcpToFloor: number;
  staticLcpToFloor: number;
};

export type BenchResult = {
  machine: Machine;
  settings: {
    slug: string;
    blocksSlug: string;
    lighthouseVersion: string;
    lighthouseRuns: number;
    navigationSamples: number;
    navigationViewport: string;
    apiLatencyMs: number;
  };
  pages: {
    story: PageResult;
    front: PageResult;
    floor: PageResult;
    blocks: PageResult;
    blocksFloor: PageResult;
    remote: PageResult;
    static: PageResult;
  };
  ratios: Ratios & {
    /** Median of the per-round ratios: each round runs the story, then the floor, then the
     * remote story, so a busy spell on the machine hits both sides of a pair alike. */
    paired: Ratios;
  };
  /** serviceWorker: the build had one, and each click waited until it controlled the page. */
  navigation: { prefetched: NavigationSummary; cold: NavigationSummary; serviceWorker: boolean };
  criticalJs: CriticalJs & { kbUnit: string; extraScriptsBeforeLoad: string[]; scriptsAfterLoad: string[] };
  targets: Target[];
  durationSeconds: number;
};

const ms = (value: number) => `${Math.round(value)} ms`;

/** The human-readable report; the machine-readable one is the BENCH_JSON line. */
export function formatReport(result: BenchResult): string {
  const { machine, settings, pages } = result;
  const lines: string[] = [];
  lines.push(
    "Dispatch bench",
    `  machine   ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB.toFixed(1)} GiB, Node ${machine.node}, ${machine.chromium}`,
    `  load avg  ${machine.loadAverage.start.toFixed(2)} at start, ${machine.loadAverage.end.toFixed(2)} at end (1 min)`,
    `  code      ${machine.commit}`,
    `  story     ${settings.slug}; with 1.2's blocks: ${settings.blocksSlug}`,
    "",
    `Lighthouse ${settings.lighthouseVersion}, mobile preset (simulated slow 4G, 4× CPU), median of ${settings.lighthouseRuns} runs, fresh Chromium each run`,
    "  (CPU index: Lighthouse's benchmarkIndex during the runs; it falls when other work shares the CPU)",
  );
  const pageRows = Object.values(pages).map((page) => [
    page.label,
    String(Math.round(page.fcp)),
    String(Math.round(page.lcp)),
    String(Math.round(page.tbt)),
    String(Math.round((page === pages.blocks ? pages.blocksFloor : pages.floor).tbt)),
    page.cls.toFixed(4),
    (page.totalBytes / 1000).toFixed(1),
    (page.scriptBytes / 1000).toFixed(1),
    String(Math.round(page.benchmarkIndex)),
    page.runs.map((run) => Math.round(run.lcp)).join(" "),
  ]);
  lines.push(
    ...table(
      [
        "page",
        "FCP ms",
        "LCP ms",
        "TBT ms",
        "floor TBT ms",
        "CLS",
        "bytes KB",
        "script KB",
        "CPU index",
        "LCP of each run (ms)",
      ],
      pageRows,
    ),
  );
  const { ratios } = result;
  const ratio = (value: number) => `${value.toFixed(3)}×`;
  lines.push(
    "",
    "Ratios to the floor       median / median   median of same-round pairs",
    `  story LCP / floor LCP   ${ratio(ratios.storyLcpToFloor).padStart(15)}   ${ratio(ratios.paired.storyLcpToFloor)}`,
    `  story FCP / floor FCP   ${ratio(ratios.storyFcpToFloor).padStart(15)}   ${ratio(ratios.paired.storyFcpToFloor)}`,
    `  blocks LCP / its floor  ${ratio(ratios.blocksLcpToFloor).padStart(15)}   ${ratio(ratios.paired.blocksLcpToFloor)}`,
    `  remote LCP / floor LCP  ${ratio(ratios.remoteLcpToFloor).padStart(15)}   ${ratio(ratios.paired.remoteLcpToFloor)}`,
    `  static LCP / floor LCP  ${ratio(ratios.staticLcpToFloor).padStart(15)}   ${ratio(ratios.paired.staticLcpToFloor)}`,
  );
  lines.push("", "Where the time went (the run nearest the median LCP)");
  for (const page of Object.values(pages)) {
    const d = page.diagnostics;
    const top = d.mainThreadTop.map((group) => `${group.label} ${Math.round(group.ms)}`).join(", ");
    lines.push(
      `  ${page.label}`,
      `    unthrottled (as observed): FCP ${ms(d.observed.fcp)}, LCP ${ms(d.observed.lcp)}, DOMContentLoaded ${ms(d.observed.domContentLoaded)}, load ${ms(d.observed.load)}`,
      `    main thread (4× CPU): ${ms(d.mainThreadMs)} (${top}); script boot-up ${ms(d.scriptBootupMs)}; ${d.longTasks.count} long tasks, longest ${ms(d.longTasks.longestMs)} (${shortUrl(d.longTasks.longestUrl)})`,
    );
  }

  const { prefetched, cold } = result.navigation;
  lines.push(
    "",
    `Related-story navigation, Playwright desktop ${settings.navigationViewport}, click → new headline painted, ${settings.navigationSamples} samples each`,
    "  (each scrolls the link into view and waits half a second, as a reader finds it and points, before hovering or clicking)",
    ...table(
      ["mode", "median ms", "min", "max"],
      [
        navigationRow("prefetched (hover, JSON arrived, click)", prefetched),
        navigationRow(`not prefetched, +${settings.apiLatencyMs} ms API latency`, cold),
      ],
    ),
    result.navigation.serviceWorker
      ? "  (the app's service worker controlled the page before every click)"
      : "  (the build has no service worker)",
  );

  const critical = result.criticalJs;
  lines.push(
    "",
    `Critical JS of a story page (entry + static imports from the Vite manifest; gzip -9; ${critical.kbUnit})`,
    ...table(
      ["file", "raw KB", "gzip KB"],
      [
        ...critical.files.map((file) => [
          file.file,
          (file.bytes / 1000).toFixed(1),
          (file.gzipBytes / 1000).toFixed(1),
        ]),
        ["total", "", (critical.gzipBytes / 1000).toFixed(1)],
      ],
    ),
    `  SignupDialog in the critical set: ${critical.signupDialogChunks.length === 0 ? "no" : critical.signupDialogChunks.join(", ")}`,
    `  other JS fetched before load:     ${critical.extraScriptsBeforeLoad.length === 0 ? "none" : critical.extraScriptsBeforeLoad.join(", ")}`,
    `  JS fetched after load:            ${critical.scriptsAfterLoad.length === 0 ? "none" : critical.scriptsAfterLoad.join(", ")}`,
  );

  lines.push("", "Targets");
  lines.push(
    ...table(
      ["", "target", "measured", "limit", "from"],
      result.targets.map((target) => [
        target.pass ? "✓" : "✗",
        target.name,
        formatValue(target.value, target.unit),
        formatValue(target.limit, target.unit),
        target.basis,
      ]),
    ),
  );
  const missed = result.targets.filter((target) => !target.pass).length;
  lines.push(
    "",
    `${result.targets.length - missed} of ${result.targets.length} targets met. Took ${Math.round(result.durationSeconds)} s.`,
  );
  return lines.join("\n");
}

function shortUrl(url: string): string {
  return URL.canParse(url) ? new URL(url).pathname : url;
}

/** JSON with fractions cut to 5 significant digits: the measurements carry no more. */
export function formatJson(result: BenchResult): string {
  return JSON.stringify(result, (_, value: unknown) =>
    typeof value === "number" && !Number.isInteger(value) ? Number(value.toPrecision(5)) : value,
  );
}

function navigationRow(label: string, summary: NavigationSummary): string[] {
  return [
    label,
    summary.medianMs.toFixed(1),
    Math.min(...summary.samples).toFixed(1),
    Math.max(...summary.samples).toFixed(1),
  ];
}

function formatValue(value: number, unit: Target["unit"]): string {
  if (unit === "×") return `${value.toFixed(3)}×`;
  if (unit === "ms") return ms(value);
  if (unit === "KB") return `${value.toFixed(1)} KB`;
  return value.toFixed(4);
}

/** Left-aligned text, right-aligned numbers, two spaces between columns. */
function table(header: string[], rows: string[][]): string[] {
  const all = [header, ...rows];
  const widths = header.map((_, column) => Math.max(...all.map((row) => [...(row[column] ?? "")].length)));
  const numeric = header.map((_, column) => rows.every((row) => /^[-\d.]*$/.test(row[column] ?? "")));
  const format = (row: string[]) =>
    `  ${row
      .map((cell, column) => {
        const width = widths[column] ?? 0;
        return numeric[column] ? cell.padStart(width) : cell.padEnd(width);
      })
      .join("  ")
      .trimEnd()}`;
  return [format(header), ...rows.map(format)];
}
