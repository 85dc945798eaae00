import { useSignupOpener } from "./SignupProvider.tsx";
import { useIsSubscribed } from "./subscription.ts";

/** The header's Subscribe button, or a note that this reader already is. */
export function SubscribeButton() {
  const subscribed = useIsSubscribed();
  const opener = useSignupOpener();
  if (subscribed) {
    return (
      <p className="subscribed-note" tabIndex={-1} data-signup-focus>
        ✓ Subscribed
      </p>
    );
  }
  return (
    <button type="button" className="button" {...opener}>
      Subscribe
    </button>
  );
}
