/**
 * Contract 1.1's `language`: a BCP 47 tag, from which a page takes its `lang`, its `dir` and
 * the language its dates are written in. Shared by the app, the server and the content sources.
 */

// Languages written right to left, by primary subtag, and scripts that are, by script subtag.
const RTL_LANGUAGES = new Set(["ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ku", "ps", "sd", "ug", "ur", "yi"]);
const RTL_SCRIPTS = new Set(["adlm", "arab", "hebr", "mand", "nkoo", "rohg", "samr", "syrc", "thaa"]);
const LTR_SCRIPTS = new Set(["latn", "cyrl"]);

/** The canonical form of a BCP 47 tag (`en-gb` → `en-GB`), or undefined when it is not one. */
export function canonicalLanguage(tag: string): string | undefined {
  try {
    return Intl.getCanonicalLocales(tag.trim().replace(/_/g, "-"))[0];
  } catch {
    // Intl throws RangeError for anything that is not a well-formed tag: no language, then.
    return undefined;
  }
}

export function textDirection(language: string | undefined): "ltr" | "rtl" {
  if (!language) return "ltr";
  const [primary = "", ...rest] = language.toLowerCase().split("-");
  const script = rest.find((subtag) => subtag.length === 4 && /^[a-z]+$/.test(subtag));
  if (script && RTL_SCRIPTS.has(script)) return "rtl";
  if (script && LTR_SCRIPTS.has(script)) return "ltr";
  return RTL_LANGUAGES.has(primary) ? "rtl" : "ltr";
}
