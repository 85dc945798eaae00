import { useEffect, useState } from "react";
import { useLocation, useNavigationType } from "react-router-dom";
import { afterNextPaint } from "../ui/afterNextPaint.ts";
import { useIsOnScreen } from "../ui/upcomingPage.tsx";
import { useIsClient } from "../ui/useIsClient.ts";

/**
 * Whether the whole story may render now. A reader who follows a link to a story sees its
 * top first: the first render of a story reached by a link (not Back or Forward, which must
 * restore a scroll position, nor a #fragment, which may point anywhere) leaves out what is
 * below the first screen, and the rest follows once that screen has been painted.
 * Prerendered pages and their hydration always render everything.
 */
export function useFirstScreenFirst(): boolean {
  const isClient = useIsClient();
  const onScreen = useIsOnScreen();
  const navigationType = useNavigationType();
  const { hash } = useLocation();
  // A story prepared out of sight is always reached by a link; should Back or Forward reveal
  // it instead, it renders whole at once.
  const whole = !isClient || (onScreen && (navigationType !== "PUSH" || hash !== ""));
  const [complete, setComplete] = useState(whole);
  if (whole && !complete) setComplete(true);
  useEffect(() => {
    if (!complete) return afterNextPaint(() => setComplete(true));
  }, [complete]);
  return complete;
}
