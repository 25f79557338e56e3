/**
 * The city map's figures as a viewer reads them: each figure from a compare row in the unit the
 * legend shows, grey for no data (never the good end of a ramp), ramps that run from good to bad
 * in the right direction, and values with their units in both languages.
 */
import { describe, expect, it } from 'vitest';
import { FIGURES, NO_DATA, figureColours, formatFigure, openBySeverity, rampColour, type CompareRowFigures } from '../../client/city-map/map-figures.ts';
import { LEVEL_COLOURS } from '../../streams/families/palette.ts';

const row = (over: Partial<CompareRowFigures> = {}): CompareRowFigures => ({
  id: 'c-a', communities: 4,
  compliance: { assessed: 4, gatePassed: 1, gateRatio: 0.25, basicRatio: 0.6 },
  alerts: { open: 3, bySeverity: { warning: 2, critical: 1 }, timeToAckMedianS: 390, timeToAckCount: 5 },
  energy: { loadKw: 120, floorAreaM2: 8000, intensityWm2: 15 },
  parking: { occupied: 90, capacity: 100, pressure: 0.9 },
  ...over,
});
const rgb = (c: readonly number[]) => [c[0], c[1], c[2]];

describe('city map figures', () => {
  it.each([
    ['gate', 25, '25 %', '25 %'],
    ['basic', 60, '60 %', '60 %'],
    ['alerts', 3, '3 条', '3 alerts'],
    ['intensity', 15, '15.0 W/m²', '15.0 W/m²'],
    ['parking', 90, '90 %', '90 %'],
    ['ack', 6.5, '6.5 分钟', '6.5 min'],
  ] as const)('reads %s as %d and shows it with its unit', (key, value, zh, en) => {
    const def = FIGURES[key];
    expect(def.value(row())).toBeCloseTo(value, 6);
    expect(formatFigure(def, def.value(row()), 'zh')).toBe(zh);
    expect(formatFigure(def, def.value(row()), 'en')).toBe(en);
  });

  it('says no data, in grey, where a place has none', () => {
    const empty = row({
      communities: 0, compliance: { assessed: 0, gatePassed: 0, gateRatio: null, basicRatio: null },
      alerts: { open: 0, bySeverity: {}, timeToAckMedianS: null, timeToAckCount: 0 },
      energy: { loadKw: null, floorAreaM2: null, intensityWm2: null }, parking: { occupied: null, capacity: null, pressure: null },
    });
    for (const key of ['gate', 'basic', 'intensity', 'parking', 'ack'] as const) {
      const def = FIGURES[key];
      expect(def.value(empty), key).toBeNull();
      expect(formatFigure(def, null, 'zh')).toBe('暂无数据');
      expect(rampColour(def.stops([]), null)).toEqual(NO_DATA);
    }
    // No alerts open is a figure (0), not missing data.
    expect(FIGURES.alerts.value(empty)).toBe(0);
  });

  it('runs each ramp from good (green) to bad (red) the right way round', () => {
    const green = rgb(LEVEL_COLOURS.ok);
    const red = rgb(LEVEL_COLOURS.alarm);
    expect(rgb(rampColour(FIGURES.gate.stops([]), 100))).toEqual(green);
    expect(rgb(rampColour(FIGURES.gate.stops([]), 0))).toEqual(red);
    expect(rgb(rampColour(FIGURES.parking.stops([]), 100))).toEqual(red);
    expect(rgb(rampColour(FIGURES.ack.stops([]), 0))).toEqual(green);
    expect(rgb(rampColour(FIGURES.ack.stops([]), 90))).toEqual(red);
    // Between stops the colour is interpolated, and beyond the ends clamped.
    const mid = rampColour(FIGURES.gate.stops([]), 25);
    expect(mid[1]).toBeGreaterThan(red[1]!);
    expect(rgb(rampColour(FIGURES.gate.stops([]), 140))).toEqual(green);
  });

  it('scales the open alerts ramp to the busiest place shown, at least 5', () => {
    expect(FIGURES.alerts.stops([0, 1, 2]).map((s) => s.at)).toEqual([0, 3, 5]);
    const { values, stops } = figureColours(FIGURES.alerts, [row({ id: 'a' }), row({ id: 'b', alerts: { open: 12, bySeverity: {}, timeToAckMedianS: null, timeToAckCount: 0 } })]);
    expect([...values]).toEqual([['a', 3], ['b', 12]]);
    expect(stops.map((s) => s.at)).toEqual([0, 6, 12]);
  });

  it('lists open alerts by severity, worst first', () => {
    expect(openBySeverity(row())).toEqual([['critical', 1], ['warning', 2]]);
  });
});
