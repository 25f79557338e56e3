/**
 * The printable reports page (`/reports.html?kind=shift|indicators|energy&node=…&month=YYYY-MM`):
 * the report the server builds (GET /api/reports/…, streams/reports.ts) as tables with units in
 * their headers, the CSV and XLSX of the same report a click away, and a print stylesheet that
 * fits A4 (wide sections on landscape pages). The node is chosen among the watched node's
 * ancestors and children, so the tree is walked without listing all of it.
 */
import { useEffect, useMemo, useState } from 'react';
import type { HierarchyNode } from '../../streams/hierarchy.ts';
import { REPORT_KINDS, REPORT_TITLES, type Report, type ReportSection } from '../../streams/reports.ts';
import { chinaDateTimeText, chinaLocalInputValue, parseChinaLocalInput } from '../../streams/china-time.ts';
import { fetchHierarchy, getJson } from '../api/api-client.ts';
import { setLang, useLang, type Lang } from '../i18n/i18n-store.ts';
import { levelLabel } from '../i18n/labels.ts';
import { UserMenu } from '../auth/user-menu.tsx';
import { cellText, headerText, isNumeric } from './report-cells.ts';
import { t } from './report-messages.ts';
import { askSearch, reportUrl, type ReportAsk } from './report-url.ts';

/** Sections wider than this print on landscape pages. */
const WIDE_COLUMNS = 8;

export function ReportsPage({ initial }: { initial: ReportAsk }) {
  const lang = useLang();
  const [ask, setAsk] = useState(initial);
  const [nodes, setNodes] = useState<HierarchyNode[]>([]);
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState('');

  useEffect(() => {
    const ac = new AbortController();
    fetchHierarchy(ac.signal).then(({ nodes: all, home }) => {
      setNodes(all);
      setAsk((a) => (a.node ? a : { ...a, node: home ?? all.find((n) => n.level === 'community')?.id ?? '' }));
    }, (e) => { if (!ac.signal.aborted) setError((e as Error).message); });
    return () => ac.abort();
  }, []);

  useEffect(() => {
    if (!ask.node) return undefined;
    window.history.replaceState(null, '', askSearch(ask));
    const ac = new AbortController();
    setReport(null);
    setError('');
    getJson<Report>(reportUrl(ask, 'json'), ac.signal).then(setReport, (e) => { if (!ac.signal.aborted) setError((e as Error).message); });
    return () => ac.abort();
  }, [ask]);

  useEffect(() => { document.title = `${REPORT_TITLES[ask.kind][lang]} · ${t('pageTitle', lang)}`; }, [ask.kind, lang]);

  return (
    <main className="reports-page" data-testid="reports-page" data-status={report ? 'ok' : error ? 'error' : 'loading'} lang={lang === 'zh' ? 'zh-CN' : 'en'}>
      <div className="report-controls no-print">
        <nav className="report-kinds" aria-label={t('pageTitle', lang)}>
          {REPORT_KINDS.map((k) => (
            <button key={k} type="button" data-testid={`kind-${k}`} aria-pressed={ask.kind === k} onClick={() => setAsk({ ...ask, kind: k })}>{REPORT_TITLES[k][lang]}</button>
          ))}
        </nav>
        <NodePicker nodes={nodes} node={ask.node} lang={lang} onPick={(node) => setAsk({ ...ask, node })} />
        {ask.kind === 'shift' ? (
          <>
            <label>{t('shiftFrom', lang)} ({t('timeZone', lang)})
              <input type="datetime-local" data-testid="shift-from" value={chinaLocalInputValue(ask.from)} onChange={(e) => { const v = parseChinaLocalInput(e.target.value); if (Number.isFinite(v)) setAsk({ ...ask, from: v }); }} />
            </label>
            <label>{t('shiftTo', lang)} ({t('timeZone', lang)})
              <input type="datetime-local" data-testid="shift-to" value={chinaLocalInputValue(ask.to)} onChange={(e) => { const v = parseChinaLocalInput(e.target.value); if (Number.isFinite(v)) setAsk({ ...ask, to: v }); }} />
            </label>
          </>
        ) : (
          <label>{t('month', lang)}
            <input type="month" data-testid="month" value={ask.month} onChange={(e) => { if (/^\d{4}-\d{2}$/.test(e.target.value)) setAsk({ ...ask, month: e.target.value }); }} />
          </label>
        )}
        <span className="spacer" />
        <button type="button" data-testid="print" onClick={() => window.print()}>{t('print', lang)}</button>
        <a className="button" data-testid="download-csv" href={ask.node ? reportUrl(ask, 'csv') : undefined} download>{t('csv', lang)}</a>
        <a className="button" data-testid="download-xlsx" href={ask.node ? reportUrl(ask, 'xlsx') : undefined} download>{t('xlsx', lang)}</a>
        <button type="button" data-testid="lang-toggle" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>{lang === 'zh' ? 'EN' : '中文'}</button>
        <UserMenu scopeName={(id, l) => nodes.find((n) => n.id === id)?.name[l]} />
        <a href={`/?node=${encodeURIComponent(ask.node)}`}>{t('cockpit', lang)}</a>
      </div>
      {error && <p className="bad" data-testid="report-error">{error}</p>}
      {!report && !error && <p className="muted">{t('loading', lang)}</p>}
      {report && <ReportView report={report} lang={lang} />}
    </main>
  );
}

function ReportView({ report, lang }: { report: Report; lang: Lang }) {
  const when = (ms: number) => chinaDateTimeText(ms).slice(0, 16);
  return (
    <article className="report" data-testid="report" data-kind={report.kind}>
      <header className="report-head">
        <h1>{report.title[lang]} · {report.node.name[lang]}</h1>
        <dl>
          <dt>{t('node', lang)}</dt><dd data-testid="report-node">{report.node.name[lang]} ({levelLabel(report.node.level, lang)}, {report.node.id})</dd>
          <dt>{t('period', lang)}</dt><dd data-testid="report-period">{report.period.label} ({t('timeZone', lang)})</dd>
          <dt>{t('generatedAt', lang)}</dt><dd>{when(report.generatedAt)} ({t('timeZone', lang)})</dd>
          <dt>{t('generatedBy', lang)}</dt><dd>{report.generatedBy}</dd>
        </dl>
      </header>
      {report.sections.map((s) => <SectionView key={s.id} section={s} lang={lang} />)}
    </article>
  );
}

function SectionView({ section: s, lang }: { section: ReportSection; lang: Lang }) {
  const wide = s.columns.length > WIDE_COLUMNS;
  return (
    <section className={`report-section${wide ? ' wide' : ''}`} data-section={s.id} data-testid={`section-${s.id}`}>
      <h2>{s.title[lang]}</h2>
      <table>
        <colgroup>{widths(s).map((w, i) => <col key={s.columns[i].key} style={{ width: `${w}%` }} />)}</colgroup>
        <thead><tr>{s.columns.map((c) => <th key={c.key} className={isNumeric(c) ? 'num' : undefined}>{headerText(c, lang)}</th>)}</tr></thead>
        <tbody>
          {s.rows.length === 0 && <tr><td colSpan={s.columns.length} className="muted">{t('noRows', lang)}</td></tr>}
          {s.rows.map((row, i) => (
            <tr key={i}>{s.columns.map((c) => <td key={c.key} data-key={c.key} className={isNumeric(c) ? 'num' : undefined}>{cellText(c, row[c.key] ?? null, lang)}</td>)}</tr>
          ))}
        </tbody>
        {s.totals && (
          <tfoot><tr data-testid="totals">{s.columns.map((c) => <td key={c.key} data-key={c.key} className={isNumeric(c) ? 'num' : undefined}>{cellText(c, s.totals![c.key] ?? null, lang)}</td>)}</tr></tfoot>
        )}
      </table>
      {s.notes?.map((n, i) => <p key={i} className="report-note">{n[lang]}</p>)}
    </section>
  );
}

/** Column widths in percent, from the widths the spreadsheet gets (characters): long texts get room, figures little. */
function widths(s: ReportSection): number[] {
  const chars = s.columns.map((c) => c.width ?? (c.kind === 'text' ? 16 : c.kind === 'time' ? 15 : 10));
  const sum = chars.reduce((a, b) => a + b, 0);
  return chars.map((w) => (100 * w) / sum);
}

/** The node's ancestors, itself and its children: enough to walk the tree up and down. */
function NodePicker({ nodes, node, lang, onPick }: { nodes: HierarchyNode[]; node: string; lang: Lang; onPick: (id: string) => void }) {
  const options = useMemo(() => {
    const byId = new Map(nodes.map((n) => [n.id, n]));
    const me = byId.get(node);
    if (!me) return [];
    const up: HierarchyNode[] = [];
    for (let p = me.parent === null ? undefined : byId.get(me.parent); p; p = p.parent === null ? undefined : byId.get(p.parent)) up.unshift(p);
    const down = nodes.filter((n) => n.parent === me.id);
    return [...up.map((n, i) => ({ n, depth: i })), { n: me, depth: up.length }, ...down.map((n) => ({ n, depth: up.length + 1 }))];
  }, [nodes, node]);
  return (
    <label>{t('node', lang)}
      <select data-testid="node-picker" value={node} onChange={(e) => onPick(e.target.value)}>
        {options.length === 0 && <option value={node}>{node}</option>}
        {options.map(({ n, depth }) => <option key={n.id} value={n.id}>{`${'\u00a0\u00a0'.repeat(depth)}${n.name[lang]} · ${levelLabel(n.level, lang)}`}</option>)}
      </select>
    </label>
  );
}
