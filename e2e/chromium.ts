import { execFile } from "node:child_process";
import { promisify } from "node:util";

export const CHROMIUM_PATH = "/usr/bin/chromium";

/** Without the networking flags Chromium keeps calling home, which floods the closed network. */
export const CHROMIUM_FLAGS = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export async function chromiumVersion(): Promise<string> {
  const { stdout } = await promisify(execFile)(CHROMIUM_PATH, ["--version"], { timeout: 15_000 });
  return /Chromium [\d.]+/.exec(stdout)?.[0] ?? stdout.trim();
}
