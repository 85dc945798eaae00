/**
 * Generates the bundled story's video clip into content/media/ from one of its illustrations:
 *
 *   npx tsx tools/make-images/make-video.ts        (needs ffmpeg: apt-get install ffmpeg)
 *
 * An 8-second pan across `regatta-sprint-1200.jpg`, 640×360 VP9 at 24 fps, with the sounds its
 * captions name (content/media/regatta-sprint.en.vtt): a starting horn and the water; and its
 * poster, the clip's first frame, drawn by sharp from the same crop. Single-threaded, seeded
 * and bit-exact, so a rerun writes the same bytes.
 */
import { execFileSync } from "node:child_process";
import { join, resolve } from "node:path";
import sharp from "sharp";

const MEDIA = resolve(import.meta.dirname, "..", "..", "content", "media");
const SOURCE = join(MEDIA, "regatta-sprint-1200.jpg");
const OUTPUT = join(MEDIA, "regatta-sprint.webm");
const POSTER = join(MEDIA, "regatta-sprint-poster.jpg");
const SECONDS = 8;
// The pan: the picture scaled to 960×540, a 640×360 window from x = 0 to 320 at y = 120.
const SCALED = { width: 960, height: 540 };
const WINDOW = { width: 640, height: 360, top: 120 };

const args = [
  ["-y", "-loglevel", "error"],
  ["-loop", "1", "-framerate", "24", "-t", String(SECONDS), "-i", SOURCE],
  ["-f", "lavfi", "-i", `anoisesrc=color=brown:amplitude=0.05:seed=7:duration=${SECONDS}`],
  ["-f", "lavfi", "-i", "sine=frequency=392:duration=0.7"],
  [
    "-filter_complex",
    [
      `[0:v]scale=${SCALED.width}:${SCALED.height},crop=${WINDOW.width}:${WINDOW.height}:x='${SCALED.width - WINDOW.width}*t/${SECONDS}':y=${WINDOW.top},format=yuv420p[v]`,
      "[2:a]adelay=500|500,volume=0.4[horn]",
      "[1:a]lowpass=f=600[water]",
      "[water][horn]amix=inputs=2:duration=first[a]",
    ].join(";"),
  ],
  ["-map", "[v]", "-map", "[a]", "-t", String(SECONDS)],
  ["-c:v", "libvpx-vp9", "-b:v", "0", "-crf", "42", "-row-mt", "0", "-threads", "1", "-g", "48"],
  ["-c:a", "libopus", "-b:a", "24k"],
  ["-fflags", "+bitexact", "-flags:v", "+bitexact", "-flags:a", "+bitexact"],
  [OUTPUT],
].flat();

try {
  execFileSync("ffmpeg", args, { stdio: "inherit" });
} catch (error) {
  const missing = error instanceof Error && "code" in error && error.code === "ENOENT";
  console.error(missing ? "ffmpeg is not installed: apt-get install ffmpeg" : error);
  process.exit(1);
}
await sharp(SOURCE)
  .resize(SCALED.width, SCALED.height)
  .extract({ left: 0, ...WINDOW })
  .jpeg({ quality: 80, mozjpeg: true })
  .toFile(POSTER);
console.log(`wrote ${OUTPUT} and ${POSTER}`);
