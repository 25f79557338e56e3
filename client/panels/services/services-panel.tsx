/**
 * Building services of the watched node, compact: lifts in service, out of order and with a
 * passenger trapped; the lowest roof fire tank and riser pressure; bins 80 % full and the fullest;
 * childcare sites armed; passages and refusals at the gates; water and gas flows. The figures and
 * their order come from the families' `cockpit` declarations (service-figures.ts); a figure in
 * trouble takes its level's colour. Figures that do not fit turn pages.
 */
import { useEffect, useRef, useState } from 'react';
import { useLang } from '../../i18n/i18n-store.ts';
import { fieldLabel, fieldUnit } from '../../i18n/labels.ts';
import { msg } from '../../i18n/messages.ts';
import { useAboveCommunity, useLiveData } from '../../app/live-context.ts';
import { CommunityHint } from '../community-hint/community-hint.tsx';
import { pageCount, pageOf } from '../../layout/pages.ts';
import { usePageRotation } from '../../layout/use-page-rotation.ts';
import { useRowsThatFit } from '../../layout/use-rows-that-fit.ts';
import { formatNumber } from '../../ui/metric.tsx';
import { PanelFrame } from '../../ui/panel-frame.tsx';
import { serviceFigures } from './service-figures.ts';

/** Height of one row of figures including its gap, and the least width of one with its gap, rem (`.svc-figures` in cockpit.css). */
const ROW_REM = 2.6;
const MIN_CELL_REM = 7.6;

/** How many figures fit across the box, kept current by a ResizeObserver (at least 1). */
function useColumnsThatFit(ref: React.RefObject<HTMLElement | null>, cellRem: number): number {
  const [columns, setColumns] = useState(1);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => {
      const rootPx = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
      // The grid's last column has no gap after it.
      setColumns(Math.max(1, Math.floor((el.clientWidth + 0.6 * rootPx) / (cellRem * rootPx))));
    };
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    measure();
    return () => ro.disconnect();
  }, [ref, cellRem]);
  return columns;
}

export interface ServicesPanelProps {
  /** Time a page of figures stays, ms. Default 8 s. */
  pageMs?: number;
}

export function ServicesPanel({ pageMs = 8000 }: ServicesPanelProps) {
  const lang = useLang();
  const data = useLiveData();
  const bodyRef = useRef<HTMLDivElement>(null);
  const aboveCommunity = useAboveCommunity();
  // Counts of devices in a state need each device's telemetry: a community's, not an area's.
  const figures = serviceFigures(data).filter((f) => !(aboveCommunity && f.figure.count));
  const perPage = useColumnsThatFit(bodyRef, MIN_CELL_REM) * useRowsThatFit(bodyRef, ROW_REM);
  const pages = pageCount(figures.length, perPage);
  const page = usePageRotation(pages, pageMs);
  return (
    <PanelFrame id="services" testId="card-services" title={msg('servicesTitle', lang)} note={pages > 1 ? `${page + 1} / ${pages}` : msg('servicesNote', lang)}>
      <div className="svc-figures" ref={bodyRef} data-testid="service-figures">
        {pageOf(figures, page, perPage).map((f) => {
          const unit = f.figure.count ? '' : fieldUnit(f.family.measurement, f.figure.field, lang);
          const showOf = Boolean(f.figure.count) && f.of > 0;
          return (
            <div key={f.id} className={`svc-figure level-${f.level}`} data-testid={`metric-${f.id}`} title={f.family.label[lang]}>
              <div className="metric-label">{(f.figure.label ?? { zh: fieldLabel(f.family.measurement, f.figure.field, 'zh'), en: fieldLabel(f.family.measurement, f.figure.field, 'en') })[lang]}</div>
              <div className="metric-reading">
                <span className="metric-value" data-testid={`value-${f.id}`}>{formatNumber(f.value, f.digits, lang)}</span>
                {showOf ? <span className="metric-unit">/ {f.of}</span> : unit ? <span className="metric-unit" data-testid={`unit-${f.id}`}>{unit}</span> : null}
              </div>
            </div>
          );
        })}
      </div>
      {aboveCommunity ? <CommunityHint message="devicesNeedCommunity" inline /> : null}
    </PanelFrame>
  );
}
