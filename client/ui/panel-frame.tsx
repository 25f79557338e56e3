/**
 * The frame of every cockpit panel: a title, an optional note on the right (source, unit, page) and
 * the body, which fills the rest of the panel's box and never scrolls.
 */
import type { ReactNode } from 'react';
import { useLang } from '../i18n/i18n-store.ts';
import { staleText, usePanelStaleness } from '../live/panel-freshness.ts';

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
  const staleS = usePanelStaleness(id);
  return (
    <section className={`panel panel-${id}${className ? ` ${className}` : ''}`} data-testid={testId ?? `panel-${id}`} data-stale={staleS === undefined ? undefined : 'true'}>
      <header className="panel-header">
        <h2>{title}</h2>
        <StaleMarker panel={id} />
        {note ? <span className="panel-note">{note}</span> : null}
      </header>
      <div className="panel-body">{children}</div>
    </section>
  );
}

/** "No update for 3 min", shown in a panel's header while its data is older than a few reporting intervals. */
export function StaleMarker({ panel }: { panel: string }) {
  const lang = useLang();
  const staleS = usePanelStaleness(panel);
  if (staleS === undefined) return null;
  return <span className="stale-marker" data-testid="stale-marker" role="status">{staleText(staleS, lang)}</span>;
}
