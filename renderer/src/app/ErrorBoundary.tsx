/** One per view: a view that throws shows what failed and a way back; the rest of the app stays. */
import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  view: string;
  children: ReactNode;
}

export class ErrorBoundary extends Component<Props, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`view ${this.props.view} failed`, error, info.componentStack);
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="banner error view-error" role="alert" data-testid="view-error">
        <strong>The {this.props.view} view failed:</strong> {this.state.error.message}
        <button onClick={() => this.setState({ error: null })}>Try again</button>
      </div>
    );
  }
}
