import { useOnline } from "../ui/useOnline.ts";

/** A quiet banner while there is no network; the page itself keeps working. */
export function OfflineNotice() {
  const online = useOnline();
  return (
    <div className="offline-notice" role="status">
      {!online && "You're offline. Stories you've opened are still here to read."}
    </div>
  );
}
