import { afterEach, describe, expect, it } from 'vitest';
import { SeriesCatalog } from '../../server/catalog/series-catalog.ts';
import { SampleBatch } from '../../server/ingest/sample-batch.ts';
import { RuleEngine, type RuleClearing, type RuleFiring } from '../../server/alerts/rules/rule-engine.ts';
import { seriesKey } from '../../streams/line-protocol/format.ts';
import type { AlertRule } from '../../streams/alert-rules.ts';
import type { AlertEvent } from '../../streams/alerts.ts';

const T0 = Date.UTC(2025, 5, 1, 2, 0, 0);
const S = 1000;

interface Harness {
  engine: RuleEngine;
  fired: RuleFiring[];
  cleared: RuleClearing[];
  /** Feed numeric (or text) readings of one series, each [seconds after T0, value]; arrival = sample time. */
  feed(tags: Record<string, string>, field: string, readings: [number, number | string][], measurement?: string): void;
  events(list: Partial<AlertEvent>[]): void;
}

const engines: RuleEngine[] = [];
afterEach(() => { for (const e of engines.splice(0)) e.close(); });

function harness(rules: AlertRule[], community = 'c-a'): Harness {
  const catalog = new SeriesCatalog();
  const fired: RuleFiring[] = [];
  const cleared: RuleClearing[] = [];
  let clock = T0;
  const engine = new RuleEngine(catalog, { onFire: (f) => fired.push(f), onClear: (c) => cleared.push(c), now: () => clock, silenceCheckMs: 0 });
  engines.push(engine);
  engine.setRules(community, rules);
  return {
    engine, fired, cleared,
    feed(tags, field, readings, measurement = 'pipe') {
      const all = { community, neighbourhood: 'n-a1', ...tags };
      const sorted: Record<string, string> = {};
      for (const k of Object.keys(all).sort()) sorted[k] = all[k as keyof typeof all];
      const series = { measurement, tags: sorted, key: seriesKey(measurement, sorted) };
      for (const [sec, v] of readings) {
        const batch = new SampleBatch(4);
        const t = T0 + sec * S;
        clock = t;
        if (typeof v === 'string') batch.pushText(catalog.resolve(series, field, 'string'), t, v);
        else batch.push(catalog.resolve(series, field, 'float'), t, v);
        engine.ingest(batch, [], t);
      }
    },
    events(list) {
      for (const e of list) {
        const ev: AlertEvent = { community, neighbourhood: 'n-a1', type: 'perimeter_intrusion', severity: 'major', device: 'cam-1', location: '东侧围墙', message: '翻越', time: T0, ...e };
        clock = ev.time;
        engine.ingest(new SampleBatch(1), [ev], ev.time);
      }
    },
  };
}

const pressureLow: AlertRule = {
  id: 'p-low', name: '压力过低', kind: 'threshold', severity: 'major', type: 'pipe_leak', measurement: 'pipe', field: 'pressure_kpa',
  selector: { network: 'water_supply' }, op: '<', value: 150, forSeconds: 30, clearValue: 170,
};
const water = { network: 'water_supply', sensor: 'ws-1' };

describe('threshold rules', () => {
  it.each([
    // [case, readings (s, kPa), firings expected, at seconds]
    ['a dip shorter than the duration raises nothing', [[0, 200], [10, 140], [20, 140], [30, 200]], []],
    ['below for 30 s raises one alert at 30 s', [[0, 140], [10, 140], [20, 140], [30, 140], [40, 140]], [30]],
    ['a recovery resets the duration', [[0, 140], [20, 140], [25, 160], [30, 140], [50, 140], [60, 140]], [60]],
    ['hovering at the threshold does not flap once firing', [[0, 140], [30, 140], [40, 151], [50, 149], [60, 152], [70, 148], [80, 160], [90, 149], [120, 149]], [30]],
    ['back past the clear value, a new breach fires again after its duration', [[0, 140], [30, 140], [40, 175], [50, 140], [70, 140], [80, 140]], [30, 80]],
  ] as [string, [number, number][], number[]][])('%s', (_name, readings, at) => {
    const h = harness([pressureLow]);
    h.feed(water, 'pressure_kpa', readings);
    expect(h.fired.map((f) => (f.time - T0) / S)).toEqual(at);
    for (const f of h.fired) {
      expect(f.rule.id).toBe('p-low');
      expect(f.device).toBe('ws-1');
      expect(f.message).toContain('压力');
      expect(f.message).toContain('kPa');
    }
  });

  it('clears only past the clear value, and says so once', () => {
    const h = harness([pressureLow]);
    h.feed(water, 'pressure_kpa', [[0, 140], [30, 140], [40, 160], [50, 169], [60, 171], [70, 180]]);
    expect(h.fired).toHaveLength(1);
    expect(h.cleared.map((c) => (c.time - T0) / S)).toEqual([60]);
  });

  it.each([
    ['another network', { network: 'gas', sensor: 'g-1' }],
    ['another community', { community: 'c-b', network: 'water_supply', sensor: 'ws-9' }],
  ])('does not match a series of %s', (_name, tags) => {
    const h = harness([pressureLow]);
    h.feed(tags, 'pressure_kpa', [[0, 10], [60, 10]]);
    expect(h.fired).toEqual([]);
  });

  it('matches a text state with "=" and clears when the state changes', () => {
    const rule: AlertRule = { id: 'gas', name: '燃气泄漏', kind: 'threshold', severity: 'critical', type: 'gas_leak', measurement: 'pipe', field: 'status', op: '=', value: 'leak' };
    const h = harness([rule]);
    h.feed({ network: 'gas', sensor: 'gas-1' }, 'status', [[0, 'normal'], [10, 'warning'], [20, 'leak'], [30, 'leak'], [40, 'fault'], [50, 'leak']]);
    expect(h.fired.map((f) => (f.time - T0) / S)).toEqual([20, 50]);
    expect(h.cleared.map((c) => (c.time - T0) / S)).toEqual([40]);
  });

  it('judges samples older than ten minutes as history, not as alerts', () => {
    const h = harness([{ ...pressureLow, forSeconds: 0 }]);
    const batch = new SampleBatch(2);
    h.feed(water, 'pressure_kpa', [[0, 200]]);
    const id = [...Array(5).keys()].find((i) => i > 0)!;
    batch.push(id, T0 - 11 * 60 * S, 10);
    h.engine.ingest(batch, [], T0);
    expect(h.fired).toEqual([]);
  });
});

describe('rate rules', () => {
  const rising: AlertRule = {
    id: 'dr-rise', name: '液位快速上涨', kind: 'rate', severity: 'warning', type: 'waterlogging', measurement: 'pipe', field: 'level_m',
    op: '>', value: 0.05, windowSeconds: 300, clearValue: 0.01,
  };
  const levels = (perMin: number, from: number, to: number, start = 0.2) =>
    Array.from({ length: (to - from) / 10 + 1 }, (_, i) => [from + i * 10, start + ((i * 10) / 60) * perMin] as [number, number]);

  it.each([
    ['a steady level raises nothing', levels(0, 0, 600), 0],
    ['rising 0.03 m/min stays under 0.05', levels(0.03, 0, 600), 0],
    ['rising 0.1 m/min fires once half the window is covered', levels(0.1, 0, 600), 1],
  ] as [string, [number, number][], number][])('%s', (_name, readings, n) => {
    const h = harness([rising]);
    h.feed({ network: 'drainage', sensor: 'dr-1' }, 'level_m', readings);
    expect(h.fired).toHaveLength(n);
    if (n) {
      expect((h.fired[0].time - T0) / S).toBe(150);
      expect(h.fired[0].value).toBeCloseTo(0.1, 6);
    }
  });

  it('clears when the level stops rising, and fires again when it rises anew', () => {
    const h = harness([rising]);
    const flat = levels(0, 610, 1200, levels(0.1, 0, 600).at(-1)![1]);
    const again = levels(0.1, 1210, 1800, flat.at(-1)![1]);
    h.feed({ network: 'drainage', sensor: 'dr-1' }, 'level_m', [...levels(0.1, 0, 600), ...flat, ...again]);
    expect(h.fired).toHaveLength(2);
    expect(h.cleared).toHaveLength(1);
  });
});

describe('no-data rules', () => {
  const silent: AlertRule = { id: 'silent', name: '传感器离线', kind: 'no_data', severity: 'warning', type: 'sensor_offline', measurement: 'pipe', silentSeconds: 600 };

  it('raises once per device after the silence, on the timer, and clears when data comes back', () => {
    const h = harness([silent]);
    // Two fields of one sensor are one device; a second sensor keeps talking.
    h.feed({ network: 'water_supply', sensor: 'ws-1' }, 'pressure_kpa', [[0, 300]]);
    h.feed({ network: 'water_supply', sensor: 'ws-1' }, 'flow_m3h', [[0, 20]]);
    h.feed({ network: 'water_supply', sensor: 'ws-2' }, 'pressure_kpa', [[0, 300], [500, 300]]);
    h.engine.checkSilence(T0 + 599 * S);
    expect(h.fired).toEqual([]);
    h.engine.checkSilence(T0 + 601 * S);
    expect(h.fired.map((f) => f.device)).toEqual(['ws-1']);
    expect(h.fired[0].value).toBe(601);
    h.engine.checkSilence(T0 + 700 * S);
    expect(h.fired).toHaveLength(1);
    h.engine.checkSilence(T0 + 1101 * S);
    expect(h.fired.map((f) => f.device)).toEqual(['ws-1', 'ws-2']);
    h.feed({ network: 'water_supply', sensor: 'ws-1' }, 'pressure_kpa', [[1200, 300]]);
    expect(h.cleared.map((c) => c.seriesKey)).toEqual([h.fired[0].seriesKey]);
  });

  it('runs its timer on the injected interval and stops it on close', async () => {
    const catalog = new SeriesCatalog();
    const fired: RuleFiring[] = [];
    let clock = T0;
    const engine = new RuleEngine(catalog, { onFire: (f) => fired.push(f), now: () => clock, silenceCheckMs: 10 });
    engine.setRules('c-a', [{ ...silent, silentSeconds: 10 }]);
    const tags = { community: 'c-a', network: 'gas', neighbourhood: 'n-a1', sensor: 'g-1' };
    const b = new SampleBatch(1);
    b.push(catalog.resolve({ measurement: 'pipe', tags, key: seriesKey('pipe', tags) }, 'pressure_kpa', 'float'), clock, 3);
    engine.ingest(b, [], clock);
    clock += 11 * S;
    await new Promise((r) => setTimeout(r, 50));
    expect(fired).toHaveLength(1);
    engine.close();
    clock += 100 * S;
    b.length = 0;
    engine.ingest(b, [], clock);
    await new Promise((r) => setTimeout(r, 50));
    expect(fired).toHaveLength(1);
  });
});

describe('count rules', () => {
  const repeated: AlertRule = {
    id: 'perimeter-3', name: '10 分钟内 3 次周界入侵', kind: 'count', severity: 'critical', type: 'perimeter_intrusion', measurement: 'alert',
    selector: { type: 'perimeter_intrusion' }, count: 3, windowSeconds: 600,
  };
  it.each([
    ['3 within 10 min fire', [0, 200, 500], 1],
    ['3 spread over 11 min do not', [0, 330, 660], 0],
    ['out of order, still within the window', [500, 0, 200], 1],
    ['6 in a row fire twice (each alert needs 3 new events)', [0, 10, 20, 30, 40, 50], 2],
  ] as [string, number[], number][])('%s', (_name, seconds, n) => {
    const h = harness([repeated]);
    h.events(seconds.map((s) => ({ time: T0 + s * S })));
    expect(h.fired).toHaveLength(n);
    if (n) expect(h.fired[0]).toMatchObject({ value: 3, seriesKey: 'count:neighbourhood=n-a1', tags: { community: 'c-a', neighbourhood: 'n-a1' } });
  });

  it('counts per neighbourhood and ignores other event types', () => {
    const h = harness([repeated]);
    h.events([
      { time: T0, neighbourhood: 'n-a1' }, { time: T0 + S, neighbourhood: 'n-a2' }, { time: T0 + 2 * S, type: 'fire' },
      { time: T0 + 3 * S, neighbourhood: 'n-a1' }, { time: T0 + 4 * S, neighbourhood: 'n-a2' },
    ]);
    expect(h.fired).toEqual([]);
    h.events([{ time: T0 + 5 * S, neighbourhood: 'n-a2' }]);
    expect(h.fired.map((f) => f.neighbourhood)).toEqual(['n-a2']);
  });
});

describe('rule index', () => {
  it('binds a series only to the rules that can match it', () => {
    const rules: AlertRule[] = Array.from({ length: 200 }, (_, i) => ({
      ...pressureLow, id: `r${i}`, selector: { network: 'water_supply', sensor: `ws-${i}` },
    }));
    const h = harness([...rules, { ...pressureLow, id: 'env', measurement: 'env', field: 'pm25_ugm3', op: '>', value: 115, clearValue: 100, selector: undefined }]);
    h.feed({ network: 'water_supply', sensor: 'ws-7' }, 'pressure_kpa', [[0, 300]]);
    h.feed({ network: 'water_supply', sensor: 'ws-7' }, 'flow_m3h', [[0, 20]]);
    expect(h.engine.bindingCount).toBe(1);
  });
});

describe('replacing one community\'s rules', () => {
  function twoCommunities() {
    const catalog = new SeriesCatalog();
    const fired: RuleFiring[] = [];
    const cleared: RuleClearing[] = [];
    const engine = new RuleEngine(catalog, { onFire: (f) => fired.push(f), onClear: (c) => cleared.push(c), now: () => T0, silenceCheckMs: 0 });
    engines.push(engine);
    for (const c of ['c-a', 'c-b']) engine.setRules(c, [pressureLow]);
    const feed = (community: string, sec: number, kpa: number) => {
      const tags = { community, neighbourhood: 'n-1', network: 'water_supply', sensor: 'ws-1' };
      const b = new SampleBatch(1);
      b.push(catalog.resolve({ measurement: 'pipe', tags, key: seriesKey('pipe', tags) }, 'pressure_kpa', 'float'), T0 + sec * S, kpa);
      engine.ingest(b, [], T0 + sec * S);
    };
    return { engine, fired, cleared, feed };
  }

  it('leaves the others\' alerts as they are: no second alert, the clearing still comes', () => {
    const { engine, fired, cleared, feed } = twoCommunities();
    feed('c-a', 0, 140);
    feed('c-b', 0, 300);
    feed('c-a', 30, 140);
    expect(fired.map((f) => f.community)).toEqual(['c-a']);
    for (let i = 0; i < 20; i++) engine.setRules('c-b', [{ ...pressureLow, value: 100 + i }]);
    feed('c-a', 60, 140);
    feed('c-a', 90, 140);
    expect(fired.map((f) => f.community)).toEqual(['c-a']);
    feed('c-a', 100, 180);
    expect(cleared.map((c) => c.community)).toEqual(['c-a']);
  });

  it('applies the new rules to the replaced community and reuses its bindings', () => {
    const { engine, fired, feed } = twoCommunities();
    feed('c-a', 0, 300);
    feed('c-b', 0, 300);
    expect(engine.bindingCount).toBe(2);
    for (let i = 0; i < 50; i++) engine.setRules('c-b', [{ ...pressureLow, op: '>', value: 250, clearValue: 240, forSeconds: 0 }]);
    expect(engine.bindingCount).toBe(2);
    feed('c-b', 10, 300);
    expect(fired.map((f) => [f.community, (f.rule as { op: string }).op])).toEqual([['c-b', '>']]);
  });
});
