/**
 * One item's assessment beside the cockpit: the entry form for a user who may assess the
 * community, and for everyone in scope the history of who changed what and when. Drawn into
 * the page's body (the panels contain their layout, which would clip a fixed drawer). The
 * item's current state is the indicator store's, so another user's change shows here live.
 */
import { useEffect } from 'react';
import { createPortal } from 'react-dom';
import { unassessed } from '../../../streams/indicators/assessment.ts';
import { itemById } from '../../../streams/indicators/catalogue.ts';
import { useLang } from '../../i18n/i18n-store.ts';
import { useIndicatorState } from '../../indicators/indicator-context.ts';
import { ew } from '../indicator-evidence/evidence-words.ts';
import { AssessmentForm } from './assessment-form.tsx';
import { AssessmentHistory } from './assessment-history.tsx';
import './assessment-drawer.css';

export function AssessmentDrawer({ community, item, onClose }: { community: string; item: string; onClose(): void }) {
  const lang = useLang();
  const canAssess = useIndicatorState((s) => s.canAssess);
  const current = useIndicatorState((s) => s.assessments.get(item)) ?? unassessed(community, item);
  const it = itemById(item);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape') onClose(); };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  return createPortal(
    <aside className="assessment-drawer" data-testid="assessment-drawer" data-item={item} role="dialog" aria-label={ew('drawerTitle', lang, { id: item })}>
      <header>
        <h2>{ew('drawerTitle', lang, { id: item })}</h2>
        <button type="button" data-testid="drawer-close" onClick={onClose}>{ew('close', lang)}</button>
      </header>
      <p className="drawer-item-text">{it?.text[lang]}</p>
      {canAssess ? <AssessmentForm key={`${community}/${item}`} current={current} /> : <p className="muted" data-testid="read-only">{ew('readOnly', lang)}</p>}
      <AssessmentHistory community={community} item={item} revision={current.revision} />
    </aside>,
    document.body,
  );
}
