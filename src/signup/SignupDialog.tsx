import { useSuspenseQuery } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState } from "react";
import { dailyEmailOffer, partOfDay } from "../../contract/dailyEmail.ts";
import { Dialog } from "./Dialog.tsx";
import { dailyScheduleQuery } from "./signupApi.ts";
import { useSignup } from "./useSignup.ts";

/** The "Sign up for daily headlines" modal: the form, then what became of the signup. */
export function SignupDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { state, submit } = useSignup();
  // Suspends with the dialog's code: the dialog opens once both are in, saying what the server keeps.
  const { data: schedule } = useSuspenseQuery(dailyScheduleQuery());
  const when = partOfDay(schedule);
  const [email, setEmail] = useState("");
  const emailRef = useRef<HTMLInputElement>(null);
  const doneRef = useRef<HTMLButtonElement>(null);
  const ids = { title: useId(), message: useId(), consent: useId() };
  const done = state.step === "check-inbox" || state.step === "subscribed" || state.step === "already";
  const invalid = state.step === "invalid";
  const sending = state.step === "sending";

  // After an answer, focus goes where the reader's next step is: Done, or the field to correct.
  useEffect(() => {
    if (done) doneRef.current?.focus();
    if (state.step === "invalid") emailRef.current?.focus();
  }, [state.step, done]);

  return (
    <Dialog open={open} onClose={onClose} labelledBy={ids.title} initialFocus={done ? doneRef : emailRef}>
      <h2 id={ids.title}>Sign up for daily headlines</h2>
      {done ? (
        <>
          <p role="status" className="signup-success">
            {state.step === "check-inbox"
              ? "Check your inbox: we have sent you a link to confirm your subscription. It works for 48 hours."
              : state.step === "subscribed"
                ? `You're signed up.${when ? ` Daily Headlines arrives ${when}.` : ""}`
                : "You're already on the list, so there is nothing more to do."}
          </p>
          <button ref={doneRef} type="button" className="button" onClick={onClose}>
            Done
          </button>
        </>
      ) : (
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            void submit(email);
          }}
        >
          <p id={ids.consent} className="consent">
            {dailyEmailOffer(schedule)}
          </p>
          <label htmlFor={`${ids.title}-email`}>Email address</label>
          <input
            ref={emailRef}
            id={`${ids.title}-email`}
            name="email"
            type="email"
            autoComplete="email"
            inputMode="email"
            spellCheck={false}
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            aria-invalid={invalid || undefined}
            aria-describedby={invalid ? `${ids.message} ${ids.consent}` : ids.consent}
          />
          {invalid && (
            <p id={ids.message} className="field-error">
              {state.message}
            </p>
          )}
          {state.step === "failed" && (
            <p role="alert" className="form-error">
              {state.message}
            </p>
          )}
          <button type="submit" className="button" disabled={sending}>
            {sending ? "Signing up…" : state.step === "failed" ? "Try again" : "Sign up"}
          </button>
        </form>
      )}
    </Dialog>
  );
}
