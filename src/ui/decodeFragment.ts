/**
 * The element id a `#fragment` names. A fragment is percent-encoded by the browser, but a
 * hand-typed or mangled one (`#save-20%`) is not valid encoding: it is then taken as written,
 * as browsers do, instead of throwing.
 */
export function decodeFragment(hash: string): string {
  const fragment = hash.startsWith("#") ? hash.slice(1) : hash;
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}
