/**
 * Stories for the archive bench, as a source's adapter would give them: the same story for the
 * same number on every run, 10 to 24 paragraphs (5 to 12 KB of JSON, as the bundled stories),
 * an image, a byline and a section; one in 200 has a headline that recurs (a daily column), so
 * the archive numbers clashing addresses as it would on a real site.
 */
import type { IncomingStory } from "../../server/archive/ingest.ts";
import { slugify } from "../../server/content/text.ts";

const SECTIONS = ["World", "Politics", "Business", "Science", "Culture", "Sport", "Local", "Opinion"];
const RECURRING = ["Letters to the editor", "The week in pictures", "Tide tables and shipping", "Market close"];
const NAMES = ["Ada Brennan", "Tomas Ruiz", "Mei Okafor", "Jon Haldane", "Priya Lund", "Sami Kowal"];
const WORDS = (
  "harbour council river storm ferry bridge market budget vote school hospital rail port station " +
  "minister mayor union strike festival library museum theatre season league final record coach " +
  "village coast island valley forest farm harvest rain flood wind heat winter summer morning night " +
  "plan report study survey data figure price rent wage tax fund grant loan bank trade export " +
  "court judge case ruling appeal police officer fire crew rescue team player match goal points " +
  "science research lab trial drug patient doctor nurse clinic energy solar turbine grid battery " +
  "water supply pipe road traffic bus tram cycle lane park garden tree bird seal fish boat quay " +
  "new old first last early late local national small large public private open closed rising " +
  "falling says said will would could must after before during while since under over across " +
  "residents workers families visitors engineers officials scientists teachers pupils students"
).split(" ");

/** A small, fast, seeded generator: the same story for the same number. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The first story's publication time; each next one is about 15 minutes later. */
const START = Date.parse("2024-01-01T06:00:00Z");
const STEP_MS = 15 * 60_000;

export function benchStory(n: number): IncomingStory {
  const next = random(n + 1);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const words = (min: number, max: number) =>
    Array.from({ length: min + Math.floor(next() * (max - min + 1)) }, () => pick(WORDS)).join(" ");
  const sentence = (min: number, max: number) => {
    const text = words(min, max);
    return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
  };
  const headline = n % 200 === 7 ? pick(RECURRING) : sentence(6, 11).slice(0, -1);
  const paragraphs = Array.from({ length: 10 + Math.floor(next() * 15) }, (_, index) => {
    const text = Array.from({ length: 2 + Math.floor(next() * 3) }, () => sentence(10, 22)).join(" ");
    return index % 5 === 2 ? `${text} <a href="https://news.example/topics/${pick(WORDS)}">More on this</a>.` : text;
  });
  const published = new Date(START + n * STEP_MS + Math.floor(next() * STEP_MS * 0.5)).toISOString();
  const slug = slugify(headline);
  return {
    identity: `https://news.example/?p=${n}`,
    link: `https://news.example/${published.slice(0, 4)}/${published.slice(5, 7)}/${slug}/`,
    story: {
      slug,
      headline,
      standfirst: sentence(18, 30),
      section: pick(SECTIONS),
      datePublished: published,
      byline: `By ${pick(NAMES)}`,
      image: {
        src: `https://media.news.example/${n}-1200.jpg`,
        width: 1200,
        height: 800,
        alt: sentence(5, 10),
        caption: sentence(8, 14),
      },
      body: paragraphs.map((html) => ({ type: "paragraph", html })),
    },
  };
}
