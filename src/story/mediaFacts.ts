/** What a reader is told about a media file before playing it: how long, and what kind of file. */

/** Seconds as a clock reads them: 0:07, 12:05, 1:02:03. */
export function clockDuration(seconds: number): string {
  const whole = Math.round(seconds);
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = String(whole % 60).padStart(2, "0");
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, "0")}:${rest}` : `${minutes}:${rest}`;
}

/** The same length as an ISO 8601 duration, for `<time datetime>`: PT1H2M3S. */
export function isoDuration(seconds: number): string {
  const whole = Math.round(seconds);
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const parts = `${hours ? `${hours}H` : ""}${minutes ? `${minutes}M` : ""}${whole % 60 || !whole ? `${whole % 60}S` : ""}`;
  return `PT${parts}`;
}

const FORMATS: Record<string, string> = {
  "video/mp4": "MP4",
  "video/webm": "WebM",
  "video/ogg": "Ogg",
  "video/quicktime": "QuickTime",
  "audio/mpeg": "MP3",
  "audio/mp4": "M4A",
  "audio/aac": "AAC",
  "audio/ogg": "Ogg",
  "audio/opus": "Opus",
  "audio/webm": "WebM",
  "audio/wav": "WAV",
  "audio/x-wav": "WAV",
  "audio/flac": "FLAC",
};

/** A file format's everyday name, from its MIME type: video/webm → WebM. */
export function formatName(type: string): string {
  const known = FORMATS[type.toLowerCase()];
  if (known) return known;
  const subtype = type.split("/")[1] ?? type;
  return subtype.replace(/^x-/, "").toUpperCase();
}
