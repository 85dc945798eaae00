/**
 * Draws the app icons in public/icons and the favicon in src/ (run once; the PNGs are
 * committed). The build writes the favicon into every page as a data: URL (`inlineFavicon` in
 * vite.config.ts). It is a PNG, not an SVG: an SVG icon is parsed as a whole document on the
 * main thread each time the page's icon is set.
 */
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import sharp from "sharp";

const out = resolve(import.meta.dirname, "..", "public", "icons");
mkdirSync(out, { recursive: true });

function icon(size: number, padding: number): string {
  const scale = (size - 2 * padding) / 64;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}">
  <rect width="${size}" height="${size}" fill="#1a3a5c"/>
  <g transform="translate(${padding} ${padding}) scale(${scale})">
    <path d="M18 14h14c11 0 18 7 18 18s-7 18-18 18H18z" fill="#fff"/>
    <path d="M26 22h6c6 0 10 4 10 10s-4 10-10 10h-6z" fill="#1a3a5c"/>
  </g>
</svg>`;
}

await sharp(Buffer.from(icon(32, 0)))
  .png({ palette: true })
  .toFile(resolve(import.meta.dirname, "..", "src", "favicon-32.png"));
await sharp(Buffer.from(icon(192, 0)))
  .png()
  .toFile(join(out, "icon-192.png"));
await sharp(Buffer.from(icon(512, 0)))
  .png()
  .toFile(join(out, "icon-512.png"));
// Maskable icons keep their mark inside the central safe zone (80 %).
await sharp(Buffer.from(icon(512, 64)))
  .png()
  .toFile(join(out, "icon-maskable-512.png"));
console.log("Wrote public/icons/ and src/favicon-32.png");
