/**
 * Catches a render error below it and shows what failed with a way out (reload, or try the view again)
 * instead of a blank window. One wraps the whole console, one wraps each page so the frame survives.
 */
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { AlertIcon } from './icons';

interface ErrorBoundaryProps {
  /** What failed, for the panel's title: "the System page", "the console". */
  scope: string;
  /** A change of this key (e.g. navigating to another page) clears the error. */
  resetKey?: string;
  children: ReactNode;
}

interface ErrorBoundaryState {
  error: Error | null;
  componentStack: string | null;
}

export class ErrorBoundary extends Component<ErrorBoundaryProps, ErrorBoundaryState> {
  override state: ErrorBoundaryState = { error: null, componentStack: null };

  static getDerivedStateFromError(error: unknown): Partial<ErrorBoundaryState> {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    this.setState({ componentStack: info.componentStack ?? null });
    console.error(`${this.props.scope} failed to render`, error);
  }

  override componentDidUpdate(previous: ErrorBoundaryProps): void {
    if (this.state.error && previous.resetKey !== this.props.resetKey) this.reset();
  }

  private readonly reset = () => this.setState({ error: null, componentStack: null });

  override render(): ReactNode {
    const { error, componentStack } = this.state;
    if (!error) return this.props.children;
    return <ErrorPanel scope={this.props.scope} error={error} componentStack={componentStack} onRetry={this.reset} />;
  }
}

interface ErrorPanelProps {
  scope: string;
  error: Error;
  componentStack: string | null;
  onRetry(): void;
}

function ErrorPanel({ scope, error, componentStack, onRetry }: ErrorPanelProps) {
  const details = [error.stack ?? `${error.name}: ${error.message}`, componentStack ? `Component stack:${componentStack}` : '']
    .filter(Boolean)
    .join('\n\n');
  return (
    <div className="error-panel" role="alert" data-testid="error-panel">
      <div className="error-panel-title">
        <AlertIcon />
        <h2>Something went wrong in {scope}</h2>
      </div>
      <p className="error-panel-message">{error.message || error.name}</p>
      <p className="muted">
        This is a bug in the console UI, not in the engine: the engine keeps running. Reload to start the view again; if it keeps happening,
        copy the details below into a bug report.
      </p>
      <div className="button-row">
        <button type="button" className="button primary" onClick={() => window.location.reload()}>
          Reload console
        </button>
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      </div>
      <details className="error-panel-details">
        <summary>Technical details</summary>
        <pre>{details}</pre>
      </details>
    </div>
  );
}
