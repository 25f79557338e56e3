/**
 * Starting a drill from the console: a plan and a neighbourhood under the console's node; the
 * drill's alert is raised (marked as a drill) and selected, so its plan card is worked through as
 * a real one would be. The server checks the neighbourhood against the caller's scope.
 */
import { useEffect, useState } from 'react';
import type { HierarchyNode } from '../../../streams/hierarchy.ts';
import type { PlanTemplate } from '../../../streams/plans.ts';
import { ApiError } from '../../api/api-client.ts';
import { useLang } from '../../i18n/i18n-store.ts';
import type { ConsoleStore } from '../live/console-store.ts';
import { getTemplates, startDrill } from './plan-api.ts';
import { pt } from './plan-messages.ts';

/** The neighbourhoods at or under `node`. */
export function neighbourhoodsUnder(node: string, nodes: readonly HierarchyNode[]): HierarchyNode[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const under = (n: HierarchyNode) => {
    for (let p: HierarchyNode | undefined = n; p; p = p.parent ? byId.get(p.parent) : undefined) if (p.id === node) return true;
    return false;
  };
  return nodes.filter((n) => n.level === 'neighbourhood' && under(n));
}

export function DrillForm({ store, node, onClose }: { store: ConsoleStore; node: string; onClose: () => void }) {
  const lang = useLang();
  const [templates, setTemplates] = useState<PlanTemplate[]>([]);
  const places = neighbourhoodsUnder(node, store.state.nodes);
  const [choice, setChoice] = useState({ template: '', node: places[0]?.id ?? '' });
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    const ac = new AbortController();
    if (!choice.node) return;
    getTemplates(choice.node, ac.signal).then((r) => {
      setTemplates(r.templates);
      setChoice((c) => ({ ...c, template: r.templates.some((t) => t.id === c.template) ? c.template : r.templates[0]?.id ?? '' }));
    }, (e) => { if (!ac.signal.aborted) setError((e as Error).message); });
    return () => ac.abort();
  }, [choice.node]);
  const start = () => {
    setBusy(true);
    setError('');
    startDrill(choice.node, choice.template).then((r) => {
      store.upsert(r.alert);
      store.select(r.alert.id);
      onClose();
    }, (e) => setError(e instanceof ApiError ? e.serverMessage : (e as Error).message)).finally(() => setBusy(false));
  };
  return (
    <div className="handover-form drill-form" data-testid="drill-form" role="dialog" aria-label={pt('startDrill', lang)}>
      <h3>{pt('startDrill', lang)}</h3>
      <label>{pt('drillTemplate', lang)} <select data-testid="drill-template" value={choice.template} onChange={(e) => setChoice({ ...choice, template: e.target.value })}>
        {templates.map((t) => <option key={t.id} value={t.id}>{t.name[lang]}</option>)}
      </select></label>
      <label>{pt('drillNode', lang)} <select data-testid="drill-node" value={choice.node} onChange={(e) => setChoice({ ...choice, node: e.target.value })}>
        {places.map((n) => <option key={n.id} value={n.id}>{n.name[lang]}</option>)}
      </select></label>
      <p className="muted">{pt('drillNote', lang)}</p>
      {error && <p className="bad" data-testid="drill-error">{error}</p>}
      <div className="action-buttons">
        <button type="button" data-testid="drill-start" disabled={busy || !choice.template || !choice.node} onClick={start}>{pt('drillStart', lang)}</button>
        <button type="button" onClick={onClose}>{pt('close', lang)}</button>
      </div>
    </div>
  );
}
