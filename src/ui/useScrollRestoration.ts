import { useEffect, useLayoutEffect, useRef } from "react";
import { type Location, useLocation, useNavigationType } from "react-router-dom";
import { afterNextPaint } from "./afterNextPaint.ts";
import { decodeFragment } from "./decodeFragment.ts";
import { readScrollPositions, writeScrollPositions } from "./scrollPositions.ts";

/** A history entry, as positions are kept: its key alone is not unique across page loads. */
function entryOf(location: Location): string {
  return `${location.key} ${location.pathname}${location.search}`;
}

/** Whether this document was loaded by Reload, Back or Forward, whose position is worth restoring. */
function documentWasRevisited(): boolean {
  const [entry] = performance.getEntriesByType("navigation");
  return entry instanceof PerformanceNavigationTiming && (entry.type === "reload" || entry.type === "back_forward");
}

/**
 * Back, Forward and Reload return to where the reader was on that page; a new page starts
 * at its top (or at its #fragment). Positions are kept per history entry in sessionStorage,
 * so they outlive a reload. The app's own start never moves the reader: a page already
 * scrolled (by the reader or the browser) when the app takes over stays where it is.
 */
export function useScrollRestoration() {
  const location = useLocation();
  const navigationType = useNavigationType();
  const positions = useRef<Map<string, number> | null>(null);
  positions.current ??= typeof window === "undefined" ? new Map() : readScrollPositions();
  const started = useRef(false);
  // Which entry a scroll event belongs to. Events arrive a frame after the scroll, so the
  // entry must already be the new page's when our own scrollTo's event comes in.
  const currentEntry = useRef(entryOf(location));
  // Scroll events can lag a frame behind the reader, so a quick Back after a flick would
  // lose the page's last position. Note it while the new location renders, which is
  // before React replaces the page being left.
  if (currentEntry.current !== entryOf(location)) positions.current.set(currentEntry.current, window.scrollY);

  useEffect(() => {
    const saved = positions.current ?? new Map<string, number>();
    history.scrollRestoration = "manual";
    const remember = () => saved.set(currentEntry.current, window.scrollY);
    const persist = () => {
      remember();
      writeScrollPositions(saved);
    };
    const persistWhenHidden = () => {
      if (document.visibilityState === "hidden") persist();
    };
    window.addEventListener("scroll", remember, { passive: true });
    window.addEventListener("pagehide", persist);
    document.addEventListener("visibilitychange", persistWhenHidden);
    return () => {
      window.removeEventListener("scroll", remember);
      window.removeEventListener("pagehide", persist);
      document.removeEventListener("visibilitychange", persistWhenHidden);
    };
  }, []);

  // Before paint, so the reader never sees the old position on the new page.
  useLayoutEffect(() => {
    const entry = entryOf(location);
    currentEntry.current = entry;
    const saved = positions.current?.get(entry);
    const target = location.hash ? document.getElementById(decodeFragment(location.hash)) : null;
    if (!started.current) {
      started.current = true;
      // The page the app starts on was shown before it; a reader who has scrolled it stays put.
      if (window.scrollY !== 0) return;
      if (saved !== undefined && documentWasRevisited()) window.scrollTo(0, saved);
      else target?.scrollIntoView();
      return;
    }
    if (navigationType === "POP" && saved !== undefined) {
      window.scrollTo(0, saved);
      // The page can still change height in the frame that shows it (a part finishing its
      // render, scroll anchoring): if the position did not hold, set it again once painted.
      return afterNextPaint(() => {
        if (Math.abs(window.scrollY - saved) > 1) window.scrollTo(0, saved);
      });
    }
    if (target) target.scrollIntoView();
    else if (!(location.state as { keepScroll?: boolean } | null)?.keepScroll) window.scrollTo(0, 0);
    return undefined;
  }, [location, navigationType]);
}
