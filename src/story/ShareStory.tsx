import { useState } from "react";
import { useIsClient } from "../ui/useIsClient.ts";

type Status = "idle" | "copied" | "failed";

/** Share through the device's own sheet where there is one; otherwise copy the link. */
export function ShareStory({ headline }: { headline: string }) {
  const isClient = useIsClient();
  const [status, setStatus] = useState<Status>("idle");
  const canShare = isClient && typeof navigator.share === "function";
  const url = () => `${location.origin}${location.pathname}`;

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
      <button type="button" className="button secondary" onClick={() => void share()}>
        {canShare ? "Share" : "Copy link"}
      </button>
      <span className="share-status" role="status">
        {status === "copied" && "Link copied"}
        {status === "failed" && `Could not share. The link is ${url()}`}
      </span>
    </div>
  );
}
