/**
 * The city map in the cockpit's centre (city, district and street level, and a community without
 * a twin): a thin React shell around the map controller, which owns the one Deck. It reads the
 * node's geometry (`GET /api/map`) when the node changes and its children's figures
 * (`GET /api/compare`) every 5 s while shown, colours the places by the figure picked (kept in the
 * URL as `&figure=`, so a wall view is bookmarkable), shows the legend and the hover tooltip, and
 * drills into a place clicked.
 */
import { useEffect, useMemo, useRef, useState, type CSSProperties } from 'react';
import type { MapAnswer } from '../../streams/sites/city-map.ts';
import type { CompareAnswer } from '../../streams/compare.ts';
import { getJson } from '../api/api-client.ts';
import { navigateTo } from '../app/navigation.ts';
import { useLang } from '../i18n/i18n-store.ts';
import { severityLabel } from '../i18n/labels.ts';
import { usePolled } from '../live/use-polled.ts';
import type { Rgba } from '../twin/colour-rules.ts';
import { CityMapController } from './map-controller.ts';
import {
  FIGURE_KEYS, FIGURES, NO_DATA, figureColours, formatFigure, isFigureKey, openBySeverity, rampColour,
  type ColourStop, type FigureKey,
} from './map-figures.ts';
import { mw } from './map-words.ts';
import { followCameraRequests } from '../tours/tour-stage.ts';
import './city-map.css';

/** How often the figures are read again while the map is shown, ms. */
const COMPARE_REFRESH_MS = 5000;

export interface CityMapProps {
  /** The node whose children the map shows. */
  node: string;
  /** A line over the map saying why it is shown (a community without a twin). Default none. */
  note?: string;
}

export function CityMap({ node, note }: CityMapProps) {
  const host = useRef<HTMLDivElement>(null);
  const lang = useLang();
  const [controller, setController] = useState<CityMapController | null>(null);
  const [answer, setAnswer] = useState<MapAnswer | null>(null);
  const [failed, setFailed] = useState(false);
  const [compare, setCompare] = useState<CompareAnswer | null>(null);
  const [figure, setFigure] = useState<FigureKey>(figureInUrl);
  const [hover, setHover] = useState<{ id: string; x: number; y: number } | null>(null);

  // One controller, and one Deck, for the map's life: a change of node reuses them.
  useEffect(() => {
    const c = new CityMapController({
      parent: host.current!, lang,
      onHover: (id, x, y) => setHover(id ? { id, x, y } : null),
      onPick: (id) => navigateTo(id),
    });
    setController(c);
    return () => c.dispose();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  useEffect(() => controller?.setLanguage(lang), [controller, lang]);
  // A playing tour's camera for this node (tours/tour-stage.ts), flown once its map is drawn; a
  // community's request is the map's only once it is known to have no twin (`note`).
  const noTwin = note !== undefined;
  useEffect(() => (controller
    ? followCameraRequests('map', (r) => r.node === node && (r.target === 'map' || noTwin), (r, done) => controller.setTourCamera(r, done))
    : undefined), [controller, node, noTwin]);

  useEffect(() => {
    if (!controller) return;
    const ac = new AbortController();
    setFailed(false);
    setHover(null);
    let retry: ReturnType<typeof setTimeout> | undefined;
    const load = () => getJson<MapAnswer>(`/api/map?node=${encodeURIComponent(node)}`, ac.signal).then(
      (a) => { if (!ac.signal.aborted) { setAnswer(a); controller.setMap(a); } },
      (e: Error) => {
        if (ac.signal.aborted) return;
        console.warn(`city-map: ${e.message}`);
        setFailed(true);
        retry = setTimeout(load, COMPARE_REFRESH_MS);
      },
    );
    void load();
    return () => { ac.abort(); clearTimeout(retry); };
  }, [controller, node]);

  usePolled(true, [node], async (signal) => {
    setCompare(await getJson(`/api/compare?node=${encodeURIComponent(node)}`, signal));
  }, { refreshMs: COMPARE_REFRESH_MS, name: 'city-map: compare' });

  const def = FIGURES[figure];
  const current = compare && compare.node.id === node ? compare : null;
  const coloured = useMemo(() => (current ? figureColours(def, current.children) : null), [current, def]);
  useEffect(() => {
    if (!controller) return;
    const colours = new Map<string, Rgba>();
    if (coloured) for (const [id, v] of coloured.values) colours.set(id, rampColour(coloured.stops, v));
    controller.setColours(colours);
  }, [controller, coloured]);

  const pick = (key: FigureKey) => {
    setFigure(key);
    const url = new URL(window.location.href);
    url.searchParams.set('figure', key);
    window.history.replaceState(window.history.state, '', url);
  };

  const shown = answer && answer.node.id === node ? answer : null;
  const hovered = hover && shown?.children.find((c) => c.id === hover.id);
  const hoveredRow = hover && current?.children.find((r) => r.id === hover.id);
  const schematic = !!shown?.children.some((c) => c.placed === 'schematic');
  const twinPlaced = !!shown?.children.some((c) => c.placed === 'twin');

  return (
    <div className="city-map" data-testid="city-map" data-node={shown?.node.id ?? ''}>
      <div className="city-map-canvas" ref={host} data-testid="city-map-canvas" />
      {!shown && <div className="twin-status">{failed ? mw('loadFailed', lang) : mw('loading', lang)}</div>}
      {shown && shown.children.length === 0 && <div className="city-map-empty">{mw('empty', lang)}</div>}
      {note && <div className="city-map-note" data-testid="twin-stage-note">{note}</div>}
      <label className="city-map-picker">
        <span>{mw('figure', lang)}</span>
        <select data-testid="map-figure" value={figure} onChange={(e) => { if (isFigureKey(e.target.value)) pick(e.target.value); }}>
          {FIGURE_KEYS.map((k) => <option key={k} value={k}>{FIGURES[k].label[lang]} ({FIGURES[k].unit[lang]})</option>)}
        </select>
      </label>
      <div className="city-map-legend" data-testid="map-legend" data-figure={figure}>
        <div className="city-map-legend-title">{def.label[lang]} ({def.unit[lang]})</div>
        {coloured && <Ramp stops={coloured.stops} decimals={def.decimals} />}
        <div className="city-map-legend-row"><span className="city-map-swatch" style={{ background: css(NO_DATA) }} />{mw('noData', lang)}</div>
        {schematic && <div className="city-map-legend-row" data-testid="map-legend-schematic"><span className="city-map-dot schematic" />{mw('schematic', lang)}</div>}
        {twinPlaced && <div className="city-map-legend-row"><span className="city-map-dot twin" />{mw('twinPlaced', lang)}</div>}
      </div>
      {hover && hovered && (
        <div className="city-map-tooltip" data-testid="map-tooltip" data-id={hovered.id} style={tooltipPlace(hover, host.current)}>
          <div className="city-map-tooltip-name">{hovered.name[lang]}</div>
          <div>{def.label[lang]}: <b data-testid="map-tooltip-value">{formatFigure(def, hoveredRow ? def.value(hoveredRow) : null, lang)}</b></div>
          {figure === 'alerts' && hoveredRow && openBySeverity(hoveredRow).map(([s, n]) => <div key={s}>{severityLabel(s, lang)}: {n}</div>)}
          {hoveredRow && hoveredRow.communities > 1 && <div>{hoveredRow.communities} {mw('communities', lang)}</div>}
          {hovered.placed === 'schematic' && <div className="city-map-tooltip-note">{mw('schematic', lang)}</div>}
        </div>
      )}
    </div>
  );
}

/** The ramp as a gradient with its stops as ticks. */
function Ramp({ stops, decimals }: { stops: readonly ColourStop[]; decimals: number }) {
  const first = stops[0]!.at;
  const span = stops[stops.length - 1]!.at - first || 1;
  const gradient = `linear-gradient(to right, ${stops.map((s) => `${css(s.colour)} ${((s.at - first) / span) * 100}%`).join(', ')})`;
  return (
    <div className="city-map-ramp">
      <div className="city-map-ramp-bar" style={{ background: gradient }} />
      <div className="city-map-ramp-ticks" data-testid="map-legend-ticks">
        {stops.map((s) => <span key={s.at} style={{ left: `${((s.at - first) / span) * 100}%` }}>{s.at.toFixed(s.at % 1 === 0 ? 0 : decimals)}</span>)}
      </div>
    </div>
  );
}

/** Beside the pointer, on the side of the stage with more room, so it never leaves the stage. */
function tooltipPlace(p: { x: number; y: number }, el: HTMLElement | null): CSSProperties {
  const w = el?.clientWidth ?? 0;
  const h = el?.clientHeight ?? 0;
  return {
    ...(p.x > w / 2 ? { right: `${w - p.x + 14}px` } : { left: `${p.x + 14}px` }),
    ...(p.y > h / 2 ? { bottom: `${h - p.y + 14}px` } : { top: `${p.y + 14}px` }),
  };
}

function css(c: Readonly<Rgba> | readonly number[]): string {
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}

function figureInUrl(): FigureKey {
  const v = new URLSearchParams(window.location.search).get('figure');
  return isFigureKey(v) ? v : 'gate';
}
