import { type ReactNode, useCallback, useRef } from "react";
import { useIsClient } from "./useIsClient.ts";

type Props = {
  /** Where the control leads before the app runs, and with JavaScript off. */
  href: string;
  /** What the control does in place once the app runs; it is given the control, to return focus to. */
  onAct: (control: HTMLElement) => void;
  /** Fetches what acting will need, when the reader points at, focuses or touches the control. */
  onIntent?: () => void;
  /** The kind of popup the button opens, announced with it. */
  opens?: "dialog";
  /** The id of text that says more about what acting does (aria-describedby). */
  describedBy?: string;
  className: string;
  children: ReactNode;
};

/**
 * A control that acts in place (opens a dialog, shares): a link that works without JavaScript in
 * the served page and while it hydrates, so the two render the same; a real button once the app
 * runs, announced as one and pressed with Enter or Space. Style it with a class that boxes both alike.
 */
export function ActionButton({ href, onAct, onIntent, opens, describedBy, className, children }: Props) {
  const isClient = useIsClient();
  const linkHadFocus = useRef(false);
  // The button replaces the link rather than changing it, so a reader who tabbed to the link
  // before the app ran would lose their place: the link says, as it goes, whether it had focus.
  const watchLink = useCallback((link: HTMLAnchorElement | null) => {
    if (!link) return;
    return () => {
      linkHadFocus.current = document.activeElement === link;
    };
  }, []);
  const takeFocus = useCallback((button: HTMLButtonElement | null) => {
    if (!button || !linkHadFocus.current) return;
    linkHadFocus.current = false;
    button.focus();
  }, []);
  const intent = onIntent && { onPointerEnter: onIntent, onFocus: onIntent, onTouchStart: onIntent };

  if (!isClient) {
    return (
      <a
        ref={watchLink}
        href={href}
        className={className}
        aria-describedby={describedBy}
        // A click that arrives while the page hydrates acts in place, as the button will.
        onClick={(event) => {
          event.preventDefault();
          onAct(event.currentTarget);
        }}
        {...intent}
      >
        {children}
      </a>
    );
  }
  return (
    <button
      ref={takeFocus}
      type="button"
      className={className}
      aria-haspopup={opens}
      aria-describedby={describedBy}
      onClick={(event) => onAct(event.currentTarget)}
      {...intent}
    >
      {children}
    </button>
  );
}
