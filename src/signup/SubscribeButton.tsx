import { useSignupOpener } from "./SignupProvider.tsx";
import { useIsSubscribed } from "./subscription.ts";

/**
 * The header's Subscribe link, or a note that this reader already is. A link to the signup
 * page works before the app runs; the app opens the dialog in place instead.
 */
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
    <a href="/subscribe" className="button" {...opener}>
      Subscribe
    </a>
  );
}
