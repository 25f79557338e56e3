/** The building-services figures: counts of lifts and bins from live telemetry, totals from the node summary. */
import { describe, expect, it } from 'vitest';
import { LiveStore } from '../../../client/live/live-store.ts';
import { serviceFigures } from '../../../client/panels/services/service-figures.ts';
import { packColumns, type SeriesDescriptor } from '../../../streams/live-protocol.ts';

describe('serviceFigures', () => {
  const now = Date.now();
  const d = (id: number, measurement: string, field: string, tags: Record<string, string>, type: SeriesDescriptor['type'] = 'float'): SeriesDescriptor =>
    ({ id, measurement, field, type, tags: { community: 'c-a', neighbourhood: 'n-a1', ...tags } });
  const store = new LiveStore();
  store.applyTelemetry({
    room: 'c-a/elevator', epoch: 'e', seq: 1,
    schema: [
      d(1, 'elevator', 'state', { building: 'b-1', lift: 'l-1' }, 'string'), d(2, 'elevator', 'state', { building: 'b-1', lift: 'l-2' }, 'string'),
      d(3, 'elevator', 'state', { building: 'b-2', lift: 'l-3' }, 'string'),
      d(4, 'waste_bin', 'fill_pct', { point: 'wp-1', bin: 'wb-1', category: 'food' }), d(5, 'waste_bin', 'fill_pct', { point: 'wp-1', bin: 'wb-2', category: 'residual' }),
      d(6, 'waste_bin', 'fill_pct', { point: 'wp-1', bin: 'wb-3', category: 'recyclable' }),
    ],
    samples: packColumns([4, 5, 6], [now, now, now], [95, 81, 20]),
    text: { sid: [1, 2, 3], t: [now, now, now], s: ['normal', 'trapped', 'normal'] },
  });
  store.applySummary({
    room: 'c-a/summary', epoch: 'e', seq: 1, node: 'c-a', time: now,
    values: { 'fire_water.level_m': { value: 1.6, series: 4 }, 'fire_water.pressure_kpa': { value: 160, series: 4 }, 'childcare_security.armed': { value: 1, series: 2 } },
  });
  const figures = new Map(serviceFigures(store.data, now).map((f) => [f.id, f]));

  it.each([
    // [figure, value, devices it is over, level on the wall]
    ['elevator.state=normal', 2, 3, 'warn'],
    ['elevator.state=trapped', 1, 3, 'alarm'],
    ['elevator.state=fault', 0, 3, 'ok'],
    ['waste_bin.fill_pct>=warn', 2, 3, 'warn'],
    ['fire_water.level_m', 1.6, 4, 'warn'],
    ['fire_water.pressure_kpa', 160, 4, 'ok'],
    ['childcare_security.armed', 1, 2, 'warn'],
  ] as const)('%s is %d of %d (%s)', (id, value, of, level) => {
    const f = figures.get(id)!;
    expect(f, id).toBeDefined();
    expect([f.value, f.of, f.level]).toEqual([value, of, level]);
  });

  it('leaves figures of families the node has no devices of blank, and lists the most urgent first', () => {
    expect(figures.get('access_control.passages')!.value).toBeNaN();
    expect(figures.get('utility_meter.gas_m3h')!.value).toBeNaN();
    expect([...figures.keys()].slice(0, 3)).toEqual(['elevator.state=normal', 'elevator.state=fault', 'elevator.state=trapped']);
  });
});
