/** The frame of a family card: title from measurements.ts and an optional note on the right. */
import type { ReactNode } from 'react';

export interface CardFrameProps {
  /** Family id; names the CSS class and the test id (`card-<family>`). */
  family: string;
  title: string;
  note?: string;
  children: ReactNode;
}

export function CardFrame({ family, title, note, children }: CardFrameProps) {
  return (
    <section className={`panel card card-${family}`} data-testid={`card-${family}`}>
      <header className="panel-header">
        <h2>{title}</h2>
        {note ? <span className="panel-note">{note}</span> : null}
      </header>
      <div className="card-body">{children}</div>
    </section>
  );
}
