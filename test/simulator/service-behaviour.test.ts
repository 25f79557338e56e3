/**
 * What a control room would notice in the simulated service devices of the demo community: one
 * simulated month of lifts, water and gas meters, waste bins, fire-water tanks, childcare panels
 * and gates (the other families left out, so the month runs in a few seconds), reduced to
 * statistics as it goes; then scripted faults, and determinism.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { CommunitySimulator, type Incident } from '../../streams/simulator/community-simulator.ts';
import type { CommunityConfig } from '../../streams/simulator/community-config.ts';
import { chinaHour as localHour, isChinaWeekend as isWeekend } from '../../streams/china-time.ts';
import { formatLine, type PointInput } from '../../streams/line-protocol/format.ts';
import { fieldDef, fieldsOfDevice, isFamily } from '../../streams/families/index.ts';
import { DEMO_COMMUNITY } from '../../twin-models/demo/demo-community.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Only the service devices of the demo community. */
const C: CommunityConfig = { ...DEMO_COMMUNITY, buildings: [], parkingLots: [], pipeSensors: [], walkways: [], envSensors: [], alertDevices: [] };
const S = C.services;
const LIFTS = new Map(S.lifts.map((l) => [l.id, l]));
const METERS = new Map(S.utilityMeters.map((m) => [m.id, m]));
const GATES = new Map(S.gates.map((g) => [g.id, g]));
const local = (y: number, m: number, d: number, h = 0) => Date.UTC(y, m - 1, d, h) - 8 * HOUR;
// Monday 2 June 2025, 00:00 in Chongqing.
const START = local(2025, 6, 2);
const DAYS = 30;

const num = (v: unknown): number => (typeof v === 'object' && v !== null ? (v as { int: number }).int : Number(v));

class Mean {
  sum = 0;
  n = 0;
  add(x: number) { this.sum += x; this.n++; }
  get value() { return this.sum / this.n; }
}
const hourly = () => Array.from({ length: 24 }, () => new Mean());
const meanOf = (hours: Mean[], from: number, to: number) => {
  const m = new Mean();
  for (let h = from; h < to; h++) m.add(hours[h].value);
  return m.value;
};

interface Episode { device: string; state: string; from: number; to: number }

const month = {
  problems: new Set<string>(),
  // Lifts: running hours gained per report, by local hour of weekdays; states and their episodes.
  liftRunning: hourly(),
  lastRunning: new Map<string, number>(),
  liftState: new Map<string, { state: string; since: number }>(),
  liftEpisodes: [] as Episode[],
  // Meters: flow by hour (weekdays), and the register against the integrated flow.
  water: hourly(),
  gas: hourly(),
  register: new Map<string, { first: number; last: number; integral: number; prevFlow?: number }>(),
  // Bins: fill gained per report by hour, collections, overflow episodes.
  fillGain: hourly(),
  lastFill: new Map<string, { fill: number; collections: number }>(),
  collections: new Map<string, number>(),
  afterCollection: new Mean(),
  overflowEpisodes: 0,
  fullSince: new Map<string, number>(),
  fillDrops: 0,
  // Fire water.
  normalLevel: new Mean(),
  minLevel: Infinity,
  minPressure: Infinity,
  pumpRestarts: 0,
  lastPressure: new Map<string, number>(),
  // Childcare.
  armedReports: 0,
  panelReports: 0,
  intrusionByHour: hourly(),
  emergencyByHour: hourly(),
  // Gates.
  passages: hourly(),
  passagesTotal: 0,
  deniedTotal: 0,
  mainWeekday: new Mean(),
  gateDay: new Map<string, number>(),
};

const checked = new WeakSet<object>();

function visit(p: PointInput) {
  const h = Math.floor(localHour(p.time));
  const weekday = !isWeekend(p.time);
  const f = p.fields;
  if (!isFamily(p.measurement)) { month.problems.add(`measurement ${p.measurement}`); return; }
  // Fields and their types, checked once per series (a series' points share their tags object).
  if (!checked.has(p.tags)) {
    checked.add(p.tags);
    const expected = fieldsOfDevice(p.measurement, p.tags);
    if (Object.keys(f).sort().join() !== [...expected].sort().join()) month.problems.add(`${p.measurement} fields ${Object.keys(f).join()}`);
    for (const [k, v] of Object.entries(f)) {
      const type = fieldDef(p.measurement, k)?.type;
      const actual = typeof v === 'object' ? 'integer' : typeof v === 'number' ? 'float' : typeof v;
      if (actual !== type) month.problems.add(`${p.measurement}.${k} is ${actual}, declared ${type}`);
    }
  }
  switch (p.measurement) {
    case 'elevator': {
      const id = p.tags.lift;
      const lift = LIFTS.get(id)!;
      const floor = num(f.floor);
      if (floor < 1 || floor > lift.floors) month.problems.add(`lift ${id} at floor ${floor} of ${lift.floors}`);
      const state = f.state as string;
      if ((state === 'fault' || state === 'trapped') && f.door_open) month.problems.add(`lift ${id} ${state} with its door open`);
      const running = f.running_h as number;
      const prev = month.lastRunning.get(id);
      if (prev !== undefined) {
        if (running < prev) month.problems.add(`lift ${id} running hours went back`);
        if (weekday && lift.category === 'residential') month.liftRunning[h].add(running - prev);
      }
      month.lastRunning.set(id, running);
      const cur = month.liftState.get(id);
      if (!cur || cur.state !== state) {
        if (cur) month.liftEpisodes.push({ device: id, state: cur.state, from: cur.since, to: p.time });
        month.liftState.set(id, { state, since: p.time });
      }
      break;
    }
    case 'utility_meter': {
      const id = p.tags.meter;
      const water = p.tags.utility === 'water';
      const flow = (water ? f.water_m3h : f.gas_m3h) as number;
      const reg = (water ? f.water_m3 : f.gas_m3) as number;
      const meter = METERS.get(id)!;
      if (weekday && meter.category === 'residential') (water ? month.water : month.gas)[h].add(flow);
      const r = month.register.get(id);
      if (!r) month.register.set(id, { first: reg, last: reg, integral: 0 });
      else {
        if (reg < r.last) month.problems.add(`meter ${id} register went back`);
        r.integral += (flow * 300) / 3600;
        r.last = reg;
      }
      break;
    }
    case 'waste_bin': {
      const id = p.tags.bin;
      const fill = f.fill_pct as number;
      const collections = num(f.collections);
      if (fill < 0 || fill > 100) month.problems.add(`bin ${id} at ${fill} %`);
      const prev = month.lastFill.get(id);
      if (prev) {
        if (collections > prev.collections) {
          month.collections.set(id, (month.collections.get(id) ?? 0) + collections - prev.collections);
          month.afterCollection.add(fill);
        } else {
          // The sensor's noise (±2 %) moves a reading either way; the mean gain is the waste thrown in.
          if (fill < prev.fill - 4.5) month.fillDrops++;
          if (fill < 95) month.fillGain[h].add(fill - prev.fill);
        }
      }
      month.lastFill.set(id, { fill, collections });
      if (fill > 90) {
        if (!month.fullSince.has(id)) month.fullSince.set(id, p.time);
        else if (p.time - month.fullSince.get(id)! === 600_000) month.overflowEpisodes++;
      } else month.fullSince.delete(id);
      break;
    }
    case 'fire_water': {
      const id = p.tags.tank;
      const level = f.level_m as number;
      const pressure = f.pressure_kpa as number;
      month.minLevel = Math.min(month.minLevel, level);
      month.minPressure = Math.min(month.minPressure, pressure);
      if (level > 2) month.normalLevel.add(level);
      const prev = month.lastPressure.get(id);
      if (prev !== undefined && pressure - prev > 15) month.pumpRestarts++;
      month.lastPressure.set(id, pressure);
      break;
    }
    case 'childcare_security':
      month.panelReports++;
      if (f.armed) month.armedReports++;
      month.intrusionByHour[h].add(f.intrusion ? 1 : 0);
      month.emergencyByHour[h].add(f.emergency ? 1 : 0);
      break;
    case 'access_control': {
      const passages = num(f.passages);
      const denied = num(f.denied);
      month.passagesTotal += passages;
      month.deniedTotal += denied;
      if (weekday) month.passages[h].add(passages);
      const gate = GATES.get(p.tags.gate)!;
      if (gate.main && weekday) {
        const key = `${gate.id}/${Math.floor((p.time - START) / DAY)}`;
        month.gateDay.set(key, (month.gateDay.get(key) ?? 0) + passages);
      }
      break;
    }
    default:
      month.problems.add(`unexpected ${p.measurement}`);
  }
}

beforeAll(() => {
  const sim = new CommunitySimulator({ communities: [C], seed: 2025, start: START });
  for (let h = 1; h <= DAYS * 24; h++) for (const p of sim.advance(START + h * HOUR)) visit(p);
  for (const [id, s] of month.liftState) month.liftEpisodes.push({ device: id, state: s.state, from: s.since, to: START + DAYS * DAY });
  // Main gates' weekday totals (the gate day map holds weekdays only).
  for (const total of month.gateDay.values()) month.mainWeekday.add(total);
}, 60_000);

describe('the demo community\'s service devices over a simulated month', () => {
  it('report every declared field with its declared type, and only those', () => {
    expect([...month.problems]).toEqual([]);
    expect(S.lifts.length).toBeGreaterThanOrEqual(60);
    expect(S.wasteBins.length).toBeGreaterThanOrEqual(24);
    expect(S.fireWater.length).toBe(DEMO_COMMUNITY.buildings.length);
  });

  it('lifts run most at 7–9 h and 17–20 h on weekdays, little at night', () => {
    const r = month.liftRunning;
    const morning = meanOf(r, 7, 9);
    const evening = meanOf(r, 17, 20);
    const midday = meanOf(r, 10, 16);
    const night = meanOf(r, 1, 5);
    expect(morning).toBeGreaterThan(1.8 * midday);
    expect(evening).toBeGreaterThan(1.8 * midday);
    expect(midday).toBeGreaterThan(3 * night);
  });

  it('lifts get their fortnightly maintenance by day, and faults that sometimes trap passengers until rescue', () => {
    const byState = (s: string) => month.liftEpisodes.filter((e) => e.state === s);
    const maintained = new Set(byState('maintenance').map((e) => e.device));
    // Every lift has its 15-day visit at least once in 30 days, between 9 and 18 h, within 2 h.
    expect(maintained.size).toBe(S.lifts.length);
    for (const e of byState('maintenance')) {
      expect(localHour(e.from)).toBeGreaterThanOrEqual(9);
      expect(e.to - e.from).toBeLessThanOrEqual(2 * HOUR + 60_000);
    }
    // ~65 lifts × 30 days / 90 days between faults ≈ 22 faults.
    const faults = byState('fault').length;
    expect(faults).toBeGreaterThanOrEqual(8);
    expect(faults).toBeLessThanOrEqual(45);
    const trapped = byState('trapped');
    expect(trapped.length).toBeGreaterThanOrEqual(1);
    expect(trapped.length).toBeLessThan(faults);
    // Rescue within 40 min (the reports come every minute); the lift stays out of order after.
    for (const e of trapped) {
      expect(e.to - e.from).toBeLessThanOrEqual(41 * 60_000);
      const next = month.liftEpisodes.find((x) => x.device === e.device && x.from === e.to);
      if (next) expect(next.state).toBe('fault');
    }
  });

  it('water peaks in the morning and evening, gas at breakfast, lunch and dinner', () => {
    const w = month.water;
    expect(meanOf(w, 7, 9)).toBeGreaterThan(4 * meanOf(w, 2, 5));
    expect(meanOf(w, 19, 21)).toBeGreaterThan(1.3 * meanOf(w, 14, 17));
    const g = month.gas;
    for (const meal of [7, 12, 18]) {
      expect(g[meal].value, `${meal} h`).toBeGreaterThan(1.5 * meanOf(g, 14, 16));
      expect(g[meal].value, `${meal} h`).toBeGreaterThan(5 * meanOf(g, 2, 5));
    }
  });

  it('meter registers only grow, by the flow they report (m³ = m³/h × h)', () => {
    for (const [id, r] of month.register) {
      expect(r.last - r.first, id).toBeCloseTo(r.integral, 0);
    }
    // A household's water: about 0.45 m³ a day.
    const homes = S.utilityMeters.filter((m) => m.utility === 'water' && m.category === 'residential');
    const households = S.lifts.filter((l) => l.category === 'residential').reduce((n, l) => n + l.households, 0);
    const perDay = homes.reduce((n, m) => n + month.register.get(m.id)!.integral, 0) / DAYS / households;
    expect(perDay).toBeGreaterThan(0.35);
    expect(perDay).toBeLessThan(0.6);
  });

  it('bins fill in the morning and evening disposal windows and are emptied on their rounds', () => {
    const g = month.fillGain;
    expect(meanOf(g, 7, 9)).toBeGreaterThan(3 * meanOf(g, 1, 5));
    expect(meanOf(g, 18, 21)).toBeGreaterThan(3 * meanOf(g, 1, 5));
    // Between rounds the level only rises (to the sensor's per cent of noise).
    expect(month.fillDrops).toBe(0);
    expect(month.afterCollection.value).toBeLessThan(6);
    const per = (category: string) => {
      const bins = S.wasteBins.filter((b) => b.category === category);
      return bins.reduce((n, b) => n + (month.collections.get(b.id) ?? 0), 0) / bins.length / DAYS;
    };
    // Food twice a day, residual nightly, recyclables every couple of days, hazardous weekly at most.
    expect(per('food')).toBeGreaterThan(1.8);
    expect(per('food')).toBeLessThanOrEqual(2);
    expect(per('residual')).toBeGreaterThan(0.9);
    expect(per('residual')).toBeLessThanOrEqual(1);
    expect(per('recyclable')).toBeGreaterThan(0.3);
    expect(per('recyclable')).toBeLessThan(0.7);
    expect(per('hazardous')).toBeLessThanOrEqual(1 / 7 + 0.01);
    // Overflowing (over 90 % for 10 minutes) happens, but not every day at every point.
    expect(month.overflowEpisodes).toBeGreaterThanOrEqual(1);
    expect(month.overflowEpisodes).toBeLessThan(S.wasteBins.length * DAYS * 0.1);
  });

  it('fire tanks hold near their normal level and the stabilising pump saws the riser pressure; faults take them below the code', () => {
    expect(month.normalLevel.value).toBeGreaterThan(2.13);
    expect(month.normalLevel.value).toBeLessThanOrEqual(2.21);
    // Every tank's pump restarts many times a day.
    expect(month.pumpRestarts / S.fireWater.length / DAYS).toBeGreaterThan(10);
    // ~38 tanks × 30 days / 120 days: a few pump and refill faults in a month.
    expect(month.minPressure).toBeLessThan(100);
    expect(month.minLevel).toBeLessThan(1.8);
  });

  it('childcare panels stay armed around the clock, intrusions come at night, emergencies in opening hours', () => {
    expect(month.armedReports / month.panelReports).toBeGreaterThan(0.97);
    const i = month.intrusionByHour;
    expect(meanOf(i, 20, 24) + meanOf(i, 0, 6)).toBeGreaterThan(2 * (meanOf(i, 8, 18) + 1e-9));
    const e = month.emergencyByHour;
    expect(meanOf(e, 0, 6)).toBeLessThan(meanOf(e, 8, 17) + 1e-9);
  });

  it('gates pass people out at 7–9 h and back at 17–19 h, about 8,000 a weekday at a main gate, and refuse under 2 %', () => {
    const p = month.passages;
    expect(meanOf(p, 7, 9)).toBeGreaterThan(5 * meanOf(p, 1, 5));
    expect(meanOf(p, 17, 19)).toBeGreaterThan(1.5 * meanOf(p, 14, 16));
    expect(month.mainWeekday.value).toBeGreaterThan(6500);
    expect(month.mainWeekday.value).toBeLessThan(9500);
    expect(month.deniedTotal / month.passagesTotal).toBeLessThan(0.02);
    expect(month.deniedTotal).toBeGreaterThan(0);
  });
});

describe('scripted faults of service devices', () => {
  const at = START + 10 * HOUR;
  const lift = S.lifts[0].id;
  const tank = S.fireWater[0].id;
  const panel = S.childcareAlarms[0].id;
  const bin = S.wasteBins.find((b) => b.category === 'food')!.id;
  const incidents: Incident[] = [
    { kind: 'device_fault', community: C.id, device: lift, at, fault: 'trapped' },
    { kind: 'device_fault', community: C.id, device: tank, at, fault: 'pump' },
    { kind: 'device_fault', community: C.id, device: S.fireWater[1].id, at, fault: 'refill' },
    { kind: 'device_fault', community: C.id, device: panel, at, fault: 'intrusion' },
    { kind: 'device_fault', community: C.id, device: bin, at, fault: 'missed_collection' },
  ];
  const points = (() => {
    const sim = new CommunitySimulator({ communities: [C], seed: 5, start: START, incidents });
    return sim.advance(START + 40 * HOUR);
  })();
  const of = (m: string, tag: string, id: string) => points.filter((p) => p.measurement === m && p.tags[tag] === id);

  it('trap the lift\'s passengers at once, then leave it out of order until repaired', () => {
    const states = of('elevator', 'lift', lift).filter((p) => p.time >= at).map((p) => p.fields.state);
    expect(states[0]).toBe('trapped');
    expect(states).toContain('fault');
    expect(states.at(-1)).not.toBe('trapped');
  });

  it('let a failed pump\'s riser fall below 70 kPa and an open drain take the tank below 1.5 m', () => {
    const pressures = of('fire_water', 'tank', tank).filter((p) => p.time > at).map((p) => p.fields.pressure_kpa as number);
    expect(Math.min(...pressures)).toBeLessThan(70);
    const levels = of('fire_water', 'tank', S.fireWater[1].id).filter((p) => p.time > at).map((p) => p.fields.level_m as number);
    expect(Math.min(...levels)).toBeLessThan(1.5);
    // Repaired and refilled by the end (the drain is closed within 16 h; the tank refills at 0.2 m/h).
    expect(levels.at(-1)).toBeGreaterThan(2.1);
  });

  it('raise the childcare intrusion alarm and let a skipped bin overflow', () => {
    const intrusion = of('childcare_security', 'panel', panel).find((p) => p.time >= at)!;
    expect(intrusion.fields.intrusion).toBe(true);
    const fills = of('waste_bin', 'bin', bin).filter((p) => p.time > at && p.time < at + DAY).map((p) => p.fields.fill_pct as number);
    expect(Math.max(...fills)).toBeGreaterThan(90);
  });

  it('refuse a fault the device cannot have', () => {
    expect(() => new CommunitySimulator({ communities: [C], seed: 1, start: START, incidents: [{ kind: 'device_fault', community: C.id, device: lift, at, fault: 'pump' }] }))
      .toThrow(/lift fault is one of trapped, fault/);
    expect(() => new CommunitySimulator({ communities: [C], seed: 1, start: START, incidents: [{ kind: 'device_fault', community: C.id, device: 'nowhere', at, fault: 'trapped' }] }))
      .toThrow(/"nowhere" is not a lift/);
  });
});

describe('service devices are deterministic', () => {
  const run = (seed: number, steps: number[]) => {
    const sim = new CommunitySimulator({ communities: [C], seed, start: START });
    return steps.flatMap((t) => sim.advance(t)).map(formatLine);
  };
  const end = START + 6 * HOUR;

  it('give the same points for a seed however the run is stepped, other points for another seed', () => {
    const big = run(3, [end]);
    const steps: number[] = [];
    for (let t = START, i = 0; t < end; i++) steps.push((t = Math.min(end, t + [1, 61_000, 299_000, 7_777, 1_200_000][i % 5])));
    expect(run(3, steps)).toEqual(big);
    const other = new Set(run(4, [end]));
    expect(big.filter((l) => other.has(l)).length).toBeLessThan(big.length / 2);
  });
});
