import Database from "better-sqlite3";
import { expect, type Locator, type Page, test } from "@playwright/test";
import {
  focusIsInsideOpenDialog,
  gotoStory,
  isSignupDialogChunk,
  isSignupPost,
  recordRequests,
  SLUGS,
  scrollY,
  signupDialog,
  storyPath,
  tabUntilFocused,
  waitForApp,
} from "./helpers.ts";

// The server under test writes here (see webServer.env in playwright.config.ts).
const DATABASE_PATH = "data/e2e.sqlite";

type SubscriberRow = {
  email: string;
  email_normalized: string;
  list: string;
  status: string;
  consent_asked_at: string;
};

function storedSignups(emailNormalized: string): SubscriberRow[] {
  const db = new Database(DATABASE_PATH, { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare<[string], SubscriberRow>(
        "SELECT email, email_normalized, list, status, consent_asked_at FROM subscribers WHERE email_normalized = ?",
      )
      .all(emailNormalized);
  } finally {
    db.close();
  }
}

/** What the reader's click on the emailed link does (e2e/daily-email.spec.ts follows the real link). */
function confirmInDatabase(emailNormalized: string): void {
  const db = new Database(DATABASE_PATH, { fileMustExist: true });
  try {
    db.prepare("UPDATE subscribers SET status = 'confirmed' WHERE email_normalized = ?").run(emailNormalized);
  } finally {
    db.close();
  }
}

/** An address no other run has used, so the server's answer is always "confirmation-sent" first. */
function uniqueEmail(): string {
  return `e2e-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
}

// Once the app runs, the controls that open the dialog in place are buttons (before it, links: e2e/reader.spec.ts).
const headerSubscribe = (page: Page) => page.getByRole("banner").getByRole("button", { name: "Subscribe" });
const signUpNow = (page: Page) => page.getByRole("button", { name: "Sign up now" });
const openers = [
  { name: "the header's Subscribe", label: "Subscribe", locate: headerSubscribe },
  { name: "the story's Sign up now", label: "Sign up now", locate: signUpNow },
];

async function openFromHeader(page: Page): Promise<Locator> {
  await headerSubscribe(page).click();
  const dialog = signupDialog(page);
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel("Email address")).toBeFocused();
  return dialog;
}

test.describe("opening and closing the dialog", () => {
  for (const opener of openers) {
    test(`opens from ${opener.name} with focus in the email field; Escape closes and returns focus`, async ({
      page,
    }) => {
      await gotoStory(page, SLUGS.wire);
      const button = opener.locate(page);
      await button.click();

      const dialog = signupDialog(page);
      await expect(dialog).toBeVisible();
      await expect(dialog.getByLabel("Email address")).toBeFocused();

      await page.keyboard.press("Escape");
      await expect(dialog).toBeHidden();
      await expect(button).toBeFocused();
    });
  }

  test("Tab and Shift+Tab never reach the page behind", async ({ page }) => {
    await gotoStory(page, SLUGS.wire);
    const dialog = await openFromHeader(page);
    const reached = new Set<string>();
    for (const key of [...Array(7).fill("Tab"), ...Array(7).fill("Shift+Tab")]) {
      await page.keyboard.press(key);
      const where = await page.evaluate(() => {
        const element = document.activeElement;
        if (element?.closest("dialog[open]"))
          return element.getAttribute("aria-label") ?? element.textContent?.trim() ?? "";
        // Focus that left the document went to the browser's own UI, not to the page.
        return document.hasFocus() ? `page: ${element?.outerHTML.slice(0, 80)}` : "browser";
      });
      expect(where, `${key} moved focus to the page behind the dialog`).not.toMatch(/^page: /);
      reached.add(where);
    }
    // Every control was reached, so Tab really moved through the dialog.
    for (const control of ["Close", "", "Sign up"]) expect(reached).toContain(control);
    await expect(dialog).toBeVisible();
  });

  test("Tab and Shift+Tab cycle inside the dialog", async ({ page }) => {
    await gotoStory(page, SLUGS.wire);
    await openFromHeader(page);
    for (const key of [...Array(7).fill("Tab"), ...Array(7).fill("Shift+Tab")]) {
      await page.keyboard.press(key);
      expect(await focusIsInsideOpenDialog(page), `focus left the dialog after ${key}`).toBe(true);
    }
  });

  test("a click on the backdrop closes it", async ({ page }) => {
    await gotoStory(page, SLUGS.wire);
    const dialog = await openFromHeader(page);
    // A click inside the panel leaves it open.
    await dialog.getByText("One email each morning").click();
    await expect(dialog).toBeVisible();
    await page.mouse.click(5, 5);
    await expect(dialog).toBeHidden();
    await expect(headerSubscribe(page)).toBeFocused();
  });

  test("the Close button closes it", async ({ page }) => {
    await gotoStory(page, SLUGS.wire);
    const dialog = await openFromHeader(page);
    await dialog.getByRole("button", { name: "Close" }).click();
    await expect(dialog).toBeHidden();
    await expect(headerSubscribe(page)).toBeFocused();
  });

  test("while it is open the page behind does not scroll", async ({ page }) => {
    await gotoStory(page, SLUGS.longRead);
    await signUpNow(page).click();
    const dialog = signupDialog(page);
    await expect(dialog).toBeVisible();
    const before = await scrollY(page);
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).overflow)).toBe("hidden");

    await page.mouse.move(5, 300);
    await page.mouse.wheel(0, 1200);
    await page.keyboard.press("PageDown");
    await expect(dialog).toBeVisible();
    expect(await scrollY(page)).toBe(before);

    // The same wheel does scroll the page once the dialog is closed.
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await page.mouse.move(5, 300);
    await page.mouse.wheel(0, 1200);
    await expect.poll(() => scrollY(page)).toBeGreaterThan(before);
  });
});

/**
 * Fails if the page scrolled since `before`. Space on a link scrolls a screenful (630 px here); a
 * pixel is not that, but scroll anchoring rounding the fractional offset that focus() scrolled to.
 */
async function expectStillAt(page: Page, before: number, when: string) {
  const now = await scrollY(page);
  expect(Math.abs(now - before), `the page scrolled from ${before} to ${now} ${when}`).toBeLessThanOrEqual(1);
}

/** Each key that presses a button, with one of the keyboard's ways to close the dialog. */
const keyboardPaths = [
  { key: "Space", closer: "Escape", close: (page: Page) => page.keyboard.press("Escape") },
  {
    key: "Enter",
    closer: "Enter on its Close button",
    close: async (page: Page, dialog: Locator) => {
      await page.keyboard.press("Shift+Tab");
      await expect(dialog.getByRole("button", { name: "Close" })).toBeFocused();
      await page.keyboard.press("Enter");
    },
  },
];

test.describe("the openers are buttons", () => {
  for (const opener of openers) {
    test(`${opener.name} is a button that says it opens a dialog, and no longer a link`, async ({ page }) => {
      await gotoStory(page, SLUGS.wire);
      const button = opener.locate(page);
      await expect(button).toHaveAttribute("type", "button");
      await expect(button).toHaveAttribute("aria-haspopup", "dialog");
      await expect(page.getByRole("link", { name: opener.label, exact: true })).toHaveCount(0);
    });

    for (const { key, closer, close } of keyboardPaths) {
      test(`${key} on ${opener.name} opens the dialog without scrolling the page; ${closer} returns focus to it`, async ({
        page,
      }) => {
        await gotoStory(page, SLUGS.longRead);
        const button = opener.locate(page);
        await button.focus();
        const before = await scrollY(page);
        await page.keyboard.press(key);
        const dialog = signupDialog(page);
        await expect(dialog.getByLabel("Email address")).toBeFocused();
        await expectStillAt(page, before, `on ${key}`);

        await close(page, dialog);
        await expect(dialog).toBeHidden();
        await expect(button).toBeFocused();
        await expectStillAt(page, before, "on closing");
      });
    }
  }
});

test.describe("opening by link", () => {
  test("the footer's daily headlines link opens it", async ({ page }) => {
    await gotoStory(page, SLUGS.wire);
    await page.getByRole("contentinfo").getByRole("link", { name: "Daily headlines by email" }).click();
    const dialog = signupDialog(page);
    await expect(dialog).toBeVisible();
    await expect(dialog.getByLabel("Email address")).toBeFocused();
    await expect(page).toHaveURL(storyPath(SLUGS.wire));
  });

  test("the footer link keeps the reader's place: closing returns focus to the link, scrolled where it was", async ({
    page,
  }) => {
    await gotoStory(page, SLUGS.wire);
    const link = page.getByRole("contentinfo").getByRole("link", { name: "Daily headlines by email" });
    await link.scrollIntoViewIfNeeded();
    const before = await scrollY(page);
    expect(before).toBeGreaterThan(0);
    await link.click();
    const dialog = signupDialog(page);
    await expect(dialog.getByLabel("Email address")).toBeFocused();
    expect(await scrollY(page)).toBe(before);
    await dialog.getByRole("button", { name: "Close" }).click();
    await expect(dialog).toBeHidden();
    await expect(link).toBeFocused();
    expect(await scrollY(page)).toBe(before);
  });

  for (const suffix of ["?subscribe", "#subscribe"]) {
    test(`${suffix} opens it on load and is tidied from the address`, async ({ page }) => {
      await gotoStory(page, SLUGS.wire, suffix);
      const dialog = signupDialog(page);
      await expect(dialog).toBeVisible();
      await expect(dialog.getByLabel("Email address")).toBeFocused();
      await expect(page).toHaveURL(storyPath(SLUGS.wire));
    });
  }

  test("it never opens by itself", async ({ page }) => {
    await gotoStory(page, SLUGS.wire);
    // The one fixed wait: proving that something does not happen takes time.
    await page.waitForTimeout(2000);
    await expect(page.locator("dialog[open]")).toHaveCount(0);
    await expect(page.getByRole("dialog")).toHaveCount(0);
  });
});

test.describe("loading the dialog's code", () => {
  test("is not part of the first page load; hovering Subscribe fetches it without opening", async ({ page }) => {
    const chunks = recordRequests(page, isSignupDialogChunk);
    await gotoStory(page, SLUGS.wire);
    await page.waitForLoadState("networkidle");
    expect(chunks).toHaveLength(0);

    await headerSubscribe(page).hover();
    await expect.poll(() => chunks.length).toBeGreaterThan(0);
    await expect(page.getByRole("dialog")).toHaveCount(0);
  });

  test("keyboard focus on Sign up now fetches it", async ({ page }) => {
    const chunks = recordRequests(page, isSignupDialogChunk);
    await gotoStory(page, SLUGS.wire);
    await page.waitForLoadState("networkidle");
    expect(chunks).toHaveLength(0);

    await tabUntilFocused(page, signUpNow(page));
    await expect.poll(() => chunks.length).toBeGreaterThan(0);
  });

  test("not even the service worker fetches it before the reader shows intent", async ({ page, context }) => {
    const chunks = recordRequests(page, isSignupDialogChunk);
    context.on("request", (request) => {
      if (request.serviceWorker() && isSignupDialogChunk(request)) chunks.push(request);
    });
    await gotoStory(page, SLUGS.wire);
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.waitForLoadState("networkidle");
    expect(chunks.map((request) => request.url())).toEqual([]);
  });

  test("a click loads it and opens it", async ({ page }) => {
    const chunks = recordRequests(page, isSignupDialogChunk);
    await gotoStory(page, SLUGS.wire);
    await page.waitForLoadState("networkidle");
    expect(chunks).toHaveLength(0);
    await openFromHeader(page);
    expect(chunks.length).toBeGreaterThan(0);
  });
});

test.describe("signing up", () => {
  test("an invalid address is explained inline and nothing is sent", async ({ page }) => {
    const posts = recordRequests(page, isSignupPost);
    await gotoStory(page, SLUGS.wire);
    const dialog = await openFromHeader(page);
    const email = dialog.getByLabel("Email address");
    const submit = dialog.getByRole("button", { name: "Sign up", exact: true });

    await submit.click();
    await expect(email).toHaveAttribute("aria-invalid", "true");
    await expect(email).toHaveAccessibleDescription(/Enter your email address\./);

    await email.fill("not-an-address");
    await submit.click();
    const message = "Enter an email address in the form name@example.com.";
    await expect(dialog.getByText(message)).toBeVisible();
    await expect(email).toHaveAttribute("aria-invalid", "true");
    await expect(email).toHaveAccessibleDescription(new RegExp(message.replace(/\./g, "\\.")));
    await expect(email).toHaveValue("not-an-address");
    await expect(dialog).toBeVisible();

    await page.waitForLoadState("networkidle");
    expect(posts).toHaveLength(0);
  });

  test("a new address is stored as pending and the dialog says to check the inbox; once confirmed it is already on the list", async ({
    page,
  }) => {
    const address = uniqueEmail();
    await gotoStory(page, SLUGS.wire);
    await signUpNow(page).click();
    const dialog = signupDialog(page);
    await dialog.getByLabel("Email address").fill(address);
    await dialog.getByRole("button", { name: "Sign up", exact: true }).click();

    await expect(dialog.getByRole("status")).toContainText("Check your inbox");
    // Not subscribed until the reader confirms from the email.
    await expect(headerSubscribe(page)).toBeVisible();

    const rows = storedSignups(address);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      email: address,
      email_normalized: address,
      list: "daily-headlines",
      status: "pending",
    });
    expect(Math.abs(Date.parse(rows[0]?.consent_asked_at ?? "") - Date.now())).toBeLessThan(10 * 60_000);

    await dialog.getByRole("button", { name: "Done" }).click();
    await expect(dialog).toBeHidden();
    confirmInDatabase(address);

    // As if on another device: this browser forgets, the server does not.
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await waitForApp(page);
    const again = await openFromHeader(page);
    await again.getByLabel("Email address").fill(`  ${address.toUpperCase()} `);
    await again.getByRole("button", { name: "Sign up", exact: true }).click();
    await expect(again.getByRole("status")).toContainText("already on the list");
    await expect(page.getByRole("banner").getByText("✓ Subscribed")).toBeVisible();
    expect(storedSignups(address)).toHaveLength(1);
  });

  test("after signing up, focus moves to Done, and Done returns it to Subscribe", async ({ page }) => {
    await gotoStory(page, SLUGS.wire);
    const dialog = await openFromHeader(page);
    await dialog.getByLabel("Email address").fill(uniqueEmail());
    await page.keyboard.press("Enter");
    await expect(dialog.getByRole("status")).toContainText("Check your inbox");
    await expect(dialog.getByRole("button", { name: "Done" })).toBeFocused();
    // Not subscribed until the emailed link is confirmed, so Subscribe is still there to take focus back.
    await page.keyboard.press("Enter");
    await expect(dialog).toBeHidden();
    await expect(headerSubscribe(page)).toBeFocused();
  });
});

test.describe("when the server refuses", () => {
  // page.route cannot see requests the service worker answers, and it may take control mid-test.
  test.use({ serviceWorkers: "block" });

  test("a server failure keeps the address and Try again succeeds", async ({ page }) => {
    const address = uniqueEmail();
    await gotoStory(page, SLUGS.wire);
    await page.route("**/api/subscriptions", (route) =>
      route.fulfill({ status: 503, contentType: "application/json", body: '{"error":"down for maintenance"}' }),
    );
    const dialog = await openFromHeader(page);
    const email = dialog.getByLabel("Email address");
    await email.fill(address);
    await dialog.getByRole("button", { name: "Sign up", exact: true }).click();

    await expect(dialog.getByRole("alert")).toContainText("could not sign you up");
    await expect(email).toHaveValue(address);
    await expect(email).not.toHaveAttribute("aria-invalid", "true");

    await page.unroute("**/api/subscriptions");
    await dialog.getByRole("button", { name: "Try again" }).click();
    await expect(dialog.getByRole("status")).toContainText("Check your inbox");
    expect(storedSignups(address)).toHaveLength(1);
  });

  test("too many attempts says how long to wait", async ({ page }) => {
    await gotoStory(page, SLUGS.wire);
    await page.route("**/api/subscriptions", (route) =>
      route.fulfill({
        status: 429,
        headers: { "Retry-After": "120" },
        contentType: "application/json",
        body: '{"error":"Too many attempts. Please try again later."}',
      }),
    );
    const dialog = await openFromHeader(page);
    await dialog.getByLabel("Email address").fill(uniqueEmail());
    await dialog.getByRole("button", { name: "Sign up", exact: true }).click();
    await expect(dialog.getByRole("alert")).toContainText("try again in 2 minutes");
  });
});

test.describe("on a small phone", () => {
  test.use({ viewport: { width: 320, height: 568 }, isMobile: true, hasTouch: true });

  test("the dialog fits a 320 px wide screen", async ({ page }) => {
    await gotoStory(page, SLUGS.wire, "?subscribe");
    const dialog = signupDialog(page);
    await expect(dialog).toBeVisible();
    await page.evaluate(() => Promise.all(document.getAnimations().map((animation) => animation.finished)));
    const box = await dialog.boundingBox();
    if (!box) throw new Error("the dialog has no box");
    const viewport = page.viewportSize() ?? { width: 320, height: 568 };
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
    expect(box.y + box.height).toBeLessThanOrEqual(viewport.height);
    for (const control of [
      dialog.getByLabel("Email address"),
      dialog.getByRole("button", { name: "Sign up", exact: true }),
    ]) {
      const controlBox = await control.boundingBox();
      expect((controlBox?.x ?? -1) >= 0 && (controlBox?.x ?? 0) + (controlBox?.width ?? 0) <= viewport.width).toBe(
        true,
      );
    }
  });
});
