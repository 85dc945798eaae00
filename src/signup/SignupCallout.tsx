import { useId } from "react";
import { SignupButton } from "./SignupButton.tsx";
import { useIsSubscribed } from "./subscription.ts";

/** The call to action after a story's body; a thank-you once the reader has signed up. */
export function SignupCallout() {
  const subscribed = useIsSubscribed();
  const headingId = useId();
  return (
    <section className="signup-callout" aria-labelledby={headingId} data-signup-place>
      {subscribed ? (
        <>
          <h2 id={headingId} tabIndex={-1} data-signup-focus>
            Thanks for signing up
          </h2>
          <p>The day's top headlines will come to your inbox.</p>
        </>
      ) : (
        <>
          <h2 id={headingId}>Sign up for daily headlines</h2>
          <p>A short email with the day's stories that matter. Free, and easy to leave.</p>
          <SignupButton>Sign up now</SignupButton>
        </>
      )}
    </section>
  );
}
