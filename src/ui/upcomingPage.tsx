import { createContext, type ReactNode, useCallback, useContext, useState } from "react";

/** The page a reader is about to open, and the history entry they were on when they showed it. */
type Upcoming = { from: string; pathname: string };
type ExpectPage = (from: string, pathname: string) => void;

const UpcomingContext = createContext<Upcoming | null>(null);
const ExpectPageContext = createContext<ExpectPage>(() => {});
const OnScreenContext = createContext(true);

/** Holds the one page that may be prepared out of sight (see Layout's CurrentPage). */
export function UpcomingPageProvider({ children }: { children: ReactNode }) {
  const [upcoming, setUpcoming] = useState<Upcoming | null>(null);
  const expectPage = useCallback<ExpectPage>((from, pathname) => {
    setUpcoming((current) => (current?.from === from && current.pathname === pathname ? current : { from, pathname }));
  }, []);
  return (
    <ExpectPageContext value={expectPage}>
      <UpcomingContext value={upcoming}>{children}</UpcomingContext>
    </ExpectPageContext>
  );
}

/**
 * Notes that the reader on history entry `from` is about to open `pathname`, whose data is in
 * the query cache, so its page can be rendered out of sight before the click.
 */
export function useExpectPage(): ExpectPage {
  return useContext(ExpectPageContext);
}

/** The pathname expected next from history entry `locationKey`, if any. */
export function useUpcomingPage(locationKey: string): string | null {
  const upcoming = useContext(UpcomingContext);
  return upcoming?.from === locationKey ? upcoming.pathname : null;
}

/** Marks a page as the one on screen or one prepared out of sight. */
export function OnScreen({ value, children }: { value: boolean; children: ReactNode }) {
  return <OnScreenContext value={value}>{children}</OnScreenContext>;
}

/** Whether the page rendering is the one on screen, not one prepared out of sight. */
export function useIsOnScreen(): boolean {
  return useContext(OnScreenContext);
}
