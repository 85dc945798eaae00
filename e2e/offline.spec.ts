import { expect, test } from "@playwright/test";
import { gotoStory, readStory, SLUGS, storyPath } from "./helpers.ts";

test.describe("reading offline", () => {
  test("a story read online stays readable offline, with its image; an unread one says the reader is offline", async ({
    page,
    context,
  }) => {
    const wire = await gotoStory(page, SLUGS.wire);
    // The worker installs after the first load and then controls the page.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await expect.poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true);

    // Read a related story inside the app, so its JSON and image go through the worker.
    const [read, unread] = (wire.related ?? []).filter((headline) => headline.image);
    if (!read || !unread) throw new Error("the wire story needs two related stories with images");
    await page.getByRole("complementary", { name: "Related" }).getByRole("link", { name: read.headline }).click();
    const hero = page.locator("article figure img").first();
    await expect(page.getByRole("heading", { level: 1, name: read.headline })).toBeVisible();
    await expect
      .poll(() => hero.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth))
      .toBeGreaterThan(0);

    await context.setOffline(true);
    await page.reload();
    await expect(page.getByRole("heading", { level: 1, name: read.headline })).toBeVisible();
    await expect(page.getByText("You're offline. Stories you've opened are still here to read.")).toBeVisible();
    await expect
      .poll(() =>
        page
          .locator("article figure img")
          .first()
          .evaluate((image: HTMLImageElement) => image.naturalWidth),
      )
      .toBeGreaterThan(0);

    const readStoryJson = readStory(read.slug);
    const never = (readStoryJson.related ?? []).find(
      (headline) => headline.slug !== SLUGS.wire && headline.slug !== unread.slug,
    );
    if (!never) throw new Error("the related story needs a related story of its own that was never opened");
    await page.getByRole("complementary", { name: "Related" }).getByRole("link", { name: never.headline }).click();
    await expect(page).toHaveURL(storyPath(never.slug));
    await expect(page.getByRole("heading", { level: 1, name: "You're offline" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Something went wrong" })).toHaveCount(0);

    await context.setOffline(false);
  });
});
