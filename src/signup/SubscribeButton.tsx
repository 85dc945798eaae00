import { SignupButton } from "./SignupButton.tsx";
import { useIsSubscribed } from "./subscription.ts";

/** The header's Subscribe, or a note that this reader already is. */
export function SubscribeButton() {
  const subscribed = useIsSubscribed();
  if (subscribed) {
    return (
      <p className="subscribed-note" tabIndex={-1} data-signup-focus>
        ✓ Subscribed
      </p>
    );
  }
  return <SignupButton>Subscribe</SignupButton>;
}
