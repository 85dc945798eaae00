import { stat } from "node:fs/promises";
import { join } from "node:path";
import { apiDirectory, FRONT_PAGE_DOCUMENT } from "../../contract/paths.ts";
import type { ReadinessCheck } from "./health.ts";

/**
 * The stories can be read: the bundled content's front page, or, when the app reads another
 * server's API, that API's front page.
 */
export function contentReadiness(options: {
  contentDir: string;
  apiBase: string;
  apiOrigin: string | undefined;
  fetch?: typeof fetch;
}): ReadinessCheck {
  const { contentDir, apiBase, apiOrigin, fetch: request = fetch } = options;
  return {
    name: "content",
    async check() {
      if (apiOrigin) {
        // A scheme-relative base follows the page's scheme; the server asks over https.
        const url = new URL(FRONT_PAGE_DOCUMENT, new URL(apiDirectory(apiBase), "https://localhost"));
        const response = await request(url, { method: "HEAD", signal: AbortSignal.timeout(2000) });
        return response.ok;
      }
      return (await stat(join(contentDir, "api", FRONT_PAGE_DOCUMENT))).isFile();
    },
  };
}
