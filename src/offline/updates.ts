import { useEffect, useRef } from "react";
import { useLocation } from "react-router-dom";

let newBuildActive = false;

/** Called when a new service worker (a new deployment) has taken over this page. */
export function markNewBuildActive() {
  newBuildActive = true;
}

/**
 * A reader is never stuck on an old build: once a new one is active, the next navigation
 * loads the new page from the server instead of rendering it with the old code.
 */
export function useReloadOnNewBuild() {
  const { key } = useLocation();
  const first = useRef(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on each navigation, which `key` names
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    if (newBuildActive) window.location.reload();
  }, [key]);
}
