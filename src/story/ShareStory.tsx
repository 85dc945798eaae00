import { useState } from "react";
import { useLocation } from "react-router-dom";
import { useIsClient } from "../ui/useIsClient.ts";

type Status = "idle" | "copied" | "failed";

/**
 * A plain link to the story, which a reader can copy or share from the browser's own menu
 * before the app runs. The app makes it share through the device's own sheet where there is
 * one, and otherwise copy the link.
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
      <a
        href={pathname}
        className="button secondary"
        onClick={(event) => {
          event.preventDefault();
          void share();
        }}
      >
        {isClient && !canShare ? "Copy link" : "Share"}
      </a>
      <span className="share-status" role="status">
        {status === "copied" && "Link copied"}
        {status === "failed" && `Could not share. The link is ${url()}`}
      </span>
    </div>
  );
}
