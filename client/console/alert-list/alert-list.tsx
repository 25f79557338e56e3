/** The live list: the held records that pass the filter, waiting ones first (see compareAlerts). */
import { useCallback, useMemo } from 'react';
import { useStore } from 'zustand';
import { useLang } from '../../i18n/i18n-store.ts';
import { t } from '../console-messages.ts';
import type { ConsoleStore } from '../live/console-store.ts';
import { visibleAlerts } from '../model/alert-filter.ts';
import { AlertFilters } from './alert-filters.tsx';
import { AlertRow } from './alert-row.tsx';

export function AlertList({ store }: { store: ConsoleStore }) {
  const lang = useLang();
  const records = useStore(store.api, (s) => s.records);
  const filter = useStore(store.api, (s) => s.filter);
  const fresh = useStore(store.api, (s) => s.fresh);
  const selectedId = useStore(store.api, (s) => s.selectedId);
  const nodes = useStore(store.api, (s) => s.nodes);
  const list = useStore(store.api, (s) => s.list);
  const rows = useMemo(() => visibleAlerts(records.values(), filter), [records, filter]);
  const byId = useMemo(() => new Map(nodes.map((n) => [n.id, n])), [nodes]);
  const onSelect = useCallback((id: number) => store.select(id), [store]);
  return (
    <section className="panel alert-list-panel" data-testid="alert-list-panel">
      <AlertFilters store={store} />
      <div className="list-status" data-testid="list-status" data-status={list.status}>
        {list.status === 'error' ? <span className="bad">{t('listFailed', lang)}: {list.error}</span> : t('listCount', lang, { n: rows.length })}
      </div>
      <ul className="alert-list" data-testid="alert-list">
        {rows.map((a) => (
          <AlertRow key={a.id} alert={a} fresh={fresh.has(a.id)} selected={a.id === selectedId} neighbourhood={byId.get(a.neighbourhood)} onSelect={onSelect} />
        ))}
      </ul>
      {rows.length === 0 && list.status === 'ok' && <p className="empty">{t('noAlerts', lang)}</p>}
    </section>
  );
}
