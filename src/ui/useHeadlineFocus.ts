import { useEffect, useRef } from "react";
import { useLocation } from "react-router-dom";
import { afterNextPaint } from "./afterNextPaint.ts";

const SITE_NAME = "Dispatch";

/**
 * Names the document after the page's headline and, after a client-side navigation
 * (not the first load), moves focus to the headline so screen readers announce it.
 */
export function useHeadlineFocus<TElement extends HTMLElement>(title: string) {
  const ref = useRef<TElement>(null);
  const location = useLocation();
  // After the paint: naming the document is slow enough (a few ms) to hold back the new page.
  useEffect(() => afterNextPaint(() => nameDocument(title)), [title]);
  useEffect(() => {
    // The first history entry has the key "default": nothing to announce on a fresh load.
    if (location.key === "default") return;
    // After the new page's first paint: moving focus makes the browser work out styles,
    // which would otherwise hold that paint back.
    return afterNextPaint(() => ref.current?.focus({ preventScroll: true }));
  }, [location.key]);
  return ref;
}

function nameDocument(title: string) {
  document.title = title === SITE_NAME ? SITE_NAME : `${title} — ${SITE_NAME}`;
}
