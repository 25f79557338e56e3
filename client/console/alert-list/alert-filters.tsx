/** The list's filters: state, type, severity and neighbourhood (the console node's neighbourhoods in the hierarchy). */
import { useStore } from 'zustand';
import { ALERT_STATES, ALERT_STATE_LABELS, OPEN_STATES, type AlertState } from '../../../streams/alert-lifecycle.ts';
import { RULE_ALERT_TYPES } from '../../../streams/alert-rules.ts';
import { SEVERITIES, type Severity } from '../../../streams/alerts.ts';
import { useLang } from '../../i18n/i18n-store.ts';
import { severityLabel } from '../../i18n/labels.ts';
import { t } from '../console-messages.ts';
import type { ConsoleStore } from '../live/console-store.ts';
import { DEFAULT_FILTER } from '../model/alert-filter.ts';
import { alertTypeText } from './alert-words.ts';

const STATE_PRESETS: Record<string, readonly AlertState[]> = {
  notClosed: DEFAULT_FILTER.states,
  open: OPEN_STATES,
  all: [],
  ...Object.fromEntries(ALERT_STATES.map((s) => [s, [s]])),
};

function presetOf(states: readonly AlertState[]): string {
  for (const [k, v] of Object.entries(STATE_PRESETS)) if (v.length === states.length && v.every((s) => states.includes(s))) return k;
  return 'notClosed';
}

export function AlertFilters({ store }: { store: ConsoleStore }) {
  const lang = useLang();
  const filter = useStore(store.api, (s) => s.filter);
  const node = useStore(store.api, (s) => s.node);
  const nodes = useStore(store.api, (s) => s.nodes);
  const me = nodes.find((n) => n.id === node);
  const neighbourhoods = me?.level === 'neighbourhood' ? [] : nodes.filter((n) => n.level === 'neighbourhood' && n.parent === node);
  return (
    <div className="filters" data-testid="filters">
      <label>{t('filterState', lang)}
        <select data-testid="filter-state" value={presetOf(filter.states)} onChange={(e) => store.setFilter({ states: [...STATE_PRESETS[e.target.value]] })}>
          <option value="notClosed">{t('notClosed', lang)}</option>
          <option value="open">{t('open', lang)}</option>
          {ALERT_STATES.map((s) => <option key={s} value={s}>{ALERT_STATE_LABELS[s][lang]}</option>)}
          <option value="all">{t('all', lang)}</option>
        </select>
      </label>
      <label>{t('filterType', lang)}
        <select data-testid="filter-type" value={filter.types[0] ?? ''} onChange={(e) => store.setFilter({ types: e.target.value ? [e.target.value] : [] })}>
          <option value="">{t('all', lang)}</option>
          {RULE_ALERT_TYPES.map((x) => <option key={x} value={x}>{alertTypeText(x, lang)}</option>)}
        </select>
      </label>
      <label>{t('filterSeverity', lang)}
        <select data-testid="filter-severity" value={filter.severities[0] ?? ''} onChange={(e) => store.setFilter({ severities: e.target.value ? [e.target.value as Severity] : [] })}>
          <option value="">{t('all', lang)}</option>
          {[...SEVERITIES].reverse().map((x) => <option key={x} value={x}>{severityLabel(x, lang)}</option>)}
        </select>
      </label>
      {neighbourhoods.length > 0 && (
        <label>{t('filterNeighbourhood', lang)}
          <select data-testid="filter-neighbourhood" value={filter.neighbourhood ?? ''} onChange={(e) => store.setFilter({ neighbourhood: e.target.value || null })}>
            <option value="">{t('all', lang)}</option>
            {neighbourhoods.map((n) => <option key={n.id} value={n.id}>{n.name[lang]}</option>)}
          </select>
        </label>
      )}
    </div>
  );
}
