import { Hono } from "hono";
import {
  parsePreferences,
  preferenceCookies,
  readTextSize,
  readTheme,
  TEXT_SIZES,
  THEMES,
} from "../../contract/preferences.ts";
import { isForm, readForm } from "../http/body.ts";
import { clientInfo } from "../http/clientAddress.ts";
import type { TrustProxy } from "../http/clientAddress.ts";

/** A theme and a text size, with room to spare; anything larger is not our form. */
const MAX_FORM_BYTES = 1024;

/** Where to send the reader back to: a path on this site, never another origin. */
function backTo(value: unknown): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.includes("\\")) {
    return "/";
  }
  return value;
}

/**
 * `POST /preferences`: the Display form as plain HTML, for a reader whose page has no app
 * running yet (or ever). It sets the same cookies the app sets, then answers 303 back to the
 * page, which the server renders in the chosen theme and size. A field left out keeps the
 * reader's current choice; a value that is not one of ours is refused, and nothing is set.
 */
export function createPreferences(trustProxy: TrustProxy = 0): Hono {
  const app = new Hono();
  app.post("/preferences", async (c) => {
    const origin = c.req.header("Origin");
    const url = new URL(c.req.url);
    // Behind a proxy that ends TLS the request arrives as http: the reader's scheme is the one
    // the proxy reports, when TRUST_PROXY believes it.
    const scheme = clientInfo(c, trustProxy).protocol ?? url.protocol.slice(0, -1);
    const self = `${scheme}://${url.host}`;
    // Another site may not change a reader's display by posting to us.
    if (origin && origin !== self) return c.text("Display settings can be changed only from this site.", 403);
    if (!isForm(c.req.header("Content-Type"))) return c.text("Display settings are sent as a form.", 415);
    const form = await readForm(c.req.raw, MAX_FORM_BYTES);
    if (!form) return c.text("That form is too large.", 413);
    const current = parsePreferences(c.req.header("Cookie"));
    const themeField = form.get("theme") ?? undefined;
    const sizeField = form.get("text-size") ?? undefined;
    const theme = themeField === undefined ? current.theme : readTheme(themeField);
    const textSize = sizeField === undefined ? current.textSize : readTextSize(sizeField);
    if (!theme || !textSize) {
      return c.text(
        `Unknown display setting. Themes: ${THEMES.join(", ")}; text sizes: ${TEXT_SIZES.join(", ")}.`,
        400,
      );
    }
    const secure = scheme === "https";
    for (const cookie of preferenceCookies({ theme, textSize }, secure)) {
      c.header("Set-Cookie", cookie, { append: true });
    }
    c.header("Cache-Control", "no-store");
    return c.redirect(backTo(form.get("back")), 303);
  });
  return app;
}
