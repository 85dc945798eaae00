import { defineConfig, devices } from "@playwright/test";
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from "./e2e/chromium.ts";

const PORT = Number(process.env.E2E_PORT ?? 4180);

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 30_000,
  reporter: process.env.CI ? "list" : "line",
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    browserName: "chromium",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? CHROMIUM_PATH,
      // Playwright chooses headless itself.
      args: CHROMIUM_FLAGS.filter((flag) => !flag.startsWith("--headless")),
    },
    trace: "off",
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], channel: undefined } }],
  webServer: {
    // As in production: the server compiled by `npm run build`, run by plain node.
    command: "node dist-server/main.js",
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: false,
    timeout: 30_000,
    env: {
      PORT: String(PORT),
      HOST: "127.0.0.1",
      DATABASE_PATH: "data/e2e.sqlite",
      SIGNUP_RATE_LIMIT: "1000",
      SITE_URL: `http://127.0.0.1:${PORT}`,
    },
  },
});
