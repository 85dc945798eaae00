import { useQueryClient } from "@tanstack/react-query";
import {
  createContext,
  lazy,
  type ReactNode,
  Suspense,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from "react";
import { ErrorBoundary } from "../ui/ErrorBoundary.tsx";

// The dialog is not part of the first page load: it is fetched when a reader shows intent,
// with the schedule it promises (the dialog waits for both).
const loadDialog = () => import("./SignupDialog.tsx");
const loadSignupApi = () => import("./signupApi.ts");
// A failed load (offline, say) is not remembered: the next attempt makes a fresh lazy component.
const lazyDialog = () => lazy(() => loadDialog().then((module) => ({ default: module.SignupDialog })));

type SignupDialogControl = {
  /** Opens the dialog; focus returns to `opener` when it closes. */
  open: (opener: HTMLElement | null) => void;
  /** Starts fetching the dialog's code ahead of a likely click. */
  preload: () => void;
};

const SignupContext = createContext<SignupDialogControl | null>(null);

/** Where focus goes on close when the opener itself is gone (a signup replaces the button). */
function returnFocus(opener: HTMLElement | null, place: Element | null) {
  if (opener?.isConnected) return opener.focus();
  const stand = place?.querySelector<HTMLElement>("[data-signup-focus]");
  (stand ?? document.getElementById("main"))?.focus();
}

export function SignupProvider({ children }: { children: ReactNode }) {
  const [isOpen, setIsOpen] = useState(false);
  const [wanted, setWanted] = useState(false);
  const [SignupDialog, setSignupDialog] = useState(lazyDialog);
  const opener = useRef<HTMLElement | null>(null);
  const place = useRef<Element | null>(null);

  const open = useCallback((from: HTMLElement | null) => {
    opener.current = from;
    place.current = from?.closest("[data-signup-place]") ?? null;
    setWanted(true);
    setIsOpen(true);
  }, []);
  const close = useCallback(() => {
    setIsOpen(false);
    returnFocus(opener.current, place.current);
  }, []);
  const failed = useCallback(() => {
    setWanted(false);
    setIsOpen(false);
    setSignupDialog(lazyDialog);
  }, []);
  const queryClient = useQueryClient();
  const control = useMemo(
    () => ({
      open,
      preload: () => {
        const notYet = (error: unknown) => console.warn("The signup form could not be loaded yet:", error);
        loadDialog().catch(notYet);
        loadSignupApi()
          .then((api) => queryClient.prefetchQuery(api.dailyScheduleQuery()))
          .catch(notYet);
      },
    }),
    [open, queryClient],
  );

  return (
    <SignupContext.Provider value={control}>
      {children}
      {wanted && (
        <ErrorBoundary fallback={<DialogLoadFailed onSeen={failed} />}>
          <Suspense fallback={null}>
            <SignupDialog open={isOpen} onClose={close} />
          </Suspense>
        </ErrorBoundary>
      )}
    </SignupContext.Provider>
  );
}

/** The dialog's code could not be fetched: forget the attempt so the next click tries again. */
function DialogLoadFailed({ onSeen }: { onSeen: () => void }) {
  useEffect(() => onSeen(), [onSeen]);
  return null;
}

export function useSignupDialog(): SignupDialogControl {
  const control = useContext(SignupContext);
  if (!control) throw new Error("useSignupDialog needs a SignupProvider above it");
  return control;
}

/** Props that open the dialog on click and fetch its code on hover, focus or touch. */
export function useSignupOpener() {
  const { open, preload } = useSignupDialog();
  return {
    onClick: (event: { currentTarget: HTMLElement; preventDefault(): void }) => {
      // On a link (whose href works without JavaScript), open in place instead of navigating.
      event.preventDefault();
      open(event.currentTarget);
    },
    onPointerEnter: preload,
    onFocus: preload,
    onTouchStart: preload,
  };
}
