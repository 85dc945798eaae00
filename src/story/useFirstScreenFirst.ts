import { useEffect, useState } from "react";
import { useLocation, useNavigationType } from "react-router-dom";
import { afterNextPaint } from "../ui/afterNextPaint.ts";
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
  const navigationType = useNavigationType();
  const { hash } = useLocation();
  const [complete, setComplete] = useState(() => !(isClient && navigationType === "PUSH" && !hash));
  useEffect(() => {
    if (!complete) return afterNextPaint(() => setComplete(true));
  }, [complete]);
  return complete;
}
