/**
 * Generates the illustrations for the bundled sample content into content/media/.
 *
 *   npx tsx tools/make-images/make-images.ts
 *
 * Every image is a procedural SVG (no text, so no fonts are needed) rendered with sharp to
 *   {name}-1200.jpg                          the Image's own `src`
 *   {name}-{240,480,800,1200}.avif / .webp   its `sources`
 * The drawings are seeded from the image name, so the output is deterministic; files whose
 * bytes are unchanged are not rewritten, so running the script twice changes nothing.
 */
import { mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import sharp from "sharp";

export type Scene =
  | "bridge"
  | "mill"
  | "storm"
  | "finish"
  | "seagrass"
  | "estuaryMap"
  | "shopfronts"
  | "barChart"
  | "ferry"
  | "comet"
  | "rowing"
  | "market"
  | "lighthouse"
  | "lens"
  | "cottage"
  | "fields"
  | "lanterns";

export interface ImageSpec {
  /** File stem: files are /media/{name}-{width}.{ext}. */
  name: string;
  /** Intrinsic size of the largest rendition (the JPEG). */
  width: number;
  height: number;
  scene: Scene;
}

/** Files in content/media that make-video.ts (beside this script) makes, or that are written by hand (captions). */
const OTHER_GENERATED = new Set(["regatta-sprint.webm", "regatta-sprint-poster.jpg", "regatta-sprint.en.vtt"]);

/** Widths of the AVIF and WebP variants; the JPEG exists at the largest only. */
export const VARIANT_WIDTHS = [240, 480, 800, 1200] as const;

export const IMAGES: readonly ImageSpec[] = [
  { name: "harbour-bridge-dusk", width: 1200, height: 800, scene: "bridge" },
  { name: "tide-mill", width: 1200, height: 800, scene: "mill" },
  { name: "storm-breakwater", width: 1200, height: 675, scene: "storm" },
  { name: "marathon-finish", width: 1200, height: 800, scene: "finish" },
  { name: "seagrass-meadow", width: 1200, height: 800, scene: "seagrass" },
  { name: "seagrass-map", width: 1200, height: 800, scene: "estuaryMap" },
  { name: "cannery-quarter", width: 1200, height: 800, scene: "shopfronts" },
  { name: "cannery-rents-chart", width: 1200, height: 800, scene: "barChart" },
  { name: "electric-ferry", width: 1200, height: 800, scene: "ferry" },
  { name: "comet-dawn", width: 1200, height: 900, scene: "comet" },
  { name: "rowing-eight", width: 1200, height: 800, scene: "rowing" },
  { name: "quay-market", width: 1200, height: 800, scene: "market" },
  { name: "greyhaven-light", width: 1200, height: 800, scene: "lighthouse" },
  { name: "greyhaven-lens", width: 1200, height: 800, scene: "lens" },
  { name: "keepers-cottage", width: 1200, height: 800, scene: "cottage" },
  { name: "dunmore-fields", width: 1200, height: 800, scene: "fields" },
  { name: "lantern-festival", width: 1200, height: 800, scene: "lanterns" },
  { name: "regatta-sprint", width: 1200, height: 675, scene: "rowing" },
];

/** Cannery Quarter average rent per m² (2025, 2026) on six streets; the story quotes these figures. */
export const CANNERY_RENTS: ReadonlyArray<readonly [number, number]> = [
  [150, 162],
  [130, 170],
  [165, 186],
  [110, 128],
  [120, 141],
  [140, 158],
];

const MEDIA_DIR = resolve(import.meta.dirname, "..", "..", "content", "media");

/** The variant files of one image, as the content JSON lists them in `sources`. */
export function sourcesFor(spec: ImageSpec): { src: string; width: number; type: string }[] {
  const formats = [
    ["avif", "image/avif"],
    ["webp", "image/webp"],
  ] as const;
  return formats.flatMap(([ext, type]) =>
    VARIANT_WIDTHS.map((width) => ({ src: `/media/${spec.name}-${width}.${ext}`, width, type })),
  );
}

/* ------------------------------------------------------------------ drawing helpers */

type Pt = readonly [number, number];
type Stop = readonly [offset: number, color: string, opacity?: number];

function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Math.round(v * 100) / 100);
}

/** Template tag that prints numbers compactly. */
function s(strings: TemplateStringsArray, ...values: Array<string | number>): string {
  let out = strings[0] ?? "";
  values.forEach((v, i) => {
    out += (typeof v === "number" ? fmt(v) : v) + (strings[i + 1] ?? "");
  });
  return out;
}

function hashString(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

/** Small seeded PRNG (mulberry32). */
class Rand {
  private state: number;
  constructor(seed: string) {
    this.state = hashString(seed);
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = Math.imul(this.state ^ (this.state >>> 15), 1 | this.state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  range(min: number, max: number): number {
    return min + (max - min) * this.next();
  }
  int(min: number, max: number): number {
    return Math.floor(this.range(min, max + 1));
  }
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error("pick from an empty list");
    return item;
  }
}

function stopsXml(stops: readonly Stop[]): string {
  return stops
    .map(([o, c, a]) => s`<stop offset="${o}" stop-color="${c}"${a === undefined ? "" : s` stop-opacity="${a}"`}/>`)
    .join("");
}

function linear(id: string, stops: readonly Stop[], x1 = 0, y1 = 0, x2 = 0, y2 = 1): string {
  return s`<linearGradient id="${id}" x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}">${stopsXml(stops)}</linearGradient>`;
}

function radial(id: string, stops: readonly Stop[], cx = 0.5, cy = 0.5, r = 0.5): string {
  return s`<radialGradient id="${id}" cx="${cx}" cy="${cy}" r="${r}">${stopsXml(stops)}</radialGradient>`;
}

function blur(id: string, sd: number): string {
  return s`<filter id="${id}" x="-50%" y="-50%" width="200%" height="200%"><feGaussianBlur stdDeviation="${sd}"/></filter>`;
}

function rect(x: number, y: number, w: number, h: number, fill: string, extra = ""): string {
  return s`<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="${fill}"${extra ? ` ${extra}` : ""}/>`;
}

function circle(cx: number, cy: number, r: number, fill: string, extra = ""): string {
  return s`<circle cx="${cx}" cy="${cy}" r="${r}" fill="${fill}"${extra ? ` ${extra}` : ""}/>`;
}

function ellipse(cx: number, cy: number, rx: number, ry: number, fill: string, extra = ""): string {
  return s`<ellipse cx="${cx}" cy="${cy}" rx="${rx}" ry="${ry}" fill="${fill}"${extra ? ` ${extra}` : ""}/>`;
}

function poly(points: readonly Pt[], fill: string, extra = ""): string {
  const list = points.map(([x, y]) => `${fmt(x)},${fmt(y)}`).join(" ");
  return `<polygon points="${list}" fill="${fill}"${extra ? ` ${extra}` : ""}/>`;
}

function line(x1: number, y1: number, x2: number, y2: number, stroke: string, width: number, extra = ""): string {
  return s`<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="${stroke}" stroke-width="${width}"${extra ? ` ${extra}` : ""}/>`;
}

/** A smooth open path through the points (quadratic curves between midpoints). */
function smooth(points: readonly Pt[]): string {
  const [first, ...rest] = points;
  if (!first) return "";
  let d = s`M${first[0]} ${first[1]}`;
  let prev: Pt = first;
  for (const p of rest) {
    d += s` Q${prev[0]} ${prev[1]} ${(prev[0] + p[0]) / 2} ${(prev[1] + p[1]) / 2}`;
    prev = p;
  }
  return d + s` L${prev[0]} ${prev[1]}`;
}

/** A filled silhouette of hills whose crest wanders around y, closed down to `bottom`. */
function ridge(r: Rand, w: number, bottom: number, y: number, amp: number, segments: number): string {
  const pts: Pt[] = [];
  for (let i = 0; i <= segments; i++) pts.push([(i / segments) * (w + 40) - 20, y + r.range(-amp, amp)]);
  return `${smooth(pts)} L${fmt(w + 20)} ${fmt(bottom)} L-20 ${fmt(bottom)} Z`;
}

function birds(r: Rand, n: number, box: readonly [number, number, number, number], color: string, scale = 1): string {
  const [x0, y0, x1, y1] = box;
  let out = "";
  for (let i = 0; i < n; i++) {
    const x = r.range(x0, x1);
    const y = r.range(y0, y1);
    const z = r.range(6, 12) * scale;
    out += s`<path d="M${x - z} ${y - z * 0.35} Q${x - z * 0.45} ${y - z * 0.65} ${x} ${y} Q${x + z * 0.45} ${y - z * 0.65} ${x + z} ${y - z * 0.35}" fill="none" stroke="${color}" stroke-width="${1.8 * scale}" stroke-linecap="round"/>`;
  }
  return out;
}

/** Horizontal glints on water. */
function ripples(
  r: Rand,
  n: number,
  box: readonly [number, number, number, number],
  color: string,
  opacity: number,
): string {
  const [x0, y0, x1, y1] = box;
  let out = "";
  for (let i = 0; i < n; i++) {
    const y = r.range(y0, y1);
    const depth = (y - y0) / Math.max(1, y1 - y0);
    const len = r.range(14, 60) * (0.5 + depth);
    const x = r.range(x0, x1);
    out += rect(x, y, len, 1 + depth * 2, color, s`opacity="${opacity * r.range(0.5, 1)}"`);
  }
  return out;
}

interface Canvas {
  w: number;
  h: number;
  r: Rand;
}

/* ------------------------------------------------------------------ scenes */

function bridge({ w, h, r }: Canvas): string {
  const hz = h * 0.64;
  const deckY = h * 0.55;
  const topY = h * 0.19;
  const t1 = w * 0.27;
  const t2 = w * 0.75;
  const tw = w * 0.017;
  const dip = deckY - h * 0.018;
  const ink = "#171329";
  const sunX = w * 0.62;
  const sunY = hz - h * 0.05;
  let out = `<defs>${linear("sky", [
    [0, "#1b2a4e"],
    [0.45, "#6b4f8a"],
    [0.82, "#e8875a"],
    [1, "#f6c27a"],
  ])}${linear("sea", [
    [0, "#f0a868"],
    [0.3, "#9c5f6e"],
    [1, "#18203b"],
  ])}${radial("glow", [
    [0, "#ffe3b0", 0.85],
    [1, "#ffe3b0", 0],
  ])}</defs>`;
  out += rect(0, 0, w, hz, "url(#sky)");
  out += circle(sunX, sunY, w * 0.2, "url(#glow)");
  out += circle(sunX, sunY, w * 0.05, "#ffe9c7");
  out += s`<path d="${ridge(r, w, hz + 2, hz - h * 0.035, h * 0.02, 7)}" fill="#4a3b63" opacity="0.9"/>`;
  out += rect(0, hz, w, h - hz, "url(#sea)");
  for (let i = 0; i < 14; i++) {
    const y = hz + 6 + i * ((h - hz) / 15);
    const half = w * 0.07 * (1 - i / 18) * r.range(0.5, 1.1);
    out += rect(sunX - half, y, half * 2, 2 + i * 0.3, "#ffe3b0", s`opacity="${0.55 - i * 0.03}"`);
  }
  out += ripples(r, 70, [0, hz + 8, w, h], "#2a2746", 0.35);
  // reflections of the towers
  for (const x of [t1, t2]) out += rect(x - tw / 2, hz, tw, (h - hz) * 0.55, ink, `opacity="0.25"`);
  // deck and truss
  out += rect(-10, deckY, w + 20, h * 0.016, ink);
  out += rect(-10, deckY + h * 0.016, w + 20, h * 0.006, ink, `opacity="0.6"`);
  for (let x = -10; x < w + 10; x += 18) {
    out += line(x, deckY + h * 0.016, x + 9, deckY + h * 0.022, ink, 1.5, `opacity="0.6"`);
  }
  // towers
  for (const x of [t1, t2]) {
    out += rect(x - tw / 2, topY, tw, hz - topY + 4, ink);
    out += rect(x - tw * 0.9, topY - 6, tw * 1.8, 8, ink);
    out += rect(x - tw * 1.3, hz - h * 0.02, tw * 2.6, h * 0.03, ink);
  }
  // main and side cables with hangers
  out += s`<path d="M${t1} ${topY} Q${(t1 + t2) / 2} ${2 * dip - topY} ${t2} ${topY}" fill="none" stroke="${ink}" stroke-width="4"/>`;
  out += s`<path d="M${t1} ${topY} Q${t1 * 0.55} ${deckY - h * 0.1} -10 ${deckY - h * 0.01}" fill="none" stroke="${ink}" stroke-width="3.5"/>`;
  out += s`<path d="M${t2} ${topY} Q${t2 + (w - t2) * 0.45} ${deckY - h * 0.1} ${w + 10} ${deckY - h * 0.01}" fill="none" stroke="${ink}" stroke-width="3.5"/>`;
  for (let x = t1 + 14; x < t2 - 6; x += 14) {
    const u = (x - t1) / (t2 - t1);
    const cy = topY + 4 * (dip - topY) * u * (1 - u);
    out += line(x, cy, x, deckY, ink, 1.3);
  }
  out += birds(r, 5, [w * 0.1, h * 0.12, w * 0.45, h * 0.3], ink);
  return out;
}

function mill({ w, h, r }: Canvas): string {
  const water = h * 0.62;
  const x0 = w * 0.46;
  const bw = w * 0.3;
  const base = h * 0.66;
  const bh = h * 0.2;
  const wheelX = x0 - w * 0.055;
  const wheelY = base - h * 0.03;
  const wheelR = h * 0.1;
  let millShape = "";
  millShape += rect(x0 - w * 0.01, base - h * 0.005, bw + w * 0.02, h * 0.05, "#8a5a44");
  millShape += rect(x0, base - bh, bw, bh, "#f2efe8");
  for (let y = base - bh + 8; y < base; y += 9) millShape += line(x0, y, x0 + bw, y, "#d5cec0", 1.2);
  millShape += poly(
    [
      [x0 - w * 0.012, base - bh],
      [x0 + bw * 0.5, base - bh - h * 0.11],
      [x0 + bw + w * 0.012, base - bh],
    ],
    "#5b4a45",
  );
  millShape += rect(x0 + bw * 0.42, base - bh - h * 0.065, bw * 0.16, h * 0.07, "#f2efe8");
  millShape += poly(
    [
      [x0 + bw * 0.4, base - bh - h * 0.065],
      [x0 + bw * 0.5, base - bh - h * 0.1],
      [x0 + bw * 0.6, base - bh - h * 0.065],
    ],
    "#4a3c38",
  );
  for (let row = 0; row < 2; row++) {
    for (let col = 0; col < 4; col++) {
      const wx = x0 + bw * (0.08 + col * 0.24);
      const wy = base - bh + h * (0.03 + row * 0.085);
      millShape += rect(wx, wy, bw * 0.1, h * 0.05, "#3d4a55", `stroke="#fbfaf6" stroke-width="3"`);
    }
  }
  millShape += rect(x0 + bw * 0.44, base - h * 0.065, bw * 0.12, h * 0.065, "#4b5d52");
  let out = `<defs>${linear("sky", [
    [0, "#a9cbe0"],
    [0.7, "#f1e2cf"],
    [1, "#f5dcc0"],
  ])}${linear("water", [
    [0, "#cfe0e2"],
    [1, "#4f7e8a"],
  ])}${radial("sun", [
    [0, "#fff7e6", 0.95],
    [1, "#fff7e6", 0],
  ])}<g id="mill">${millShape}</g></defs>`;
  out += rect(0, 0, w, water, "url(#sky)");
  out += circle(w * 0.18, h * 0.28, w * 0.12, "url(#sun)");
  out += circle(w * 0.18, h * 0.28, w * 0.035, "#fffaf0");
  out += s`<path d="${ridge(r, w, water + 2, h * 0.57, h * 0.018, 6)}" fill="#9db1ad"/>`;
  out += s`<path d="${ridge(r, w, water + 2, h * 0.605, h * 0.01, 9)}" fill="#77927f"/>`;
  out += rect(0, water, w, h - water, "url(#water)");
  out += s`<use href="#mill" transform="translate(0 ${2 * (base + h * 0.04)}) scale(1 -1)" opacity="0.22"/>`;
  out += `<use href="#mill"/>`;
  // waterwheel
  out += circle(wheelX, wheelY, wheelR, "none", `stroke="#3b2f2a" stroke-width="7"`);
  out += circle(wheelX, wheelY, wheelR * 0.22, "#3b2f2a");
  for (let i = 0; i < 12; i++) {
    const a = (i / 12) * Math.PI * 2;
    const c = Math.cos(a);
    const sn = Math.sin(a);
    out += line(wheelX, wheelY, wheelX + c * wheelR, wheelY + sn * wheelR, "#3b2f2a", 3);
    out += line(
      wheelX + c * wheelR,
      wheelY + sn * wheelR,
      wheelX + c * wheelR * 1.18,
      wheelY + sn * wheelR * 1.18,
      "#3b2f2a",
      6,
    );
  }
  out += rect(0, base + h * 0.02, w, h, "url(#water)", `opacity="0.8"`);
  out += ripples(r, 90, [0, water + 4, w, h], "#ffffff", 0.35);
  for (let i = 0; i < 70; i++) {
    const x = r.range(-10, w * 0.35);
    const len = r.range(h * 0.08, h * 0.2);
    const bend = r.range(-30, 30);
    out += s`<path d="M${x} ${h + 4} Q${x + bend * 0.3} ${h - len * 0.5} ${x + bend} ${h - len}" fill="none" stroke="${r.pick(["#4d5e3a", "#6b7a44", "#8a8a52"])}" stroke-width="${r.range(1.5, 3.5)}" stroke-linecap="round"/>`;
  }
  out += birds(r, 4, [w * 0.3, h * 0.1, w * 0.7, h * 0.25], "#4a4f57");
  return out;
}

function storm({ w, h, r }: Canvas): string {
  const hz = h * 0.6;
  let out = `<defs>${linear("sky", [
    [0, "#252d38"],
    [0.6, "#55606b"],
    [1, "#8a949b"],
  ])}${linear("sea", [
    [0, "#56666a"],
    [1, "#18252a"],
  ])}${radial("break", [
    [0, "#dfe5e6", 0.7],
    [1, "#dfe5e6", 0],
  ])}${blur("soft", 22)}${blur("spray", 10)}</defs>`;
  out += rect(0, 0, w, hz, "url(#sky)");
  out += ellipse(w * 0.74, h * 0.42, w * 0.3, h * 0.16, "url(#break)");
  const layers = [
    ["#46515b", 0.75],
    ["#323c46", 0.85],
    ["#1f262e", 0.9],
  ] as const;
  layers.forEach(([color, opacity], i) => {
    let g = "";
    for (let k = 0; k < 14; k++) {
      g += ellipse(
        r.range(-w * 0.05, w * 1.05),
        r.range(h * 0.02, h * (0.22 + i * 0.07)),
        r.range(w * 0.08, w * 0.2),
        r.range(h * 0.04, h * 0.09),
        color,
      );
    }
    out += s`<g filter="url(#soft)" opacity="${opacity}">${g}</g>`;
  });
  let rain = "";
  for (let i = 0; i < 170; i++) {
    const x = r.range(0, w * 1.1);
    const y = r.range(h * 0.1, h * 0.85);
    const len = r.range(30, 80);
    rain += line(x, y, x - len * 0.28, y + len, "#c9d2d8", 1.3);
  }
  out += `<g opacity="0.22">${rain}</g>`;
  out += rect(0, hz, w, h - hz, "url(#sea)");
  for (let i = 0; i < 26; i++) {
    const y = hz + ((h - hz) * (i + 0.5)) / 26;
    const amp = 2 + (i / 26) * 8;
    const step = 40 + i * 3;
    let d = s`M-20 ${y}`;
    for (let x = -20; x < w + step; x += step) d += s` q${step / 2} ${-amp * 2} ${step} 0`;
    out += s`<path d="${d}" fill="none" stroke="#7d8f92" stroke-width="${1 + i * 0.08}" opacity="0.45"/>`;
  }
  for (let i = 0; i < 70; i++) {
    const y = r.range(hz + 6, h);
    const x = r.range(0, w);
    const z = 6 + ((y - hz) / (h - hz)) * 16;
    out += s`<path d="M${x} ${y} q${z / 2} ${-z * 0.5} ${z} 0" fill="none" stroke="#e6ecee" stroke-width="2" opacity="0.7"/>`;
  }
  // breakwater, small lighthouse, spray
  const tip = w * 0.52;
  out += poly(
    [
      [tip, hz + h * 0.02],
      [w + 5, hz - h * 0.005],
      [w + 5, hz + h * 0.06],
      [tip - w * 0.015, hz + h * 0.055],
    ],
    "#20272b",
  );
  const lx = tip + w * 0.03;
  const lb = hz + h * 0.02;
  out += poly(
    [
      [lx - 11, lb],
      [lx + 11, lb],
      [lx + 7, lb - h * 0.11],
      [lx - 7, lb - h * 0.11],
    ],
    "#e9ecec",
  );
  out += poly(
    [
      [lx - 9.5, lb - h * 0.045],
      [lx + 9.5, lb - h * 0.045],
      [lx + 8.5, lb - h * 0.07],
      [lx - 8.5, lb - h * 0.07],
    ],
    "#b3372f",
  );
  out += rect(lx - 9, lb - h * 0.125, 18, h * 0.016, "#2a2f33");
  out += circle(lx, lb - h * 0.115, 30, "#ffeeb0", `opacity="0.35" filter="url(#spray)"`);
  let spray = "";
  for (let i = 0; i < 9; i++) {
    spray += ellipse(
      tip + r.range(-20, w * 0.25),
      hz + r.range(-h * 0.03, h * 0.02),
      r.range(20, 60),
      r.range(8, 20),
      "#eef2f3",
    );
  }
  out += `<g filter="url(#spray)" opacity="0.45">${spray}</g>`;
  return out;
}

function finish({ w, h, r }: Canvas): string {
  const hz = h * 0.6;
  const halfAt = (y: number) => w * 0.05 + ((y - hz) / (h - hz)) * w * 0.62;
  let out = `<defs>${linear("sky", [
    [0, "#86bfe6"],
    [1, "#eaf3f6"],
  ])}${linear("road", [
    [0, "#7a7f86"],
    [1, "#4c5057"],
  ])}</defs>`;
  out += rect(0, 0, w, hz, "url(#sky)");
  for (const [shade, hMin, hMax, lit] of [
    ["#b9c6d2", 0.15, 0.4, false],
    ["#8090a0", 0.1, 0.32, true],
  ] as const) {
    let x = -10;
    while (x < w) {
      const bw = r.range(w * 0.035, w * 0.08);
      const bh = r.range(h * hMin, h * hMax);
      out += rect(x, hz - bh, bw + 1, bh, shade);
      if (lit) {
        for (let wy = hz - bh + 10; wy < hz - 14; wy += 16) {
          for (let wx = x + 6; wx < x + bw - 10; wx += 13) {
            if (r.next() < 0.8) out += rect(wx, wy, 6, 8, "#d8e4ee", `opacity="0.55"`);
          }
        }
      }
      x += bw + r.range(0, 6);
    }
  }
  // pavements, road, centre line
  out += poly(
    [
      [0, hz],
      [w, hz],
      [w, h],
      [0, h],
    ],
    "#cfc9bd",
  );
  out += poly(
    [
      [w / 2 - halfAt(hz), hz],
      [w / 2 + halfAt(hz), hz],
      [w / 2 + halfAt(h), h],
      [w / 2 - halfAt(h), h],
    ],
    "url(#road)",
  );
  for (let i = 0; i < 9; i++) {
    const t0 = (i / 9) ** 1.8;
    const t1 = ((i + 0.5) / 9) ** 1.8;
    const y0 = hz + t0 * (h - hz);
    const y1 = hz + t1 * (h - hz);
    const k0 = 1 + t0 * 8;
    const k1 = 1 + t1 * 8;
    out += poly(
      [
        [w / 2 - k0, y0],
        [w / 2 + k0, y0],
        [w / 2 + k1, y1],
        [w / 2 - k1, y1],
      ],
      "#f4f1e8",
    );
  }
  // barriers along both kerbs
  for (let i = 0; i < 22; i++) {
    const t = (i / 22) ** 1.6;
    const y = hz + t * (h - hz);
    const bh = 4 + t * 40;
    const bl = 8 + t * 70;
    const color = i % 2 === 0 ? "#1d6fa5" : "#f4f4f4";
    out += rect(w / 2 - halfAt(y) - bl - 4, y - bh, bl, bh, color);
    out += rect(w / 2 + halfAt(y) + 4, y - bh, bl, bh, color);
  }
  // bunting
  const flags = ["#e63946", "#f4a261", "#2a9d8f", "#e9c46a", "#457b9d"];
  for (const [yA, sag, size] of [
    [h * 0.22, h * 0.07, 14],
    [h * 0.34, h * 0.09, 20],
  ] as const) {
    out += s`<path d="M0 ${yA} Q${w / 2} ${yA + sag * 2} ${w} ${yA}" fill="none" stroke="#3d3d3d" stroke-width="1.5"/>`;
    const n = Math.round(w / (size * 2.2));
    for (let i = 0; i < n; i++) {
      const u = (i + 0.5) / n;
      const x = u * w;
      const y = yA + 4 * sag * u * (1 - u);
      out += poly(
        [
          [x - size / 2, y],
          [x + size / 2, y],
          [x, y + size * 1.3],
        ],
        flags[i % flags.length] ?? "#e63946",
      );
    }
  }
  // finish gantry
  const gy = hz + (h - hz) * 0.28;
  const left = w / 2 - halfAt(gy) - 10;
  const right = w / 2 + halfAt(gy) + 10;
  const top = h * 0.4;
  out += rect(left - 12, top, 24, gy - top, "#263238");
  out += rect(right - 12, top, 24, gy - top, "#263238");
  out += rect(left - 12, top - h * 0.07, right - left + 24, h * 0.075, "#d62839");
  const sq = h * 0.018;
  for (let x = left; x < right; x += sq) {
    const col = Math.round((x - left) / sq);
    out += rect(x, top - h * 0.005 - sq, sq, sq, col % 2 === 0 ? "#111" : "#fff");
    out += rect(x, top - h * 0.005 - 2 * sq, sq, sq, col % 2 === 0 ? "#fff" : "#111");
  }
  return out;
}

function seagrass({ w, h, r }: Canvas): string {
  let out = `<defs>${linear("water", [
    [0, "#6ccad2"],
    [0.45, "#1f7f93"],
    [1, "#0b3a4c"],
  ])}${linear("sand", [
    [0, "#bca672"],
    [1, "#6f6040"],
  ])}${linear("ray", [
    [0, "#ffffff", 0.35],
    [1, "#ffffff", 0],
  ])}${blur("soft", 8)}</defs>`;
  out += rect(0, 0, w, h, "url(#water)");
  let rays = "";
  for (let i = 0; i < 8; i++) {
    const x = r.range(-w * 0.1, w);
    const top = r.range(w * 0.02, w * 0.06);
    const slant = r.range(w * 0.05, w * 0.2);
    rays += poly(
      [
        [x, 0],
        [x + top, 0],
        [x + top * 3 + slant, h],
        [x + slant, h],
      ],
      "url(#ray)",
      s`opacity="${r.range(0.3, 0.7)}"`,
    );
  }
  out += `<g filter="url(#soft)">${rays}</g>`;
  out += ripples(r, 40, [0, 2, w, h * 0.06], "#e8fbff", 0.4);
  out += s`<path d="${ridge(r, w, h + 2, h * 0.84, h * 0.03, 8)}" fill="url(#sand)"/>`;
  const blades = (count: number, greens: readonly string[], widthRange: readonly [number, number], opacity: number) => {
    let g = "";
    for (let i = 0; i < count; i++) {
      const x = r.range(-20, w + 20);
      const y = r.range(h * 0.82, h * 1.02);
      const len = r.range(h * 0.25, h * 0.6);
      const sway = r.range(-0.25, 0.35) * len;
      g += s`<path d="M${x} ${y} C${x + sway * 0.1} ${y - len * 0.4} ${x + sway * 0.6} ${y - len * 0.7} ${x + sway} ${y - len}" fill="none" stroke="${r.pick(greens)}" stroke-width="${r.range(widthRange[0], widthRange[1])}" stroke-linecap="round"/>`;
    }
    return `<g opacity="${opacity}">${g}</g>`;
  };
  out += blades(90, ["#1f5a45", "#24664d", "#2b6e4a"], [2, 4], 0.6);
  for (let i = 0; i < 10; i++) {
    const fx = r.range(w * 0.05, w * 0.95);
    const fy = r.range(h * 0.2, h * 0.6);
    const z = r.range(0.6, 1.3);
    const dir = r.next() < 0.7 ? 1 : -1;
    out += s`<g transform="translate(${fx} ${fy}) scale(${z * dir} ${z})" opacity="0.85">${ellipse(0, 0, 24, 8, "#d6e4e8")}${ellipse(2, -2, 20, 4, "#8fa9b3")}${poly(
      [
        [-20, 0],
        [-34, -9],
        [-34, 9],
      ],
      "#c2d3d9",
    )}${circle(15, -2, 1.8, "#1a2a30")}</g>`;
  }
  out += blades(110, ["#3e8f4f", "#4ea35a", "#6bb363", "#2f7a45"], [3, 7], 0.95);
  for (let i = 0; i < 26; i++) {
    out += circle(
      r.range(0, w),
      r.range(h * 0.1, h * 0.7),
      r.range(2, 6),
      "none",
      `stroke="#e8fbff" stroke-width="1.5" opacity="0.45"`,
    );
  }
  return out;
}

function estuaryMap({ w, h, r }: Canvas): string {
  // Centre line and width of the estuary, narrow inland (left), wide at the sea (right).
  const cy = (x: number) => h * 0.48 + h * 0.12 * Math.sin((x / w) * 3.4 + 0.6);
  const half = (x: number) => h * 0.025 + h * 0.21 * (Math.max(0, x) / w) ** 1.9;
  const north: Pt[] = [];
  const south: Pt[] = [];
  for (let i = 0; i <= 60; i++) {
    const x = (i / 60) * (w + 20) - 10;
    const wobble = r.range(-3, 3);
    north.push([x, cy(x) - half(x) + wobble]);
    south.push([x, cy(x) + half(x) - wobble]);
  }
  const estuary = `${smooth(north)} ${smooth([...south].reverse()).replace(/^M/, "L")} Z`;
  let out = `<defs>${linear("land", [
    [0, "#efe9da"],
    [1, "#e4dcc7"],
  ])}${linear(
    "water",
    [
      [0, "#a9cfdb"],
      [1, "#86b7c8"],
    ],
    0,
    0,
    1,
    0,
  )}</defs>`;
  out += rect(0, 0, w, h, "url(#land)");
  for (let x = 0; x < w; x += 60) out += line(x, 0, x, h, "#d9d0b9", 1);
  for (let y = 0; y < h; y += 60) out += line(0, y, w, y, "#d9d0b9", 1);
  // the open sea on the right, then the estuary joining it
  const coast: Pt[] = [];
  for (let i = 0; i <= 12; i++) coast.push([w * 0.9 + r.range(-12, 12), (i / 12) * (h + 20) - 10]);
  out += s`<path d="${smooth(coast)} L${w + 10} ${h + 10} L${w + 10} -10 Z" fill="url(#water)"/>`;
  out += s`<path d="${estuary}" fill="url(#water)"/>`;
  out += s`<path d="${smooth(north.filter((_, i) => i % 3 === 0).map(([x]) => [x, cy(x)] as const))}" fill="none" stroke="#6fa4b8" stroke-width="2" stroke-dasharray="10 8"/>`;
  // seagrass meadows hug the southern shore, a few on the northern one
  for (let i = 0; i < 70; i++) {
    const x = r.range(w * 0.35, w * 0.88);
    const southern = r.next() < 0.82;
    const edge = southern ? cy(x) + half(x) : cy(x) - half(x);
    const inset = r.range(0.12, 0.4) * half(x);
    const y = southern ? edge - inset : edge + inset;
    const rx = Math.min(r.range(14, 40) * (southern ? 1 : 0.6), half(x) * 0.6);
    out += ellipse(x, y, rx, rx * r.range(0.35, 0.6), southern ? "#3f8f5a" : "#5aa36b", `opacity="0.78"`);
  }
  // towns
  const towns: Pt[] = [
    [w * 0.8, cy(w * 0.8) - half(w * 0.8) - 26],
    [w * 0.68, cy(w * 0.68) + half(w * 0.68) + 24],
    [w * 0.3, cy(w * 0.3) - half(w * 0.3) - 20],
  ];
  for (const [tx, ty] of towns) {
    for (let k = 0; k < 14; k++) {
      out += rect(tx + r.range(-34, 30), ty + r.range(-18, 14), r.range(6, 12), r.range(6, 12), "#bdb3a0");
    }
    out += circle(tx, ty, 8, "#2d3436", `stroke="#ffffff" stroke-width="3"`);
  }
  // north arrow and scale bar (no lettering)
  out += poly(
    [
      [70, 50],
      [86, 100],
      [70, 90],
      [54, 100],
    ],
    "#2d3436",
  );
  for (let i = 0; i < 4; i++)
    out += rect(50 + i * 40, h - 60, 40, 10, i % 2 === 0 ? "#2d3436" : "#ffffff", `stroke="#2d3436" stroke-width="2"`);
  out += rect(3, 3, w - 6, h - 6, "none", `stroke="#9a917d" stroke-width="6"`);
  return out;
}

function shopfronts({ w, h, r }: Canvas): string {
  const street = h * 0.84;
  const palette = ["#a44a3f", "#c9803d", "#d9c8a9", "#4f6d7a", "#7a9e7e", "#b5573b", "#e3d5b8", "#8c6d8f"];
  const awnings = [
    ["#c8423b", "#f5efe6"],
    ["#2e5e8c", "#f5efe6"],
    ["#2a7a5e", "#f1e6c8"],
    ["#d98e2b", "#fbf3e0"],
  ] as const;
  let out = `<defs>${linear("sky", [
    [0, "#9fc2da"],
    [1, "#e9eff1"],
  ])}</defs>`;
  out += rect(0, 0, w, street, "url(#sky)");
  let x = -w * 0.02;
  let k = 0;
  while (x < w) {
    const bw = r.range(w * 0.13, w * 0.19);
    const bh = r.range(h * 0.5, h * 0.74);
    const top = street - bh;
    const color = palette[(k * 3 + r.int(0, 1)) % palette.length] ?? "#a44a3f";
    out += rect(x, top, bw, bh, color);
    out += rect(x - 4, top - 8, bw + 8, 12, "#3d3a36", `opacity="0.75"`);
    const floors = Math.floor((bh - h * 0.2) / (h * 0.11));
    const cols = bw > w * 0.16 ? 3 : 2;
    for (let f = 0; f < floors; f++) {
      for (let c = 0; c < cols; c++) {
        const ww = (bw / cols) * 0.42;
        const wx = x + (bw / cols) * (c + 0.5) - ww / 2;
        const wy = top + h * 0.04 + f * h * 0.11;
        out += rect(wx, wy, ww, h * 0.07, "#2f3b45", `stroke="#f1ece2" stroke-width="4"`);
        out += line(wx, wy + h * 0.035, wx + ww, wy + h * 0.035, "#f1ece2", 3);
      }
    }
    // shop front: fascia, window, door, striped awning
    const fasciaY = street - h * 0.19;
    out += rect(x + 6, fasciaY, bw - 12, h * 0.035, "#23303a");
    out += rect(x + 12, fasciaY + h * 0.07, bw * 0.55, h * 0.115, "#3b4a52", `stroke="#e8e0d0" stroke-width="4"`);
    out += rect(x + bw * 0.72, fasciaY + h * 0.05, bw * 0.18, h * 0.14, "#2d4a3e", `stroke="#e8e0d0" stroke-width="3"`);
    const [a, b] = awnings[k % awnings.length] ?? awnings[0];
    const ay = fasciaY + h * 0.035;
    const stripes = 8;
    for (let i = 0; i < stripes; i++) {
      const sx0 = x + 8 + ((bw - 16) * i) / stripes;
      const sx1 = x + 8 + ((bw - 16) * (i + 1)) / stripes;
      const spread = (v: number) => x + bw / 2 + (v - x - bw / 2) * 1.08;
      out += poly(
        [
          [sx0, ay],
          [sx1, ay],
          [spread(sx1), ay + h * 0.045],
          [spread(sx0), ay + h * 0.045],
        ],
        i % 2 === 0 ? a : b,
      );
    }
    out += rect(x + 8, ay + h * 0.045, bw - 16, 6, "#000", `opacity="0.15"`);
    x += bw;
    k++;
  }
  out += rect(0, street, w, h * 0.1, "#bdb6a9");
  for (let px = 0; px < w; px += 70) out += line(px, street, px - 20, street + h * 0.1, "#a59e91", 2);
  out += rect(0, street + h * 0.1, w, 8, "#8d877c");
  out += rect(0, street + h * 0.1 + 8, w, h, "#5f5e5b");
  for (const lx of [w * 0.22, w * 0.71]) {
    out += rect(lx - 4, street - h * 0.3, 8, h * 0.33, "#1f2a30");
    out += rect(lx - 16, street - h * 0.32, 32, 18, "#1f2a30");
    out += rect(lx - 12, street - h * 0.31, 24, 10, "#f6e7b0");
  }
  return out;
}

function barChart({ w, h }: Canvas): string {
  const left = w * 0.08;
  const right = w * 0.96;
  const top = h * 0.08;
  const bottom = h * 0.86;
  const max = 200;
  const yOf = (v: number) => bottom - (v / max) * (bottom - top);
  let out = rect(0, 0, w, h, "#f7f5f0");
  for (let v = 0; v <= max; v += 25) {
    out += line(left, yOf(v), right, yOf(v), v % 50 === 0 ? "#d6d1c6" : "#e8e4db", v % 50 === 0 ? 2 : 1);
  }
  const groups = CANNERY_RENTS.length;
  const slot = (right - left) / groups;
  const barW = slot * 0.32;
  CANNERY_RENTS.forEach(([before, after], i) => {
    const cx = left + slot * (i + 0.5);
    out += rect(cx - barW - 3, yOf(before), barW, bottom - yOf(before), "#a7c0cf");
    out += rect(cx + 3, yOf(after), barW, bottom - yOf(after), "#1f5673");
    out += rect(cx + 3, yOf(after), barW, 6, "#e07a3f");
    out += line(cx, bottom, cx, bottom + 14, "#555", 2);
  });
  out += line(left, bottom, right, bottom, "#333", 3);
  for (let v = 0; v <= max; v += 50) out += line(left - 12, yOf(v), left, yOf(v), "#555", 2);
  return out;
}

function ferry({ w, h, r }: Canvas): string {
  const hz = h * 0.56;
  const wl = h * 0.72;
  const fx0 = w * 0.36;
  const fx1 = w * 0.86;
  const fl = fx1 - fx0;
  let boat = "";
  boat += poly(
    [
      [fx0, wl - h * 0.07],
      [fx1 + w * 0.02, wl - h * 0.075],
      [fx1 - w * 0.015, wl + h * 0.015],
      [fx0 + w * 0.015, wl + h * 0.015],
    ],
    "#1f3b57",
  );
  boat += poly(
    [
      [fx0, wl - h * 0.07],
      [fx1 + w * 0.02, wl - h * 0.075],
      [fx1 + w * 0.012, wl - h * 0.045],
      [fx0 + w * 0.004, wl - h * 0.04],
    ],
    "#f5f7f8",
  );
  boat += rect(fx0 + w * 0.006, wl - h * 0.04, fl, h * 0.01, "#2a9d8f");
  boat += rect(fx0 + fl * 0.06, wl - h * 0.14, fl * 0.86, h * 0.07, "#f5f7f8", `rx="6"`);
  boat += rect(fx0 + fl * 0.09, wl - h * 0.125, fl * 0.8, h * 0.03, "#26343f", `rx="4"`);
  boat += rect(fx0 + fl * 0.2, wl - h * 0.19, fl * 0.55, h * 0.055, "#eef1f3", `rx="6"`);
  boat += rect(fx0 + fl * 0.23, wl - h * 0.178, fl * 0.49, h * 0.022, "#26343f", `rx="4"`);
  boat += rect(fx0 + fl * 0.38, wl - h * 0.235, fl * 0.2, h * 0.05, "#f5f7f8", `rx="5"`);
  boat += rect(fx0 + fl * 0.4, wl - h * 0.225, fl * 0.16, h * 0.018, "#26343f", `rx="3"`);
  boat += rect(fx0 + fl * 0.475, wl - h * 0.3, 5, h * 0.07, "#5b6770");
  boat += rect(fx0 + fl * 0.44, wl - h * 0.285, fl * 0.08, 4, "#5b6770");
  let out = `<defs>${linear("sky", [
    [0, "#93c9ec"],
    [1, "#e6f3f8"],
  ])}${linear("sea", [
    [0, "#5a9bb6"],
    [1, "#1b5674"],
  ])}${blur("cloud", 14)}<g id="boat">${boat}</g></defs>`;
  out += rect(0, 0, w, hz, "url(#sky)");
  let clouds = "";
  for (let i = 0; i < 7; i++) {
    const cx = r.range(0, w);
    const cyy = r.range(h * 0.06, h * 0.3);
    for (let k = 0; k < 4; k++)
      clouds += ellipse(cx + r.range(-60, 60), cyy + r.range(-12, 12), r.range(40, 90), r.range(14, 28), "#ffffff");
  }
  out += `<g filter="url(#cloud)" opacity="0.8">${clouds}</g>`;
  out += s`<path d="${ridge(r, w, hz + 2, hz - h * 0.04, h * 0.025, 6)}" fill="#7e9fa8"/>`;
  for (let i = 0; i < 24; i++)
    out += rect(
      r.range(w * 0.4, w * 0.95),
      hz - h * r.range(0.015, 0.035),
      r.range(5, 12),
      r.range(4, 8),
      "#f2f0ea",
      `opacity="0.8"`,
    );
  out += rect(0, hz, w, h - hz, "url(#sea)");
  out += ripples(r, 140, [0, hz + 4, w, h], "#d9eef6", 0.35);
  // terminal: pier and charging tower
  out += rect(0, hz + h * 0.07, w * 0.24, h * 0.035, "#5d6870");
  for (let px = 10; px < w * 0.24; px += 34) out += rect(px, hz + h * 0.1, 7, h * 0.07, "#3f4a52");
  const tx = w * 0.13;
  out += rect(tx, h * 0.26, w * 0.02, hz + h * 0.07 - h * 0.26, "#e5e9ec", `stroke="#3d4a52" stroke-width="3"`);
  for (let y = h * 0.28; y < hz + h * 0.06; y += 22) out += line(tx, y, tx + w * 0.02, y + 18, "#3d4a52", 2);
  out += rect(tx, h * 0.26, w * 0.13, 12, "#e5e9ec", `stroke="#3d4a52" stroke-width="3"`);
  out += s`<path d="M${tx + w * 0.12} ${h * 0.27} q10 ${h * 0.08} -14 ${h * 0.16}" fill="none" stroke="#2d3a42" stroke-width="5"/>`;
  out += circle(tx + w * 0.01, h * 0.245, 7, "#3ddc84");
  // ferry, its reflection, bow wave and wake
  out += s`<use href="#boat" transform="translate(0 ${2 * wl + h * 0.03}) scale(1 -1)" opacity="0.12"/>`;
  out += `<use href="#boat"/>`;
  out += poly(
    [
      [fx1 - w * 0.03, wl + h * 0.01],
      [fx1 + w * 0.03, wl - h * 0.005],
      [fx1 + w * 0.07, wl + h * 0.025],
      [fx1 - w * 0.01, wl + h * 0.03],
    ],
    "#ffffff",
    `opacity="0.85"`,
  );
  for (let i = 0; i < 5; i++) {
    out += s`<path d="M${fx0 + w * 0.02} ${wl + h * 0.012 + i * 6} Q${fx0 - w * 0.1} ${wl + h * 0.03 + i * 12} ${fx0 - w * 0.3} ${wl + h * 0.02 + i * 26}" fill="none" stroke="#ffffff" stroke-width="${3 - i * 0.4}" opacity="${0.6 - i * 0.1}"/>`;
  }
  out += birds(r, 6, [w * 0.3, h * 0.08, w * 0.9, h * 0.35], "#3a4852");
  return out;
}

function comet({ w, h, r }: Canvas): string {
  const hz = h * 0.8;
  const hx = w * 0.6;
  const hy = h * 0.46;
  const tail = w * 0.3;
  let out = `<defs>${linear("sky", [
    [0, "#040818"],
    [0.55, "#0e1d44"],
    [0.85, "#2b3f6b"],
    [1, "#6e5f80"],
  ])}${radial("dawn", [
    [0, "#f2a65a", 0.45],
    [1, "#f2a65a", 0],
  ])}${linear(
    "dust",
    [
      [0, "#fff8e8", 0.8],
      [1, "#fff8e8", 0],
    ],
    0,
    0,
    1,
    0,
  )}${linear(
    "ion",
    [
      [0, "#a8d8ff", 0.6],
      [1, "#a8d8ff", 0],
    ],
    0,
    0,
    1,
    0,
  )}${radial("coma", [
    [0, "#ffffff", 1],
    [0.25, "#e8f6ff", 0.7],
    [1, "#bfe3ff", 0],
  ])}${blur("soft", 6)}</defs>`;
  out += rect(0, 0, w, h, "url(#sky)");
  out += ellipse(w * 0.7, hz, w * 0.6, h * 0.28, "url(#dawn)");
  for (let i = 0; i < 340; i++) {
    const y = hz * r.next() ** 1.3;
    const size = 0.4 + 1.6 * r.next() ** 3;
    out += circle(r.range(0, w), y, size, "#ffffff", s`opacity="${r.range(0.35, 1) * (1 - (y / hz) * 0.5)}"`);
  }
  for (let i = 0; i < 8; i++)
    out += circle(r.range(0, w), r.range(0, hz * 0.7), 5, "#dfefff", `opacity="0.5" filter="url(#soft)"`);
  out += s`<g transform="translate(${hx} ${hy}) rotate(-38)">${ellipse(tail / 2, 0, tail / 2, h * 0.028, "url(#dust)", `filter="url(#soft)"`)}</g>`;
  out += s`<g transform="translate(${hx} ${hy}) rotate(-30)">${ellipse(tail * 0.6, 0, tail * 0.6, h * 0.008, "url(#ion)")}</g>`;
  out += circle(hx, hy, 26, "url(#coma)");
  out += circle(hx, hy, 3.5, "#ffffff");
  out += s`<path d="${ridge(r, w, h + 2, hz, h * 0.04, 6)}" fill="#0a0f1e"/>`;
  out += s`<path d="${ridge(r, w, h + 2, h * 0.89, h * 0.025, 5)}" fill="#04060d"/>`;
  // observatory on the near hill
  const ox = w * 0.22;
  const oy = h * 0.87;
  out += rect(ox - 46, oy - 48, 92, 50, "#060913");
  out += s`<path d="M${ox - 52} ${oy - 46} A52 52 0 0 1 ${ox + 52} ${oy - 46} Z" fill="#0b1124"/>`;
  out += poly(
    [
      [ox - 8, oy - 97],
      [ox + 8, oy - 97],
      [ox + 9, oy - 46],
      [ox - 9, oy - 46],
    ],
    "#1a2440",
  );
  out += rect(ox + 20, oy - 28, 9, 12, "#f4c27a");
  for (let i = 0; i < 18; i++) {
    const tx = r.range(w * 0.35, w);
    const ty = h * 0.885 + r.range(-h * 0.02, h * 0.02);
    const th = r.range(14, 34);
    out += poly(
      [
        [tx - th * 0.3, ty + 4],
        [tx + th * 0.3, ty + 4],
        [tx, ty - th],
      ],
      "#04060d",
    );
  }
  return out;
}

function rowing({ w, h, r }: Canvas): string {
  const hz = h * 0.52;
  const y = h * 0.74;
  const bx0 = w * 0.16;
  const bx1 = w * 0.84;
  let trees = "";
  for (let i = 0; i < 70; i++) {
    const tx = r.range(-20, w + 20);
    const tr = r.range(w * 0.015, w * 0.045);
    trees += circle(tx, hz - tr * r.range(0.3, 1.1), tr, r.pick(["#8b9994", "#7f8e89", "#98a5a0"]));
  }
  trees += rect(0, hz - 8, w, 10, "#7f8e89");
  let out = `<defs>${linear("sky", [
    [0, "#efd3c3"],
    [1, "#f8efe2"],
  ])}${linear("water", [
    [0, "#f0e4d6"],
    [0.5, "#c4c9c6"],
    [1, "#7d8f93"],
  ])}${linear("mist", [
    [0, "#fbf5ec", 0],
    [0.5, "#fbf5ec", 0.75],
    [1, "#fbf5ec", 0],
  ])}${radial("sun", [
    [0, "#fff6e2", 0.95],
    [1, "#fff6e2", 0],
  ])}${blur("soft", 5)}<g id="trees">${trees}</g></defs>`;
  out += rect(0, 0, w, hz, "url(#sky)");
  out += circle(w * 0.7, hz - h * 0.12, w * 0.14, "url(#sun)");
  out += circle(w * 0.7, hz - h * 0.12, w * 0.03, "#fff9ef");
  out += `<use href="#trees" filter="url(#soft)"/>`;
  out += rect(0, hz, w, h - hz, "url(#water)");
  out += s`<use href="#trees" transform="translate(0 ${2 * hz}) scale(1 -1)" opacity="0.35" filter="url(#soft)"/>`;
  out += rect(0, hz - h * 0.1, w, h * 0.16, "url(#mist)");
  out += ripples(r, 120, [0, hz + 6, w, h], "#fdf8f0", 0.4);
  out += ripples(r, 60, [0, hz + 20, w, h], "#5d6d71", 0.2);
  // shell, crew and oars
  const hull = s`M${bx0} ${y} Q${(bx0 + bx1) / 2} ${y + 12} ${bx1} ${y - 2} Q${(bx0 + bx1) / 2} ${y - 6} ${bx0} ${y} Z`;
  out += s`<path d="${hull}" fill="#2b1f1a" transform="translate(0 ${2 * y + 14}) scale(1 -1)" opacity="0.25"/>`;
  const seats = 8;
  for (let i = 0; i < seats; i++) {
    const sx = bx0 + (bx1 - bx0) * (0.14 + (i * 0.72) / (seats - 1));
    const lean = -6;
    const bladeX = sx - 52;
    const bladeY = y + 44;
    out += line(sx + 8, y - 22, bladeX, bladeY, "#1e2a33", 3);
    out += ellipse(
      bladeX - 4,
      bladeY + 2,
      12,
      4,
      "#c0392b",
      `transform="rotate(-40 ${fmt(bladeX - 4)} ${fmt(bladeY + 2)})"`,
    );
    out += ellipse(bladeX - 4, bladeY + 10, 24, 4, "none", `stroke="#f8f3ea" stroke-width="2" opacity="0.6"`);
    out += s`<path d="M${sx - 5} ${y - 2} L${sx + lean - 3} ${y - 30} L${sx + lean + 9} ${y - 30} L${sx + 9} ${y - 2} Z" fill="#1e2a33"/>`;
    out += circle(sx + lean + 3, y - 37, 7, "#1e2a33");
  }
  const cox = bx0 + (bx1 - bx0) * 0.05;
  out += rect(cox - 6, y - 18, 12, 16, "#1e2a33", `rx="4"`);
  out += circle(cox, y - 24, 6, "#1e2a33");
  out += s`<path d="${hull}" fill="#2b1f1a"/>`;
  out += birds(r, 3, [w * 0.15, h * 0.1, w * 0.5, h * 0.25], "#6b6560");
  return out;
}

function market({ w, h, r }: Canvas): string {
  const sea = h * 0.44;
  const quay = h * 0.6;
  let out = `<defs>${linear("sky", [
    [0, "#b6d6ea"],
    [1, "#eef5f7"],
  ])}${linear("quay", [
    [0, "#b3ab9d"],
    [1, "#857d71"],
  ])}${linear("ice", [
    [0, "#eef7fa"],
    [1, "#c9e2ea"],
  ])}</defs>`;
  out += rect(0, 0, w, sea, "url(#sky)");
  out += rect(0, sea, w, quay - sea, "#5f95b0");
  out += ripples(r, 50, [0, sea + 4, w, quay - 4], "#d8ecf4", 0.45);
  for (let i = 0; i < 9; i++) {
    const bx = r.range(0, w);
    const by = r.range(sea + 12, quay - 8);
    const bl = r.range(50, 100);
    out += line(bx + bl * 0.4, by - r.range(90, 170), bx + bl * 0.4, by, "#4a5560", 2.5);
    out += s`<path d="M${bx} ${by - 14} L${bx + bl} ${by - 14} L${bx + bl * 0.88} ${by} L${bx + bl * 0.1} ${by} Z" fill="${r.pick(["#f2f2ee", "#2e5e8c", "#b3372f"])}"/>`;
  }
  out += rect(0, quay, w, h - quay, "url(#quay)");
  for (let y = quay + 20; y < h; y += 34) out += line(0, y, w, y, "#9b9386", 1.5, `opacity="0.6"`);
  out += rect(0, quay - 6, w, 10, "#6e675d");
  const palettes = [
    ["#c8423b", "#f7f1e8"],
    ["#2e5e8c", "#f7f1e8"],
    ["#2a7a5e", "#f7f1e8"],
  ] as const;
  for (let k = 0; k < 3; k++) {
    const sx = w * (0.03 + k * 0.33);
    const sw = w * 0.28;
    const top = h * 0.26;
    const bottom = h * 0.37;
    const [a, b] = palettes[k] ?? palettes[0];
    out += line(sx + 8, bottom, sx + 8, h * 0.8, "#3b3b3b", 6);
    out += line(sx + sw - 8, bottom, sx + sw - 8, h * 0.8, "#3b3b3b", 6);
    const stripes = 10;
    for (let i = 0; i < stripes; i++) {
      const x0 = sx + (sw * i) / stripes;
      out += rect(x0, top, sw / stripes + 0.5, bottom - top, i % 2 === 0 ? a : b);
      out += circle(x0 + sw / stripes / 2, bottom, sw / stripes / 2, i % 2 === 0 ? a : b);
    }
    out += rect(sx, top - 8, sw, 10, "#3b3b3b");
    // table, crates, fish
    const ty = h * 0.6;
    out += rect(sx - 6, ty, sw + 12, h * 0.03, "#7a5a3c");
    out += rect(sx, ty + h * 0.03, sw, h * 0.16, "#8e6b4a");
    for (let p = 0; p < 3; p++) out += rect(sx + 10 + (p * sw) / 3, ty + h * 0.05, sw / 3 - 20, 6, "#7a5a3c");
    for (let c = 0; c < 3; c++) {
      const cx = sx + 6 + (c * sw) / 3;
      const cw = sw / 3 - 12;
      const ch = h * 0.08;
      const cy = ty - ch + 4;
      out += rect(cx, cy, cw, ch, "url(#ice)");
      const crabs = (k + c) % 4 === 3;
      for (let f = 0; f < 5; f++) {
        const fx = cx + cw * (0.2 + (f % 3) * 0.3);
        const fy = cy + ch * (0.3 + Math.floor(f / 3) * 0.35);
        if (crabs) {
          out += ellipse(fx, fy, 13, 9, "#c4552b");
          out += line(fx - 16, fy + 4, fx + 16, fy + 4, "#a8431f", 2);
        } else {
          const dir = f % 2 === 0 ? 1 : -1;
          out += s`<g transform="translate(${fx} ${fy}) scale(${dir} 1)">${ellipse(0, 0, 20, 6, "#c3ccd2")}${ellipse(0, -2.5, 17, 2.5, k === 1 ? "#3f6b7a" : "#5b6f78")}${poly(
            [
              [-17, 0],
              [-27, -7],
              [-27, 7],
            ],
            "#9fabb3",
          )}</g>`;
        }
      }
      out += rect(cx, ty - h * 0.02, cw, h * 0.02, "#b58a5a");
      out += line(cx, ty - h * 0.01, cx + cw, ty - h * 0.01, "#8a6440", 2);
    }
  }
  out += birds(r, 5, [w * 0.05, h * 0.05, w * 0.95, h * 0.2], "#55606a");
  return out;
}

function lighthouse({ w, h, r }: Canvas): string {
  const hz = h * 0.6;
  const lx = w * 0.64;
  const base = h * 0.53;
  const tall = h * 0.31;
  const bottomHalf = w * 0.03;
  const topHalf = w * 0.021;
  const halfAt = (y: number) => bottomHalf + ((base - y) / tall) * (topHalf - bottomHalf);
  const lampY = base - tall - h * 0.035;
  let out = `<defs>${linear("sky", [
    [0, "#25305c"],
    [0.5, "#86608c"],
    [0.85, "#efa26e"],
    [1, "#f7cb8f"],
  ])}${linear("sea", [
    [0, "#d98f6e"],
    [0.35, "#6a5a78"],
    [1, "#222b4a"],
  ])}${linear(
    "beam",
    [
      [0, "#fff6d0", 0],
      [1, "#fff6d0", 0.55],
    ],
    0,
    0,
    1,
    0,
  )}${radial("lamp", [
    [0, "#fff7c2", 1],
    [1, "#fff7c2", 0],
  ])}${blur("soft", 4)}</defs>`;
  out += rect(0, 0, w, hz, "url(#sky)");
  for (let i = 0; i < 40; i++)
    out += circle(r.range(0, w), r.range(0, h * 0.25), r.range(0.5, 1.4), "#ffffff", s`opacity="${r.range(0.3, 0.8)}"`);
  out += rect(0, hz, w, h - hz, "url(#sea)");
  out += ripples(r, 110, [0, hz + 4, w, h], "#f6c79a", 0.35);
  out += poly(
    [
      [lx, lampY],
      [-w * 0.05, lampY - h * 0.14],
      [-w * 0.05, lampY + h * 0.08],
    ],
    "url(#beam)",
    `filter="url(#soft)"`,
  );
  // headland: cliff face and grass
  out += poly(
    [
      [w * 0.36, h],
      [w * 0.41, h * 0.72],
      [w * 0.47, h * 0.6],
      [w * 0.55, h * 0.545],
      [w * 0.72, h * 0.53],
      [w + 5, h * 0.5],
      [w + 5, h],
    ],
    "#5d5248",
  );
  out += poly(
    [
      [w * 0.47, h * 0.6],
      [w * 0.55, h * 0.545],
      [w * 0.72, h * 0.53],
      [w + 5, h * 0.5],
      [w + 5, h * 0.6],
      [w * 0.7, h * 0.58],
      [w * 0.56, h * 0.6],
    ],
    "#34452f",
  );
  for (let i = 0; i < 14; i++)
    out += line(
      r.range(w * 0.42, w * 0.9),
      r.range(h * 0.62, h),
      r.range(w * 0.42, w * 0.9),
      r.range(h * 0.62, h),
      "#4a4038",
      2,
      `opacity="0.5"`,
    );
  for (let i = 0; i < 12; i++)
    out += ellipse(r.range(w * 0.3, w * 0.45), r.range(h * 0.88, h), r.range(18, 50), r.range(8, 18), "#2a2430");
  // tower with red bands
  out += poly(
    [
      [lx - bottomHalf, base],
      [lx + bottomHalf, base],
      [lx + topHalf, base - tall],
      [lx - topHalf, base - tall],
    ],
    "#f2eee6",
  );
  for (const [y0, y1] of [
    [0.12, 0.3],
    [0.48, 0.66],
  ] as const) {
    const ya = base - tall * y0;
    const yb = base - tall * y1;
    out += poly(
      [
        [lx - halfAt(ya), ya],
        [lx + halfAt(ya), ya],
        [lx + halfAt(yb), yb],
        [lx - halfAt(yb), yb],
      ],
      "#b8322b",
    );
  }
  out += rect(lx - topHalf - 8, base - tall - 6, (topHalf + 8) * 2, 8, "#2b2b30");
  out += rect(lx - topHalf + 4, base - tall - h * 0.055, (topHalf - 4) * 2, h * 0.05, "#fff3b8");
  out += s`<path d="M${lx - topHalf} ${base - tall - h * 0.055} Q${lx} ${base - tall - h * 0.1} ${lx + topHalf} ${base - tall - h * 0.055} Z" fill="#2b2b30"/>`;
  out += circle(lx, lampY, w * 0.07, "url(#lamp)");
  // keepers' cottage
  const cx = lx + w * 0.07;
  out += rect(cx, base - h * 0.05, w * 0.1, h * 0.055, "#e9e3d6");
  out += poly(
    [
      [cx - 6, base - h * 0.05],
      [cx + w * 0.05, base - h * 0.085],
      [cx + w * 0.1 + 6, base - h * 0.05],
    ],
    "#3c3f47",
  );
  out += rect(cx + w * 0.015, base - h * 0.035, 14, 14, "#f6c766");
  out += rect(cx + w * 0.065, base - h * 0.035, 14, 14, "#f6c766");
  out += birds(r, 4, [w * 0.15, h * 0.2, w * 0.5, h * 0.4], "#2a2440");
  return out;
}

function lens({ w, h }: Canvas): string {
  const cx = w / 2;
  const cy = h * 0.48;
  const rx = w * 0.2;
  const ry = h * 0.4;
  let prisms = "";
  const bands = 24;
  for (let i = 0; i < bands; i++) {
    const y0 = cy - ry + (2 * ry * i) / bands;
    const centre = Math.abs(i - bands / 2 + 0.5) < 2.5;
    prisms += rect(cx - rx, y0, rx * 2, (2 * ry) / bands - 2, centre ? "url(#belt)" : "url(#prism)");
  }
  for (let k = -3; k <= 3; k++)
    prisms += line(cx + k * rx * 0.3, cy - ry, cx + k * rx * 0.3, cy + ry, "#6b4a1c", 4, `opacity="0.85"`);
  let out = `<defs>${radial("room", [
    [0, "#3a2610"],
    [0.7, "#140d06"],
    [1, "#080503"],
  ])}${linear("prism", [
    [0, "#fff1c2", 0.95],
    [0.35, "#e0a848"],
    [1, "#4e3410"],
  ])}${linear("belt", [
    [0, "#ffffff"],
    [0.5, "#ffe58a"],
    [1, "#b57b24"],
  ])}${radial("glow", [
    [0, "#fffbe0", 0.95],
    [0.4, "#ffd77a", 0.45],
    [1, "#ffd77a", 0],
  ])}<clipPath id="hive">${ellipse(cx, cy, rx, ry, "#000")}</clipPath></defs>`;
  out += rect(0, 0, w, h, "url(#room)");
  for (let i = 0; i < 6; i++) out += rect(w * (0.05 + i * 0.16), 0, 4, h * 0.8, "#2c1d0c", `opacity="0.6"`);
  out += rect(0, h * 0.88, w, h * 0.12, "#1d140a");
  out += `<g clip-path="url(#hive)">${prisms}</g>`;
  out += ellipse(cx, cy, rx, ry, "none", `stroke="#8a6226" stroke-width="8"`);
  out += circle(cx, cy, w * 0.17, "url(#glow)");
  out += poly(
    [
      [cx - rx * 0.5, cy + ry - 4],
      [cx + rx * 0.5, cy + ry - 4],
      [cx + rx * 0.8, h * 0.9],
      [cx - rx * 0.8, h * 0.9],
    ],
    "#3a2a18",
  );
  return out;
}

function cottage({ w, h, r }: Canvas): string {
  const ground = h * 0.66;
  const x0 = w * 0.3;
  const x1 = w * 0.7;
  const wallTop = h * 0.45;
  const wallBottom = h * 0.7;
  let out = `<defs>${linear("sky", [
    [0, "#364574"],
    [0.6, "#b9837a"],
    [1, "#f0be8a"],
  ])}${radial("window", [
    [0, "#ffd98a", 0.8],
    [1, "#ffd98a", 0],
  ])}${blur("smoke", 9)}</defs>`;
  out += rect(0, 0, w, ground, "url(#sky)");
  for (let i = 0; i < 25; i++)
    out += circle(r.range(0, w), r.range(0, h * 0.2), r.range(0.5, 1.3), "#ffffff", s`opacity="${r.range(0.3, 0.8)}"`);
  out += s`<path d="${ridge(r, w, ground + 4, h * 0.6, h * 0.02, 6)}" fill="#3e4a3a"/>`;
  // distant lighthouse on the right
  out += poly(
    [
      [w * 0.88 - 7, h * 0.6],
      [w * 0.88 + 7, h * 0.6],
      [w * 0.88 + 4.5, h * 0.52],
      [w * 0.88 - 4.5, h * 0.52],
    ],
    "#d9d2c6",
  );
  out += circle(w * 0.88, h * 0.515, 14, "#fff1b8", `opacity="0.7" filter="url(#smoke)"`);
  out += rect(0, ground, w, h - ground, "#2e3a2c");
  out += poly(
    [
      [w * 0.47, wallBottom],
      [w * 0.53, wallBottom],
      [w * 0.62, h],
      [w * 0.38, h],
    ],
    "#8a8171",
  );
  // stone walls
  out += rect(x0, wallTop, x1 - x0, wallBottom - wallTop, "#8b857a");
  for (let i = 0; i < 160; i++) {
    const sx = r.range(x0, x1 - 30);
    const sy = r.range(wallTop, wallBottom - 14);
    out += rect(
      sx,
      sy,
      r.range(16, 30),
      r.range(8, 14),
      r.pick(["#7a7468", "#9a9385", "#6e695f"]),
      `opacity="0.55" rx="3"`,
    );
  }
  out += poly(
    [
      [x0 - w * 0.02, wallTop],
      [x0 + w * 0.06, h * 0.32],
      [x1 - w * 0.06, h * 0.32],
      [x1 + w * 0.02, wallTop],
    ],
    "#3a3d45",
  );
  for (const chx of [x0 + w * 0.05, x1 - w * 0.08]) {
    out += rect(chx, h * 0.27, w * 0.03, h * 0.06, "#6e695f");
    let smoke = "";
    for (let k = 0; k < 6; k++)
      smoke += ellipse(chx + w * 0.015 + k * 14, h * 0.25 - k * 24, 16 + k * 5, 10 + k * 3, "#d8d4cf");
    out += `<g opacity="0.3" filter="url(#smoke)">${smoke}</g>`;
  }
  const windows: Pt[] = [
    [x0 + w * 0.05, h * 0.5],
    [x0 + w * 0.13, h * 0.5],
    [x1 - w * 0.18, h * 0.5],
    [x1 - w * 0.1, h * 0.5],
  ];
  for (const [wx, wy] of windows) {
    out += circle(wx + 22, wy + 26, 70, "url(#window)");
    out += rect(wx, wy, 44, 52, "#f6c766", `stroke="#eae4d8" stroke-width="4"`);
    out += line(wx + 22, wy, wx + 22, wy + 52, "#5a4a30", 3);
    out += line(wx, wy + 26, wx + 44, wy + 26, "#5a4a30", 3);
  }
  out += rect(w * 0.475, h * 0.56, w * 0.05, h * 0.14, "#2f4a3a", `stroke="#eae4d8" stroke-width="3"`);
  // garden wall in front
  out += rect(0, h * 0.8, w * 0.38, h * 0.06, "#6f695f");
  out += rect(w * 0.62, h * 0.8, w * 0.38, h * 0.06, "#6f695f");
  for (let x = 0; x < w; x += 34) {
    if (x > w * 0.38 && x < w * 0.62) continue;
    out += line(x, h * 0.8, x, h * 0.86, "#5a554c", 2);
  }
  for (let i = 0; i < 40; i++)
    out += circle(r.range(0, w), r.range(h * 0.7, h * 0.8), r.range(6, 16), r.pick(["#3d5236", "#4a6340", "#34472e"]));
  return out;
}

function fields({ w, h, r }: Canvas): string {
  const layers = [
    { y: 0.44, amp: 0.03, colors: ["#9aa88a", "#a9b391", "#b4ae86"], opacity: 0.9 },
    { y: 0.52, amp: 0.04, colors: ["#c9a25a", "#7c9a4a", "#a0703f"], opacity: 1 },
    { y: 0.64, amp: 0.05, colors: ["#7c9a4a", "#c9a25a", "#a0703f", "#5e7d3f"], opacity: 1 },
    { y: 0.8, amp: 0.05, colors: ["#a0703f", "#6d8c43", "#d1ad66"], opacity: 1 },
  ];
  let defs = linear("sky", [
    [0, "#8fbedb"],
    [0.7, "#f1dcb4"],
    [1, "#f6d39a"],
  ]);
  defs += radial("sun", [
    [0, "#fff3d6", 0.95],
    [1, "#fff3d6", 0],
  ]);
  for (let i = 0; i < 4; i++) {
    defs += s`<pattern id="furrow${i}" width="${10 + i * 4}" height="${10 + i * 4}" patternUnits="userSpaceOnUse" patternTransform="rotate(${r.range(-30, 30)})">${rect(0, 0, 3 + i, 10 + i * 4, "#000", `opacity="0.12"`)}</pattern>`;
  }
  let out = rect(0, 0, w, h, "url(#sky)");
  out += circle(w * 0.78, h * 0.36, w * 0.18, "url(#sun)");
  out += circle(w * 0.78, h * 0.36, w * 0.04, "#fff8e6");
  layers.forEach((layer, i) => {
    const hill = ridge(r, w, h + 2, h * layer.y, h * layer.amp, 4);
    defs += `<clipPath id="hill${i}"><path d="${hill}"/></clipPath>`;
    let fieldsXml = "";
    let x = -20;
    while (x < w + 20) {
      const fw = r.range(w * 0.15, w * 0.32);
      fieldsXml += rect(x, 0, fw + 1, h, r.pick(layer.colors));
      fieldsXml += rect(x, 0, fw + 1, h, `url(#furrow${i})`);
      fieldsXml += rect(x + fw - 3, 0, 6, h, "#3f5a2f", `opacity="0.8"`);
      for (let t = 0; t < 4; t++)
        fieldsXml += circle(x + fw, h * layer.y + r.range(0, h * 0.2), r.range(8, 16) * (0.6 + i * 0.25), "#3d5530");
      x += fw;
    }
    out += s`<g clip-path="url(#hill${i})" opacity="${layer.opacity}">${fieldsXml}</g>`;
    out += s`<path d="${hill}" fill="none" stroke="#4a6236" stroke-width="${2 + i}" opacity="0.6"/>`;
    if (i === 1) {
      const fx = w * 0.3;
      const fy = h * layer.y + h * 0.02;
      out += rect(fx, fy, 60, 34, "#f1ede4");
      out += poly(
        [
          [fx - 6, fy],
          [fx + 30, fy - 22],
          [fx + 66, fy],
        ],
        "#a5432f",
      );
      out += rect(fx + 70, fy + 4, 70, 30, "#7a4a32");
      out += poly(
        [
          [fx + 66, fy + 4],
          [fx + 105, fy - 14],
          [fx + 144, fy + 4],
        ],
        "#4b3a33",
      );
      for (let k = 0; k < 5; k++) out += circle(fx - 20 - k * 16, fy + 20 - r.range(0, 12), r.range(12, 20), "#3d5530");
    }
  });
  out += birds(r, 6, [w * 0.2, h * 0.1, w * 0.6, h * 0.3], "#4f4a45");
  return `<defs>${defs}</defs>${out}`;
}

function lanterns({ w, h, r }: Canvas): string {
  const wl = h * 0.64;
  const colors = ["#f4a259", "#f25f5c", "#ffe066", "#f7b2bd", "#f6bd60"];
  let out = `<defs>${linear("sky", [
    [0, "#0a1030"],
    [0.7, "#1d2754"],
    [1, "#33396a"],
  ])}${linear("water", [
    [0, "#1b2246"],
    [1, "#060918"],
  ])}${colors
    .map((c, i) =>
      radial(`l${i}`, [
        [0, "#fff6d8"],
        [0.55, c],
        [1, c, 0.85],
      ]),
    )
    .join("")}${radial("halo", [
    [0, "#ffd58a", 0.55],
    [1, "#ffd58a", 0],
  ])}${blur("soft", 6)}</defs>`;
  out += rect(0, 0, w, wl, "url(#sky)");
  for (let i = 0; i < 60; i++)
    out += circle(r.range(0, w), r.range(0, h * 0.3), r.range(0.5, 1.3), "#ffffff", s`opacity="${r.range(0.2, 0.7)}"`);
  // rooftops with lit windows
  let x = -10;
  while (x < w) {
    const bw = r.range(50, 110);
    const bh = r.range(h * 0.1, h * 0.22);
    out += rect(x, wl - bh, bw + 1, bh, "#0a0d1f");
    out += poly(
      [
        [x - 4, wl - bh],
        [x + bw / 2, wl - bh - r.range(16, 34)],
        [x + bw + 4, wl - bh],
      ],
      "#0a0d1f",
    );
    for (let k = 0; k < 3; k++)
      if (r.next() < 0.6)
        out += rect(x + r.range(8, bw - 20), wl - bh + r.range(10, bh - 24), 9, 12, "#f2b75a", `opacity="0.85"`);
    x += bw;
  }
  out += rect(0, wl, w, h - wl, "url(#water)");
  out += rect(0, wl - 6, w, 8, "#141830");
  let glows = "";
  let reflections = "";
  let bodies = "";
  for (let s1 = 0; s1 < 4; s1++) {
    const yA = h * (0.1 + s1 * 0.09);
    const yB = h * (0.14 + s1 * 0.08);
    const sag = h * (0.08 + s1 * 0.015);
    const ctrlY = (yA + yB) / 2 + sag * 2;
    out += s`<path d="M-10 ${yA} Q${w / 2} ${ctrlY} ${w + 10} ${yB}" fill="none" stroke="#2d2a40" stroke-width="2"/>`;
    const n = 9 + s1 * 2;
    for (let i = 0; i < n; i++) {
      const u = (i + 0.5) / n;
      const lxp = (1 - u) ** 2 * -10 + 2 * (1 - u) * u * (w / 2) + u * u * (w + 10);
      const lyp = (1 - u) ** 2 * yA + 2 * (1 - u) * u * ctrlY + u * u * yB;
      const size = 10 + s1 * 3 + r.range(-2, 3);
      const c = r.int(0, colors.length - 1);
      const ly = lyp + size * 1.4;
      bodies += line(lxp, lyp, lxp, ly - size, "#2d2a40", 1.5);
      bodies += ellipse(lxp, ly, size, size * 1.25, `url(#l${c})`);
      bodies += rect(lxp - size * 0.4, ly - size * 1.35, size * 0.8, 4, "#3a2a20");
      glows += circle(lxp, ly, size * 3.2, "url(#halo)");
      reflections += ellipse(lxp, 2 * wl - ly + h * 0.02, size * 0.8, size * 3, colors[c] ?? "#f4a259");
    }
  }
  out += `<g opacity="0.35" filter="url(#soft)">${reflections}</g>`;
  out += ripples(r, 80, [0, wl + 6, w, h], "#ffd58a", 0.18);
  out += glows + bodies;
  return out;
}

const SCENES: Record<Scene, (canvas: Canvas) => string> = {
  bridge,
  mill,
  storm,
  finish,
  seagrass,
  estuaryMap,
  shopfronts,
  barChart,
  ferry,
  comet,
  rowing,
  market,
  lighthouse,
  lens,
  cottage,
  fields,
  lanterns,
};

export function renderSvg(spec: ImageSpec): string {
  const body = SCENES[spec.scene]({ w: spec.width, h: spec.height, r: new Rand(spec.name) });
  return s`<svg xmlns="http://www.w3.org/2000/svg" width="${spec.width}" height="${spec.height}" viewBox="0 0 ${spec.width} ${spec.height}">${body}</svg>`;
}

/* ------------------------------------------------------------------ output */

async function writeIfChanged(file: string, data: Buffer): Promise<boolean> {
  try {
    if ((await readFile(file)).equals(data)) return false;
  } catch {
    // missing: write it
  }
  await writeFile(file, data);
  return true;
}

async function main(): Promise<void> {
  await mkdir(MEDIA_DIR, { recursive: true });
  const expected = new Set<string>();
  let written = 0;
  for (const spec of IMAGES) {
    const master = await sharp(Buffer.from(renderSvg(spec)))
      .removeAlpha()
      .png()
      .toBuffer();
    const outputs: Array<[string, () => Promise<Buffer>]> = [
      [
        `${spec.name}-${spec.width}.jpg`,
        () => sharp(master).jpeg({ quality: 78, progressive: true, mozjpeg: true }).toBuffer(),
      ],
    ];
    for (const width of VARIANT_WIDTHS) {
      const sized = () => (width === spec.width ? sharp(master) : sharp(master).resize({ width, kernel: "lanczos3" }));
      outputs.push([`${spec.name}-${width}.avif`, () => sized().avif({ quality: 50, effort: 4 }).toBuffer()]);
      outputs.push([`${spec.name}-${width}.webp`, () => sized().webp({ quality: 72 }).toBuffer()]);
    }
    for (const [file, encode] of outputs) {
      expected.add(file);
      if (await writeIfChanged(join(MEDIA_DIR, file), await encode())) written++;
    }
  }
  let total = 0;
  const strays: string[] = [];
  for (const file of (await readdir(MEDIA_DIR)).sort()) {
    total += (await stat(join(MEDIA_DIR, file))).size;
    if (!expected.has(file) && !OTHER_GENERATED.has(file)) strays.push(file);
  }
  console.log(
    `${IMAGES.length} images, ${expected.size} files (${written} written), content/media is ${(total / 1024).toFixed(0)} KiB`,
  );
  if (strays.length > 0) console.log(`Not produced by this script (remove if stale): ${strays.join(", ")}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
