import { useSignupOpener } from "./SignupProvider.tsx";

/** A link to the signup: opens the dialog in place, and works as a `?subscribe` link without JavaScript. */
export function DailyHeadlinesLink() {
  return (
    <a href="?subscribe" {...useSignupOpener()}>
      Daily headlines by email
    </a>
  );
}
