import { ErrorView } from "./ErrorView.tsx";

type Props = {
  /** What the reader was trying to see, e.g. "this story". */
  what: string;
  error: Error;
  /** The page's query: Retry asks it again, and is held while it does. */
  query: { refetch: () => Promise<unknown>; isFetching: boolean };
};

/** A page whose data could not be fetched: why, and a Retry that asks again. */
export function QueryErrorView({ what, error, query }: Props) {
  return (
    <ErrorView what={what} detail={error.message} onRetry={() => void query.refetch()} retrying={query.isFetching} />
  );
}
