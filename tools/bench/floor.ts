/**
 * The floor: a prerendered page with every script (module, JSON data, JSON-LD) and every
 * module preload removed. What is left is the fastest this HTML and CSS can paint.
 */
export function floorPage(html: string): string {
  const page = html
    .replace(/<script\b[^>]*>[\s\S]*?<\/script\s*>/gi, "")
    .replace(/<link\b[^>]*\brel\s*=\s*["']?modulepreload\b[^>]*>/gi, "");
  if (/<script\b/i.test(page) || /\bmodulepreload\b/i.test(page)) {
    throw new Error("The floor page still holds a script or a module preload.");
  }
  return page;
}
