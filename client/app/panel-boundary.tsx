/**
 * Keeps one failing panel from blanking the whole wall: the panel shows what went wrong (named by
 * subsystem) and the rest keeps running.
 */
import { Component, type ErrorInfo, type ReactNode } from 'react';

export interface PanelBoundaryProps {
  /** Panel name for the message and the log. */
  name: string;
  children: ReactNode;
}

export class PanelBoundary extends Component<PanelBoundaryProps, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`cockpit: panel "${this.props.name}" failed: ${error.message}`, info.componentStack);
  }

  override render() {
    if (this.state.error) {
      return (
        <section className="panel panel-failed" role="alert">
          <header className="panel-header"><h2>{this.props.name}</h2></header>
          <div className="empty">{`${this.props.name}: ${this.state.error.message}`}</div>
        </section>
      );
    }
    return this.props.children;
  }
}
