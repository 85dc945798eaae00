import { useSignupOpener } from "./SignupProvider.tsx";

/** A link to the signup page, which the app opens as the dialog in place. */
export function DailyHeadlinesLink() {
  return (
    <a href="/subscribe" {...useSignupOpener()}>
      Daily headlines by email
    </a>
  );
}
