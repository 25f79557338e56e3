import { describe, expect, it } from 'vitest';
import { LiveStore } from '../../../client/live/live-store.ts';
import { lotsNow, occupancyPercent } from '../../../client/panels/parking/lot-occupancy.ts';
import { pipeHealth, totalByStatus } from '../../../client/panels/pipes/pipe-health.ts';
import { envSensorsNow } from '../../../client/panels/environment/env-sensors.ts';
import { packColumns, type SeriesDescriptor } from '../../../streams/live-protocol.ts';

const M10 = 600_000;

describe('occupancyPercent', () => {
  it.each<[string, [number[], number[]][], [number[], number[]][], { t: number[]; v: number[] }]>([
    ['two lots summed before dividing', [[[0], [50]], [[0], [10]]], [[[0], [100]], [[0], [100]]], { t: [0], v: [30] }],
    ['a lot missing a bucket keeps its last count',
      [[[0, M10], [80, 90]], [[0], [20]]], [[[0, M10], [100, 100]], [[0, M10], [100, 100]]], { t: [0, M10], v: [50, 55] }],
    ['no capacity, no point', [[[0], [5]]], [], { t: [], v: [] }],
  ])('%s', (_name, occ, cap, want) => {
    const curves = (xs: [number[], number[]][]) => xs.map(([t, v]) => ({ t, v }));
    const got = occupancyPercent(curves(occ), curves(cap), M10);
    expect(got.t).toEqual(want.t);
    expect(got.v.length).toBe(want.v.length);
    got.v.forEach((v, i) => expect(v).toBeCloseTo(want.v[i], 9));
  });
});

describe('figures from the live store', () => {
  const now = Date.now();
  const d = (id: number, measurement: string, field: string, tags: Record<string, string>, type: SeriesDescriptor['type'] = 'float'): SeriesDescriptor =>
    ({ id, measurement, field, type, tags: { community: 'c-a', neighbourhood: 'n-a1', ...tags } });
  const schema = [
    d(1, 'parking', 'occupied', { lot: 'p-1' }, 'integer'), d(2, 'parking', 'capacity', { lot: 'p-1' }, 'integer'),
    d(3, 'parking', 'occupied', { lot: 'p-2' }, 'integer'), d(4, 'parking', 'capacity', { lot: 'p-2' }, 'integer'),
    d(5, 'parking', 'occupied', { lot: 'p-3' }, 'integer'), // capacity not reported yet
    d(6, 'pipe', 'pressure_kpa', { network: 'water_supply', sensor: 'ws-1' }), d(7, 'pipe', 'status', { network: 'water_supply', sensor: 'ws-1' }, 'string'),
    d(8, 'pipe', 'pressure_kpa', { network: 'gas', sensor: 'g-1' }), d(9, 'pipe', 'status', { network: 'gas', sensor: 'g-1' }, 'string'),
    d(10, 'pipe', 'status', { network: 'drainage', sensor: 'dr-1' }, 'string'),
    d(11, 'env', 'temperature_c', { walkway: 'w-1', sensor: 'e-1' }), d(12, 'env', 'noise_db', { walkway: 'w-1', sensor: 'e-1' }),
  ];
  const store = new LiveStore();
  const rows: [number, number][] = [[1, 190], [2, 200], [3, 10], [4, 80], [5, 3], [6, 312], [8, 2.9], [11, 18.5], [12, 47]];
  store.applyTelemetry({
    room: 'c-a/parking', epoch: 'e', seq: 1, schema,
    samples: packColumns(rows.map((r) => r[0]), rows.map(() => now), rows.map((r) => r[1])),
    text: { sid: [7, 9, 10], t: [now, now - 5000, now], s: ['normal', 'leak', 'warning'] },
  });

  it('lists lots with both counts, fullest first', () => {
    expect(lotsNow(store.data).map((l) => [l.lot, l.free, l.capacity, l.ratio])).toEqual([['p-1', 10, 200, 0.95], ['p-2', 70, 80, 0.125]]);
  });

  it('counts pipe sensors by network and status, pressures apart, leaks listed', () => {
    const h = pipeHealth(store.data);
    expect(h.counts.water_supply).toMatchObject({ normal: 1, leak: 0 });
    expect(h.counts.gas).toMatchObject({ normal: 0, leak: 1 });
    expect(h.counts.drainage).toMatchObject({ warning: 1 });
    expect(h.pressures).toEqual({ water_supply: [312], drainage: [], gas: [2.9] });
    expect(h.leaks.map((l) => [l.network, l.sensor])).toEqual([['gas', 'g-1']]);
    expect(totalByStatus(h)).toEqual({ normal: 1, warning: 1, fault: 0, leak: 1 });
  });

  it('gathers each walkway sensor\'s readings', () => {
    const [s] = envSensorsNow(store.data);
    expect(s.sensor).toBe('e-1');
    expect(s.values.temperature_c).toBe(18.5);
    expect(s.values.noise_db).toBe(47);
    expect(s.values.pm25_ugm3).toBeNaN();
  });
});
