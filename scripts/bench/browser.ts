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

/** Waits until React has hydrated the prerendered page: its DOM nodes carry React's props. */
export async function waitForHydration(page: Page, selector: string): Promise<void> {
  await page.waitForFunction(
    (target) => {
      const element = document.querySelector(target);
      return element !== null && Object.keys(element).some((key) => key.startsWith("__reactProps$"));
    },
    selector,
    { timeout: 15_000 },
  );
}
