import type { ReactNode } from "react";
import { ActionButton } from "../ui/ActionButton.tsx";
import { useSignupDialog } from "./SignupProvider.tsx";

/** Opens the signup dialog in place; before the app runs, a link to the signup page. */
export function SignupButton({ children }: { children: ReactNode }) {
  const { open, preload } = useSignupDialog();
  return (
    <ActionButton href="/subscribe" className="button" opens="dialog" onAct={open} onIntent={preload}>
      {children}
    </ActionButton>
  );
}
