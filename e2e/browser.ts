import { chromium } from "@playwright/test";
import type { Browser, Page } from "@playwright/test";
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from "./chromium.ts";

export const DESKTOP_VIEWPORT = { width: 1280, height: 800 };

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_FLAGS,
    // The bench stops its own processes on a signal, after saying what it was doing.
    handleSIGINT: false,
    handleSIGTERM: false,
    timeout: 30_000,
  });
}

/** Waits until the app has taken over the page: it then marks <html> with `data-app="ready"`. */
export async function waitForHydration(page: Page): Promise<void> {
  await page.locator('html[data-app="ready"]').waitFor({ state: "attached", timeout: 15_000 });
}
