/**
 * The first script of every page, inlined into <head> as a classic script by the build (see
 * `inlinePreferences` in vite.config.ts; the server allows it by its hash). Pages are the
 * same for every reader, so a shared cache can keep them; the reader's theme and text size
 * come from their cookie here, before the body is parsed, so the first paint is already right.
 */
import { parsePreferences } from "../../contract/preferences.ts";

const { theme, textSize } = parsePreferences(document.cookie);
document.documentElement.dataset.theme = theme;
document.documentElement.dataset.textSize = textSize;
