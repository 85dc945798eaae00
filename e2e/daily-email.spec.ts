import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { editionMessage } from "../server/newsletter/email/messages.ts";
import { linksIn, startSmtpServer } from "../server/testing/mail.ts";
import type { TestSmtpServer } from "../server/testing/mail.ts";
import { expectNoAxeViolations, gotoStory, readHeadlines, SLUGS, signupDialog } from "./helpers.ts";

// This spec runs its own server (beside the one in playwright.config.ts) so that its mail
// goes to an SMTP server the test owns.
const PORT = Number(process.env.E2E_PORT ?? 4180) + 1;
const SITE_URL = `http://127.0.0.1:${PORT}`;

let smtp: TestSmtpServer;
let server: ChildProcess;
let dataDir: string;

test.use({ baseURL: SITE_URL });

test.beforeAll(async () => {
  smtp = await startSmtpServer();
  dataDir = mkdtempSync(join(tmpdir(), "dispatch-e2e-mail-"));
  server = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    env: {
      ...process.env,
      PORT: String(PORT),
      HOST: "127.0.0.1",
      SITE_URL,
      DATABASE_PATH: join(dataDir, "dispatch.sqlite"),
      SMTP_URL: smtp.url,
      MAIL_FROM: "Dispatch <headlines@example.com>",
      SIGNUP_RATE_LIMIT: "1000",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    server.once("exit", (code) => reject(new Error(`The server exited with ${code}`)));
    server.stdout?.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("Dispatch is running")) resolve();
    });
  });
});

test.afterAll(async () => {
  server.kill("SIGTERM");
  await smtp.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function confirmationLinkFor(address: string): Promise<string> {
  await expect.poll(() => smtp.received.some((mail) => mail.to.includes(address))).toBe(true);
  const mail = smtp.received.find((received) => received.to.includes(address));
  const link = linksIn(mail?.parsed.text ?? "").find((found) => found.includes("/subscriptions/confirm/"));
  if (!link) throw new Error("The confirmation email has no link.");
  return link;
}

test("sign up in the dialog, open the emailed link, confirm, see the confirmed page", async ({ page }) => {
  const address = `e2e-mail-${Date.now()}@example.com`;
  await gotoStory(page, SLUGS.wire);
  await page.getByRole("banner").getByRole("button", { name: "Subscribe" }).click();
  const dialog = signupDialog(page);
  await dialog.getByLabel("Email address").fill(address);
  await dialog.getByRole("button", { name: "Sign up", exact: true }).click();
  await expect(dialog.getByRole("status")).toContainText("Check your inbox");

  const link = await confirmationLinkFor(address);
  expect(link.startsWith(`${SITE_URL}/subscriptions/confirm/`)).toBe(true);
  await page.goto(link);
  await expect(page.getByRole("heading", { level: 1, name: "Confirm your subscription" })).toBeVisible();
  await expectNoAxeViolations(page, "the confirm page");
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "You're subscribed" })).toBeVisible();
  await expectNoAxeViolations(page, "the confirmed page");
  await page.getByRole("link", { name: "Go to the front page" }).click();
  await expect(page).toHaveURL(`${SITE_URL}/`);

  // The same link again is spent, and says so.
  await page.goto(link);
  await expect(page.getByText("already been used")).toBeVisible();
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the /subscribe form signs up and says to check the inbox; a bad address shows the error and the form", async ({
    page,
  }) => {
    await page.goto("/subscribe");
    // The browser's own check lets this through (no dot in the domain); the server's does not.
    await page.getByLabel("Email address").fill("reader@localhost");
    await page.getByRole("button", { name: "Sign up" }).click();
    await expect(page.getByRole("alert")).toContainText("Enter a valid email address.");
    await expect(page.getByLabel("Email address")).toHaveValue("reader@localhost");

    const address = `e2e-form-${Date.now()}@example.com`;
    await page.getByLabel("Email address").fill(address);
    await page.getByRole("button", { name: "Sign up" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Check your inbox" })).toBeVisible();
    await confirmationLinkFor(address);
  });
});

test("the signup page, with and without an error, and a bad link's page are clean for axe", async ({ page }) => {
  await page.goto("/subscribe");
  await expectNoAxeViolations(page, "the signup page");
  await page.getByLabel("Email address").fill("reader@localhost");
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.getByRole("alert")).toBeVisible();
  await expectNoAxeViolations(page, "the signup page with an error");
  await page.goto("/subscriptions/unsubscribe/1.forged");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("cannot be used");
  await expectNoAxeViolations(page, "a bad unsubscribe link");
});

test("the confirmation email and the daily edition are clean for axe, in light and dark", async ({ page }) => {
  const address = `e2e-axe-${Date.now()}@example.com`;
  const response = await page.request.post("/api/subscriptions", { data: { email: address, list: "daily-headlines" } });
  expect(response.status()).toBe(202);
  await confirmationLinkFor(address);
  const confirmation = String(smtp.received.find((mail) => mail.to.includes(address))?.parsed.html);
  const edition = await editionMessage(
    { updated: "2026-12-02T06:00:00Z", headlines: readHeadlines() },
    { date: "2026-12-02", siteUrl: SITE_URL, postalAddress: "Dispatch, 1 Harbour Street" },
  );
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    for (const [what, html] of [
      ["the confirmation email", confirmation],
      ["the daily edition", edition.html],
    ]) {
      await page.setContent(html ?? "");
      await expectNoAxeViolations(page, `${what} (${colorScheme})`);
    }
  }
});
