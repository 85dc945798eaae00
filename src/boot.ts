/**
 * The page's first script, inlined into the HTML by the build (see `inlineBoot` in
 * vite.config.ts; the server allows it by its hash), so starting the app costs no request of
 * its own. It imports the app at once. A prerendered page does not wait for it: every control
 * on it is plain HTML that works before the app runs (links, and forms the server answers),
 * so a press is never held back to be replayed later.
 */
export function startApp(appUrl: string): Promise<unknown> {
  return import(/* @vite-ignore */ appUrl);
}
