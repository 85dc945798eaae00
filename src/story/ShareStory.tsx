import { useState } from "react";
import { useLocation } from "react-router-dom";
import { ActionButton } from "../ui/ActionButton.tsx";
import { useIsClient } from "../ui/useIsClient.ts";

type Status = "idle" | "copied" | "failed";

/**
 * Before the app runs, a plain link to the story, which a reader can copy or share from the
 * browser's own menu. Once it runs, a button that shares through the device's own sheet where
 * there is one, and otherwise copies the link.
 */
export function ShareStory({ headline }: { headline: string }) {
  const isClient = useIsClient();
  const { pathname } = useLocation();
  const [status, setStatus] = useState<Status>("idle");
  const canShare = isClient && typeof navigator.share === "function";
  const url = () => `${location.origin}${pathname}`;

  async function share() {
    if (canShare) {
      try {
        await navigator.share({ title: headline, url: url() });
      } catch (error) {
        // The reader closing the share sheet is not a failure.
        if (!(error instanceof DOMException && error.name === "AbortError")) setStatus("failed");
      }
      return;
    }
    try {
      await navigator.clipboard.writeText(url());
      setStatus("copied");
    } catch {
      setStatus("failed");
    }
  }

  return (
    <div className="share">
      <ActionButton href={pathname} className="button secondary" onAct={() => void share()}>
        {isClient && !canShare ? "Copy link" : "Share"}
      </ActionButton>
      <span className="share-status" role="status">
        {status === "copied" && "Link copied"}
        {status === "failed" && `Could not share. The link is ${url()}`}
      </span>
    </div>
  );
}
