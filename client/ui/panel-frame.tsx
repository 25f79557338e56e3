/**
 * The frame of every cockpit panel: a title, an optional note on the right (source, unit, page) and
 * the body, which fills the rest of the panel's box and never scrolls.
 */
import type { ReactNode } from 'react';

export interface PanelFrameProps {
  /** Names the CSS class (`panel-<id>`) and the test id (`panel-<id>`, or `testId`). */
  id: string;
  title: string;
  /** Short text on the right of the title. */
  note?: ReactNode;
  /** Test id of the section. Default `panel-<id>`. */
  testId?: string;
  /** Extra class names of the section. */
  className?: string;
  children: ReactNode;
}

export function PanelFrame({ id, title, note, testId, className, children }: PanelFrameProps) {
  return (
    <section className={`panel panel-${id}${className ? ` ${className}` : ''}`} data-testid={testId ?? `panel-${id}`}>
      <header className="panel-header">
        <h2>{title}</h2>
        {note ? <span className="panel-note">{note}</span> : null}
      </header>
      <div className="panel-body">{children}</div>
    </section>
  );
}
