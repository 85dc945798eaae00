import type { ReactNode } from "react";

type Props = {
  /** The page's own class, beside `skeleton`: the frame keeps the page's layout. */
  className: string;
  /** What a screen reader hears is loading. */
  label: string;
  children: ReactNode;
};

/** Holds a page's place while its data loads: busy, with the wait announced once. */
export function Skeleton({ className, label, children }: Props) {
  return (
    <div className={`${className} skeleton`} aria-busy="true">
      <p className="visually-hidden" role="status">
        {label}
      </p>
      {children}
    </div>
  );
}
