import { useState } from "react";
import { isEmail } from "../../contract/signup.ts";
import { rememberSubscribed } from "./subscription.ts";
import { requestSignup } from "./signupApi.ts";

export type SignupState =
  | { step: "idle" }
  | { step: "invalid"; message: string }
  | { step: "sending" }
  | { step: "check-inbox" }
  | { step: "subscribed" }
  | { step: "already" }
  | { step: "failed"; message: string };

function describeWait(seconds: number): string {
  if (seconds < 90) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}

/** The signup form's state machine: idle → sending → check-inbox | subscribed | already | failed. */
export function useSignup() {
  const [state, setState] = useState<SignupState>({ step: "idle" });

  async function submit(rawEmail: string) {
    if (state.step === "sending") return;
    const email = rawEmail.trim();
    if (!email) return setState({ step: "invalid", message: "Enter your email address." });
    if (!isEmail(email)) {
      return setState({ step: "invalid", message: "Enter an email address in the form name@example.com." });
    }
    setState({ step: "sending" });
    const result = await requestSignup(email);
    switch (result.kind) {
      // Not remembered as subscribed yet: that happens when the reader confirms from the email.
      case "confirmation-sent":
        return setState({ step: "check-inbox" });
      case "subscribed":
        rememberSubscribed();
        return setState({ step: "subscribed" });
      case "already-subscribed":
        rememberSubscribed();
        return setState({ step: "already" });
      case "rejected":
        return setState({ step: "invalid", message: result.message });
      case "rate-limited":
        return setState({
          step: "failed",
          message: `Too many attempts from this connection. Please try again in ${describeWait(result.retryAfterSeconds)}.`,
        });
      case "failed":
        return setState({ step: "failed", message: "We could not sign you up just now. Please try again." });
    }
  }

  return { state, submit };
}
