import type { CSSProperties } from "react";

// Mail clients drop stylesheets unpredictably, so every rule that matters is inline; the
// dark-mode block in EmailFrame only swaps colours where a client honours it. react-email's
// Body repeats its background on an inner table, so the dark block covers tables too.
export const colours = { ink: "#1c1c1c", muted: "#4a4a4a", paper: "#fdfcfa", accent: "#1a3a5c", rule: "#d9d4cc" };

export const styles = {
  body: { margin: 0, padding: "24px 0", backgroundColor: colours.paper, color: colours.ink },
  container: {
    maxWidth: "600px",
    margin: "0 auto",
    padding: "0 16px",
    fontFamily: "Georgia, 'Times New Roman', serif",
  },
  masthead: { fontSize: "28px", lineHeight: "1.2", margin: "0 0 8px", color: colours.accent },
  heading: { fontSize: "22px", lineHeight: "1.3", margin: "24px 0 8px" },
  text: { fontSize: "17px", lineHeight: "1.5", margin: "0 0 12px", color: colours.ink },
  small: { fontSize: "15px", lineHeight: "1.5", margin: "0 0 8px", color: colours.muted },
  link: { color: colours.accent, textDecoration: "underline" },
  button: {
    display: "inline-block",
    backgroundColor: colours.accent,
    color: "#ffffff",
    fontSize: "17px",
    padding: "12px 20px",
    borderRadius: "4px",
    textDecoration: "none",
  },
  image: { display: "block", width: "100%", maxWidth: "568px", height: "auto", border: 0 },
  rule: { borderColor: colours.rule, margin: "24px 0" },
} satisfies Record<string, CSSProperties>;

export const DARK_MODE_CSS = `
:root { color-scheme: light dark; supported-color-schemes: light dark; }
@media (prefers-color-scheme: dark) {
  body, .email-body, .email-body table, .email-body td { background-color: #161616 !important; color: #eeeeee !important; }
  .email-text, h1, h2 { color: #eeeeee !important; }
  .email-muted { color: #c8c8c8 !important; }
  a { color: #9cc3ee !important; }
  a.email-button { background-color: #9cc3ee !important; color: #111111 !important; }
}`;
