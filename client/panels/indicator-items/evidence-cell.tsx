/**
 * Evidence of an assessment: the note as text, links and attachments as safe links. Everything
 * people wrote is rendered as text by React (never as HTML); only absolute http(s) URLs become an
 * `href`, opened in a new tab without handing it the wall's window (`noopener noreferrer`).
 */
import type { Evidence } from '../../../streams/indicators/assessment.ts';
import type { Lang } from '../../i18n/i18n-store.ts';
import { msg } from '../../i18n/messages.ts';
import { safeHref } from './item-rows.ts';

function linkText(href: string): string {
  try {
    return new URL(href).hostname;
  } catch {
    return href;
  }
}

export function EvidenceCell({ evidence, lang }: { evidence: Evidence; lang: Lang }) {
  const refs = [
    ...evidence.links.map((url, i) => ({ key: `l${i}`, label: undefined as string | undefined, url })),
    ...evidence.attachments.map((a, i) => ({ key: `a${i}`, label: a.name, url: a.url })),
  ];
  return (
    <span className="evidence" data-testid="evidence">
      {evidence.note ? <span className="evidence-note" data-testid="evidence-note">{evidence.note}</span> : null}
      {refs.map((r) => {
        const href = r.url === undefined ? undefined : safeHref(r.url);
        const label = r.label ?? (href ? linkText(href) : r.url ?? '');
        return href ? (
          <a key={r.key} className="evidence-link" href={href} target="_blank" rel="noopener noreferrer" data-testid="evidence-link">{label}</a>
        ) : (
          <span key={r.key} className="evidence-ref">{label}</span>
        );
      })}
      {!evidence.note && refs.length === 0 ? <span className="muted">{msg('noEvidence', lang)}</span> : null}
    </span>
  );
}
