/**
 * The indicator items of the watched community with their assessment: number, type, text, status,
 * evidence, who and when. Filters by scene, type and status; as many rows as fit, the pages turning
 * on a timer (a wall does not scroll). A change made anywhere arrives live and is flagged on its
 * row and in the "latest change" line. Each row opens the item's drawer: its history for everyone
 * in scope, and the entry form for a user who may assess the community. A second tab shows the
 * items judged from the community's data (../indicator-evidence/).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { ASSESSMENT_STATUSES, STATUS_LABELS, type Assessment, type AssessmentStatus } from '../../../streams/indicators/assessment.ts';
import { ITEM_TYPES, ITEM_TYPE_LABELS, SCENES, itemById, type ItemType } from '../../../streams/indicators/catalogue.ts';
import { useLang } from '../../i18n/i18n-store.ts';
import { msg } from '../../i18n/messages.ts';
import { formatHourMinute } from '../../i18n/time-format.ts';
import { useIndicatorState } from '../../indicators/indicator-context.ts';
import { pageCount, pageOf } from '../../layout/pages.ts';
import { usePageRotation } from '../../layout/use-page-rotation.ts';
import { useRowsThatFit } from '../../layout/use-rows-that-fit.ts';
import { PanelFrame } from '../../ui/panel-frame.tsx';
import { EvidenceCell } from './evidence-cell.tsx';
import { itemRows, type ItemFilter } from './item-rows.ts';
import { AssessmentDrawer } from './assessment-drawer.tsx';
import { IndicatorEvidenceView } from '../indicator-evidence/indicator-evidence-view.tsx';
import { ew } from '../indicator-evidence/evidence-words.ts';
import { useWallFocus } from '../../app/wall-focus.ts';

type Tab = 'items' | 'evidence';

export interface IndicatorItemsPanelProps {
  /** Time a page stays, ms. Default 12 s. */
  pageMs?: number;
  /** A change newer than this is flagged on its row, ms. Default 60 s. */
  recentMs?: number;
}

/** Height of one table row (body and head), rem (matches `.item-table` in cockpit.css). */
const ROW_REM = 2.3;

function latestChange(assessments: ReadonlyMap<string, Assessment>): Assessment | undefined {
  let latest: Assessment | undefined;
  for (const a of assessments.values()) if (a.at !== null && (!latest || a.at > (latest.at ?? 0))) latest = a;
  return latest;
}

export function IndicatorItemsPanel({ pageMs = 12_000, recentMs = 60_000 }: IndicatorItemsPanelProps) {
  const lang = useLang();
  const assessments = useIndicatorState((s) => s.assessments);
  const community = useIndicatorState((s) => s.community);
  const area = useIndicatorState((s) => s.area);
  const canAssess = useIndicatorState((s) => s.canAssess);
  const [filter, setFilter] = useState<ItemFilter>({});
  // A wall's carousel view may name a scene: the table follows it, and shows all again after.
  const focusScene = useWallFocus((f) => f.scene);
  useEffect(() => setFilter((f) => ({ ...f, scene: focusScene })), [focusScene]);
  const [tab, setTab] = useState<Tab>('items');
  const [open, setOpen] = useState<string | null>(null);
  const close = useCallback(() => setOpen(null), []);
  const boxRef = useRef<HTMLDivElement>(null);
  const rows = community ? itemRows(assessments, community, filter) : [];
  const perPage = useRowsThatFit(boxRef, ROW_REM, ROW_REM);
  const pages = pageCount(rows.length, perPage);
  const rotating = usePageRotation(pages, pageMs);
  // Someone working the table (pointer on it, a drawer open) keeps the page they are on.
  const [pointerIn, setPointerIn] = useState(false);
  const heldPage = useRef<number | null>(null);
  if (pointerIn || open !== null) heldPage.current ??= rotating;
  else heldPage.current = null;
  const page = heldPage.current !== null ? Math.min(heldPage.current, pages - 1) : rotating;
  const latest = latestChange(assessments);
  const now = Date.now();
  const latestItem = latest ? itemById(latest.item) : undefined;
  return (
    <PanelFrame id="items" title={tab === 'items' ? msg('itemsTitle', lang) : ew('evidenceTitle', lang)}
      note={<span className="items-note"><Tabs tab={tab} setTab={setTab} />{tab === 'items' ? <span data-testid="items-page">{msg('pageOf', lang, { page: page + 1, pages, n: rows.length })}</span> : null}</span>}>
      <div className="items-stack">
        {/* Kept laid out (only invisible) under the evidence: the row count is measured on its box. */}
        <div className="items-tab" data-shown={tab === 'items'} aria-hidden={tab !== 'items'}
          onPointerEnter={() => setPointerIn(true)} onPointerLeave={() => setPointerIn(false)}>
          <div className="item-filters">
            <select aria-label={msg('scene', lang)} data-testid="filter-scene" value={filter.scene ?? ''}
              onChange={(e) => setFilter({ ...filter, scene: e.target.value ? Number(e.target.value) : undefined })}>
              <option value="">{msg('allScenes', lang)}</option>
              {SCENES.map((s) => <option key={s.number} value={s.number}>{s.numeral} {s.name[lang]}</option>)}
            </select>
            <select aria-label={msg('itemType', lang)} data-testid="filter-type" value={filter.type ?? ''}
              onChange={(e) => setFilter({ ...filter, type: (e.target.value || undefined) as ItemType | undefined })}>
              <option value="">{msg('allTypes', lang)}</option>
              {ITEM_TYPES.map((t) => <option key={t} value={t}>{ITEM_TYPE_LABELS[t][lang]}</option>)}
            </select>
            <select aria-label={msg('status', lang)} data-testid="filter-status" value={filter.status ?? ''}
              onChange={(e) => setFilter({ ...filter, status: (e.target.value || undefined) as AssessmentStatus | undefined })}>
              <option value="">{msg('allStatuses', lang)}</option>
              {ASSESSMENT_STATUSES.map((s) => <option key={s} value={s}>{STATUS_LABELS[s][lang]}</option>)}
            </select>
            <span className="latest-change" data-testid="latest-change">
              {latest && latestItem ? (
                <>
                  {msg('latestChange', lang)} <b>{latest.item}</b> <span className={`status-badge badge-${latest.status}`}>{STATUS_LABELS[latest.status][lang]}</span>
                  {' '}{latest.operator} · {formatHourMinute(latest.at!, lang)}
                </>
              ) : null}
            </span>
          </div>
          <div className="item-table-box" ref={boxRef}>
            {!community ? (
              <div className="empty">{area ? msg('itemsNeedCommunity', lang) : msg('loading', lang)}</div>
            ) : (
              <table className="item-table" data-testid="item-table">
                <thead>
                  <tr>
                    <th className="col-id">{msg('itemNo', lang)}</th>
                    <th className="col-type">{msg('itemType', lang)}</th>
                    <th className="col-text">{msg('itemText', lang)}</th>
                    <th className="col-status">{msg('status', lang)}</th>
                    <th className="col-evidence">{msg('evidence', lang)}</th>
                    <th className="col-who">{msg('assessedBy', lang)}</th>
                    <th className="col-actions">{ew('colActions', lang)}</th>
                  </tr>
                </thead>
                <tbody>
                  {pageOf(rows, page, perPage).map(({ item, assessment: a }) => (
                    <tr key={item.id} data-testid="item-row" data-item={item.id} data-status={a.status}
                      className={a.at !== null && now - a.at < recentMs ? 'row-changed' : undefined}>
                      <td className="col-id">{item.id}</td>
                      <td className="col-type"><span className={`type-badge type-${item.type}`}>{ITEM_TYPE_LABELS[item.type][lang]}</span></td>
                      <td className="col-text" title={item.text[lang]}>{item.text[lang]}</td>
                      <td className="col-status"><span className={`status-badge badge-${a.status}`} data-testid="item-status">{STATUS_LABELS[a.status][lang]}</span></td>
                      <td className="col-evidence"><EvidenceCell evidence={a.evidence} lang={lang} /></td>
                      <td className="col-who">{a.operator ? `${a.operator} · ${formatHourMinute(a.at!, lang)}` : '—'}</td>
                      <td className="col-actions item-actions">
                        {canAssess
                          ? <button type="button" data-testid="item-edit" onClick={() => setOpen(item.id)}>{ew('edit', lang)}</button>
                          : <button type="button" data-testid="item-history" onClick={() => setOpen(item.id)}>{ew('history', lang)}</button>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
        </div>
        {tab === 'evidence' ? <div className="evidence-over"><IndicatorEvidenceView /></div> : null}
      </div>
      {open && community ? <AssessmentDrawer community={community} item={open} onClose={close} /> : null}
    </PanelFrame>
  );
}

function Tabs({ tab, setTab }: { tab: Tab; setTab(t: Tab): void }) {
  const lang = useLang();
  return (
    <div className="panel-tabs" role="tablist">
      {(['items', 'evidence'] as const).map((t) => (
        <button key={t} type="button" role="tab" aria-selected={tab === t} data-testid={`tab-${t}`} onClick={() => setTab(t)}>
          {ew(t === 'items' ? 'tabItems' : 'tabEvidence', lang)}
        </button>
      ))}
    </div>
  );
}
