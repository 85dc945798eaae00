import { Component, type ReactNode } from "react";

type Props = { fallback: ReactNode | ((error: Error, reset: () => void) => ReactNode); children: ReactNode };
type State = { error: Error | null };

/** Contains a render error to the part of the page that failed. */
export class ErrorBoundary extends Component<Props, State> {
  state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  componentDidCatch(error: Error) {
    console.error("A part of the page failed to render:", error);
  }

  reset = () => this.setState({ error: null });

  render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    const { fallback } = this.props;
    return typeof fallback === "function" ? fallback(error, this.reset) : fallback;
  }
}
