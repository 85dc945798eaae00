import {
  createContext,
  lazy,
  type ReactNode,
  Suspense,
  useCallback,
  useContext,
  useMemo,
  useRef,
  useState,
} from "react";

// The dialog is not part of the first page load: it is fetched when a reader shows intent.
const loadDialog = () => import("./SignupDialog.tsx");
const SignupDialog = lazy(() => loadDialog().then((module) => ({ default: module.SignupDialog })));

type SignupDialogControl = {
  /** Opens the dialog; focus returns to `opener` when it closes. */
  open: (opener: HTMLElement | null) => void;
  /** Starts fetching the dialog's code ahead of a likely click. */
  preload: () => void;
};

const SignupContext = createContext<SignupDialogControl | null>(null);

export function SignupProvider({ children }: { children: ReactNode }) {
  const [isOpen, setIsOpen] = useState(false);
  const [wanted, setWanted] = useState(false);
  const opener = useRef<HTMLElement | null>(null);

  const open = useCallback((from: HTMLElement | null) => {
    opener.current = from;
    setWanted(true);
    setIsOpen(true);
  }, []);
  const close = useCallback(() => {
    setIsOpen(false);
    opener.current?.focus();
  }, []);
  const control = useMemo(() => ({ open, preload: () => void loadDialog() }), [open]);

  return (
    <SignupContext.Provider value={control}>
      {children}
      {wanted && (
        <Suspense fallback={null}>
          <SignupDialog open={isOpen} onClose={close} />
        </Suspense>
      )}
    </SignupContext.Provider>
  );
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
    onClick: (event: { currentTarget: HTMLElement }) => open(event.currentTarget),
    onPointerEnter: preload,
    onFocus: preload,
    onTouchStart: preload,
  };
}
