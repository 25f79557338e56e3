/**
 * The figures the city map can be coloured by, read from a row of `GET /api/compare`, each with
 * its unit, its colour ramp and the ticks the legend shows. Pure functions: the layers and the
 * legend use the same ones, so the legend cannot disagree with the picture.
 */
import { LEVEL_COLOURS, NO_DATA_COLOUR } from '../../streams/families/palette.ts';
import { SEVERITIES } from '../../streams/alerts.ts';
import { INTENSITY_STOPS, type Rgba } from '../twin/colour-rules.ts';
import type { Lang } from '../i18n/i18n-store.ts';
import type { CompareRow } from '../../streams/compare.ts';

/** The part of a `GET /api/compare` row the map reads (streams/compare.ts has it all). */
export type CompareRowFigures = Pick<CompareRow, 'id' | 'communities' | 'compliance' | 'alerts' | 'energy' | 'parking'>;

export const FIGURE_KEYS = ['gate', 'basic', 'alerts', 'intensity', 'parking', 'ack'] as const;
export type FigureKey = (typeof FIGURE_KEYS)[number];

export interface ColourStop { at: number; colour: Readonly<Rgba> | readonly number[] }

export interface FigureDef {
  key: FigureKey;
  label: { zh: string; en: string };
  unit: { zh: string; en: string };
  /** The figure of a row in the unit shown, null when the place has no data for it. */
  value(row: CompareRowFigures): number | null;
  /** Ramp stops in the unit shown; a value outside is clamped to the end stop. */
  stops(values: readonly number[]): ColourStop[];
  /** Digits after the point. */
  decimals: number;
}

const GREEN = [...LEVEL_COLOURS.ok] as Rgba;
const AMBER = [...LEVEL_COLOURS.warn] as Rgba;
const RED = [...LEVEL_COLOURS.alarm] as Rgba;
/** No data: grey, never the good end of a ramp. */
export const NO_DATA: Rgba = [NO_DATA_COLOUR[0], NO_DATA_COLOUR[1], NO_DATA_COLOUR[2], 255];

const pct = (v: number | null) => (v === null ? null : v * 100);
const betterHigh: ColourStop[] = [{ at: 0, colour: RED }, { at: 50, colour: AMBER }, { at: 100, colour: GREEN }];
const betterLow: ColourStop[] = [{ at: 0, colour: GREEN }, { at: 70, colour: AMBER }, { at: 100, colour: RED }];

export const FIGURES: Readonly<Record<FigureKey, FigureDef>> = {
  gate: {
    key: 'gate', label: { zh: '约束性指标达标率', en: 'Binding gate passed' }, unit: { zh: '%', en: '%' },
    value: (r) => (r.communities > 0 ? pct(r.compliance.gateRatio) : null), stops: () => betterHigh, decimals: 0,
  },
  basic: {
    key: 'basic', label: { zh: '基础指标达成率', en: 'Basic items met' }, unit: { zh: '%', en: '%' },
    value: (r) => pct(r.compliance.basicRatio), stops: () => betterHigh, decimals: 0,
  },
  alerts: {
    key: 'alerts', label: { zh: '未处置告警', en: 'Open alerts' }, unit: { zh: '条', en: 'alerts' },
    value: (r) => r.alerts.open,
    // Counts have no fixed scale: the ramp reaches the busiest place shown (at least 5).
    stops: (values) => {
      const top = Math.max(5, Math.ceil(Math.max(0, ...values)));
      return [{ at: 0, colour: GREEN }, { at: Math.round(top / 2), colour: AMBER }, { at: top, colour: RED }];
    },
    decimals: 0,
  },
  intensity: {
    key: 'intensity', label: { zh: '能耗强度', en: 'Energy intensity' }, unit: { zh: 'W/m²', en: 'W/m²' },
    value: (r) => r.energy.intensityWm2,
    // The twin's ramp (the energy descriptor's), so a district and its buildings read alike.
    stops: () => INTENSITY_STOPS.map((s) => ({ at: s.wPerM2, colour: s.colour })), decimals: 1,
  },
  parking: {
    key: 'parking', label: { zh: '停车压力', en: 'Parking pressure' }, unit: { zh: '%', en: '%' },
    value: (r) => pct(r.parking.pressure), stops: () => betterLow, decimals: 0,
  },
  ack: {
    key: 'ack', label: { zh: '告警响应时长(中位)', en: 'Time to acknowledge (median)' }, unit: { zh: '分钟', en: 'min' },
    value: (r) => (r.alerts.timeToAckMedianS === null ? null : r.alerts.timeToAckMedianS / 60),
    stops: () => [{ at: 0, colour: GREEN }, { at: 15, colour: AMBER }, { at: 30, colour: RED }], decimals: 1,
  },
};

export function isFigureKey(v: unknown): v is FigureKey {
  return typeof v === 'string' && (FIGURE_KEYS as readonly string[]).includes(v);
}

/** Colour of a value on a ramp (grey for null), into `out`. */
export function rampColour(stops: readonly ColourStop[], v: number | null, out: Rgba = [0, 0, 0, 255]): Rgba {
  const src = v === null || !Number.isFinite(v) ? NO_DATA : v <= stops[0]!.at ? stops[0]!.colour : v >= stops[stops.length - 1]!.at ? stops[stops.length - 1]!.colour : null;
  if (src) { out[0] = src[0]; out[1] = src[1]; out[2] = src[2]; out[3] = 255; return out; }
  for (let i = 1; i < stops.length; i++) {
    const a = stops[i - 1]!;
    const b = stops[i]!;
    if (v! <= b.at) {
      const t = b.at === a.at ? 1 : (v! - a.at) / (b.at - a.at);
      for (let k = 0; k < 3; k++) out[k] = Math.round(a.colour[k]! + (b.colour[k]! - a.colour[k]!) * t);
      out[3] = 255;
      return out;
    }
  }
  return out;
}

/** A figure's value as text with its unit; '—' without data. */
export function formatFigure(def: FigureDef, v: number | null, lang: Lang): string {
  if (v === null || !Number.isFinite(v)) return lang === 'zh' ? '暂无数据' : 'No data';
  const n = new Intl.NumberFormat(lang === 'zh' ? 'zh-CN' : 'en', { maximumFractionDigits: def.decimals, minimumFractionDigits: def.decimals }).format(v);
  return `${n} ${def.unit[lang]}`;
}

/** The severities with open alerts, worst first, for the tooltip: [severity, count]. */
export function openBySeverity(row: CompareRowFigures): [string, number][] {
  return [...SEVERITIES].reverse().map((s) => [s, row.alerts.bySeverity[s] ?? 0] as [string, number]).filter(([, n]) => n > 0);
}

/** The figure of each child by id, and the ramp those values are drawn on. */
export function figureColours(def: FigureDef, rows: readonly CompareRowFigures[]): { values: Map<string, number | null>; stops: ColourStop[] } {
  const values = new Map<string, number | null>();
  for (const r of rows) values.set(r.id, def.value(r));
  const known = [...values.values()].filter((v): v is number => v !== null);
  return { values, stops: def.stops(known) };
}
