import { useEffect, useLayoutEffect, useRef } from "react";
import { useLocation, useNavigationType } from "react-router-dom";
import { afterNextPaint } from "./afterNextPaint.ts";

const positions = new Map<string, number>();

/**
 * Back and Forward return to where the reader was on that page; a new page starts at
 * its top (or at its #fragment). Positions are kept per history entry.
 */
export function useScrollRestoration() {
  const location = useLocation();
  const navigationType = useNavigationType();
  // Which entry a scroll event belongs to. Events arrive a frame after the scroll, so the
  // key must already be the new page's when our own scrollTo's event comes in.
  const currentKey = useRef(location.key);
  // Scroll events can lag a frame behind the reader, so a quick Back after a flick would
  // lose the page's last position. Note it while the new location renders, which is
  // before React replaces the page being left.
  if (currentKey.current !== location.key) positions.set(currentKey.current, window.scrollY);

  useEffect(() => {
    history.scrollRestoration = "manual";
    const remember = () => positions.set(currentKey.current, window.scrollY);
    window.addEventListener("scroll", remember, { passive: true });
    return () => window.removeEventListener("scroll", remember);
  }, []);

  // Before paint, so the reader never sees the old position on the new page.
  useLayoutEffect(() => {
    currentKey.current = location.key;
    const saved = positions.get(location.key);
    if (navigationType === "POP" && saved !== undefined) {
      window.scrollTo(0, saved);
      // The page can still change height in the frame that shows it (a part finishing its
      // render, scroll anchoring): if the position did not hold, set it again once painted.
      return afterNextPaint(() => {
        if (Math.abs(window.scrollY - saved) > 1) window.scrollTo(0, saved);
      });
    }
    const target = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
    if (target) target.scrollIntoView();
    else if (!(location.state as { keepScroll?: boolean } | null)?.keepScroll) window.scrollTo(0, 0);
  }, [location.key, location.hash, location.state, navigationType]);
}
