/**
 * What a user of the cockpit would notice in the simulated data: one simulated month of the demo
 * community in June (the wet season), one week in October (mild, so load shapes are not hidden
 * by air conditioning) and a few scripted incidents. Long runs are advanced an hour at a time
 * and reduced to statistics as they go.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { CommunitySimulator } from '../../streams/simulator/community-simulator.ts';
import { DEMO_COMMUNITY } from '../../twin-models/demo/demo-community.ts';
import { sunTimes } from '../../streams/simulator/profiles.ts';
import { CHINA_OFFSET_MS, chinaDay, chinaHour, isChinaWeekend } from '../../streams/china-time.ts';
import { ALERT_TYPES } from '../../streams/alerts.ts';
import type { PointInput } from '../../streams/line-protocol/format.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const C = DEMO_COMMUNITY;
/** Local midnight (UTC+8) of a date. */
const local = (y: number, m: number, d: number, h = 0) => Date.UTC(y, m - 1, d, h) - CHINA_OFFSET_MS;

function simulate(start: number, hours: number, seed: number, visit: (p: PointInput, sim: CommunitySimulator) => void) {
  const sim = new CommunitySimulator({ communities: [C], seed, start });
  for (let h = 1; h <= hours; h++) for (const p of sim.advance(start + h * HOUR)) visit(p, sim);
  return sim;
}

const num = (v: unknown) => (typeof v === 'object' && v !== null ? (v as { int: number }).int : (v as number));

class Mean {
  sum = 0;
  n = 0;
  add(x: number) { this.sum += x; this.n++; }
  get value() { return this.sum / this.n; }
}
const hourly = () => Array.from({ length: 24 }, () => new Mean());

// ── One June month ──────────────────────────────────────────────────────────────────────────────
const JUNE = local(2025, 6, 1);
const MONTH_DAYS = 30;

interface Leak { sensor: string; start: number; afterWarning: boolean; alertAt?: number }

const month = {
  points: 0,
  alerts: [] as PointInput[],
  pvByHour: hourly(),
  pvNight: 0,
  pvNoonByDay: new Map<number, Mean>(),
  lastKwh: new Map<string, number>(),
  kwhDecreases: 0,
  drainRain: new Mean(),
  drainDry: new Mean(),
  // Water supply: per sensor and local hour, readings in normal operation and during leaks.
  normal: new Map<string, { p: Mean[]; q: Mean[] }>(),
  leakDelta: { p: new Mean(), q: new Mean() },
  leakTicks: [] as { sensor: string; hour: number; p: number; q: number }[],
  leaks: [] as Leak[],
  status: new Map<string, string>(),
  badTags: 0,
  cloud: new Map<number, number>(),
};

const nbIds = new Set(C.neighbourhoods.map((n) => n.id));

beforeAll(() => {
  const sim = simulate(JUNE, MONTH_DAYS * 24, 2025, (p, s) => {
    month.points++;
    if (p.tags.community !== C.id || !nbIds.has(p.tags.neighbourhood)) month.badTags++;
    const h = chinaHour(p.time);
    switch (p.measurement) {
      case 'alert':
        month.alerts.push(p);
        if (p.tags.type === 'pipe_leak') {
          const leak = month.leaks.findLast((l) => l.sensor === p.tags.device);
          if (leak && leak.alertAt === undefined) leak.alertAt = p.time;
        }
        break;
      case 'energy': {
        const pv = num(p.fields.pv_kw);
        const b = C.buildings.find((x) => x.id === p.tags.building)!;
        if (b.pvKwp > 0) {
          month.pvByHour[Math.floor(h)].add(pv / b.pvKwp);
          if (h >= 11.5 && h < 14.5) {
            const d = chinaDay(p.time);
            if (!month.pvNoonByDay.has(d)) month.pvNoonByDay.set(d, new Mean());
            month.pvNoonByDay.get(d)!.add(pv / b.pvKwp);
            month.cloud.set(d, s.weather.cloudiness(p.time));
          }
        }
        const { sunrise, sunset } = sunTimes(p.time);
        if (h < sunrise - 0.1 || h > sunset + 0.1) month.pvNight += pv;
        const kwh = num(p.fields.energy_kwh);
        const last = month.lastKwh.get(p.tags.meter);
        if (last !== undefined && kwh < last) month.kwhDecreases++;
        month.lastKwh.set(p.tags.meter, kwh);
        break;
      }
      case 'pipe': {
        const sensor = p.tags.sensor;
        const status = p.fields.status as string;
        if (p.tags.network === 'drainage') {
          const rain = s.weather.rainMmH(p.time);
          if (rain > 5) month.drainRain.add(num(p.fields.level_m));
          else if (rain === 0) month.drainDry.add(num(p.fields.level_m));
        } else if (p.tags.network === 'water_supply') {
          const hr = Math.floor(h);
          if (!month.normal.has(sensor)) month.normal.set(sensor, { p: hourly(), q: hourly() });
          if (status === 'normal') {
            month.normal.get(sensor)!.p[hr].add(num(p.fields.pressure_kpa));
            month.normal.get(sensor)!.q[hr].add(num(p.fields.flow_m3h));
          } else if (status === 'leak') {
            month.leakTicks.push({ sensor, hour: hr, p: num(p.fields.pressure_kpa), q: num(p.fields.flow_m3h) });
            if (month.status.get(sensor) !== 'leak') {
              month.leaks.push({ sensor, start: p.time, afterWarning: month.status.get(sensor) === 'warning' });
            }
          }
          month.status.set(sensor, status);
        }
        break;
      }
    }
  });
  // Leak readings against the same sensor's normal readings at the same hour of day.
  for (const t of month.leakTicks) {
    const n = month.normal.get(t.sensor)!;
    month.leakDelta.p.add(t.p - n.p[t.hour].value);
    month.leakDelta.q.add(t.q - n.q[t.hour].value);
  }
  expect(sim.now).toBe(JUNE + MONTH_DAYS * DAY);
}, 60_000);

describe('a simulated June month of 鹅岭社区', () => {
  it('tags every point with the community and one of its neighbourhoods', () => {
    expect(month.points).toBeGreaterThan(5_000_000);
    expect(month.badTags).toBe(0);
  });

  it('raises a plausible number of alerts, of every type', () => {
    const perDay = month.alerts.length / MONTH_DAYS;
    expect(perDay).toBeGreaterThanOrEqual(0.5);
    expect(perDay).toBeLessThanOrEqual(20);
    const types = new Set(month.alerts.map((a) => a.tags.type));
    for (const t of ALERT_TYPES) expect(types, t).toContain(t);
    for (const a of month.alerts) {
      expect(a.fields.location).toMatch(/[\u4e00-\u9fff]/);
      expect(a.fields.message).toMatch(/[\u4e00-\u9fff]/);
      expect(Number.isFinite(a.fields.value)).toBe(true);
    }
  });

  it('sees perimeter intrusions mostly at night and emergency buttons rarely', () => {
    const intrusions = month.alerts.filter((a) => a.tags.type === 'perimeter_intrusion');
    const atNight = intrusions.filter((a) => { const h = chinaHour(a.time); return h >= 20 || h < 6; });
    expect(atNight.length / intrusions.length).toBeGreaterThan(0.6);
    const buttons = month.alerts.filter((a) => a.tags.type === 'emergency_button').length;
    expect(buttons).toBeLessThan(intrusions.length);
  });

  it('produces no PV at night, peaks around midday, and less on cloudy days', () => {
    expect(month.pvNight).toBe(0);
    const means = month.pvByHour.map((m) => m.value);
    const peak = means.indexOf(Math.max(...means));
    expect(peak).toBeGreaterThanOrEqual(11);
    expect(peak).toBeLessThanOrEqual(14);
    expect(means[3]).toBe(0);
    expect(means[23]).toBe(0);
    const days = [...month.pvNoonByDay].map(([d, m]) => ({ cloud: month.cloud.get(d)!, pv: m.value }));
    const clear = days.filter((d) => d.cloud < 0.35);
    const cloudy = days.filter((d) => d.cloud > 0.6);
    expect(clear.length).toBeGreaterThan(0);
    expect(cloudy.length).toBeGreaterThan(0);
    const avg = (xs: { pv: number }[]) => xs.reduce((s, x) => s + x.pv, 0) / xs.length;
    expect(avg(cloudy)).toBeLessThan(0.75 * avg(clear));
  });

  it('keeps every meter\'s cumulative energy monotonic', () => {
    expect(month.lastKwh.size).toBe(C.buildings.length);
    expect(month.kwhDecreases).toBe(0);
  });

  it('raises drainage levels when it rains', () => {
    expect(month.drainRain.n).toBeGreaterThan(0);
    expect(month.drainRain.value).toBeGreaterThan(month.drainDry.value + 0.05);
  });

  it('shows leaks as falling pressure and rising flow, warning then leak, with a pipe_leak alert', () => {
    expect(month.leaks.length).toBeGreaterThan(0);
    for (const leak of month.leaks) {
      expect(leak.afterWarning).toBe(true);
      expect(leak.alertAt).toBe(leak.start);
    }
    expect(month.leakDelta.p.value).toBeLessThan(-30);
    expect(month.leakDelta.q.value).toBeGreaterThan(5);
  });
});

// ── One October week: daily shapes ──────────────────────────────────────────────────────────────
const OCT = local(2025, 10, 13); // Monday 13 October 2025

const week = {
  load: { weekday: hourly(), weekend: hourly() },
  lots: new Map<string, { at2: Mean; at10: Mean }>(),
  space: new Map<string, boolean>(),
  lotMismatches: 0,
  lotChecks: 0,
};

beforeAll(() => {
  const kinds = new Map(C.parkingLots.map((l) => [l.id, l.kind]));
  simulate(OCT, 7 * 24, 99, (p) => {
    const h = chinaHour(p.time);
    if (p.measurement === 'energy' && p.tags.category === 'residential') {
      (isChinaWeekend(p.time) ? week.load.weekend : week.load.weekday)[Math.floor(h)].add(num(p.fields.load_kw));
    } else if (p.measurement === 'parking_space') {
      week.space.set(p.tags.space, p.fields.occupied as boolean);
    } else if (p.measurement === 'parking') {
      const lot = p.tags.lot;
      const kind = kinds.get(lot)!;
      if (!week.lots.has(kind)) week.lots.set(kind, { at2: new Mean(), at10: new Mean() });
      const share = num(p.fields.occupied) / num(p.fields.capacity);
      if (!isChinaWeekend(p.time) && h >= 2 && h < 2.5) week.lots.get(kind)!.at2.add(share);
      if (!isChinaWeekend(p.time) && h >= 10 && h < 10.5) week.lots.get(kind)!.at10.add(share);
      // Once every space has reported, the lot count equals the spaces' latest states.
      if (p.time > OCT + 10 * 60_000) {
        const spaces = C.parkingLots.find((l) => l.id === lot)!.spaces;
        const occupied = spaces.filter((s) => week.space.get(s)).length;
        week.lotChecks++;
        if (occupied !== num(p.fields.occupied)) week.lotMismatches++;
      }
    }
  });
}, 30_000);

describe('a simulated October week of 鹅岭社区', () => {
  it('gives residential weekday load a morning and a larger evening peak over a lower night', () => {
    const m = week.load.weekday.map((x) => x.value);
    const morning = Math.max(...m.slice(6, 10));
    const evening = Math.max(...m.slice(18, 23));
    const night = Math.min(...m.slice(1, 5));
    const midday = Math.min(...m.slice(10, 16));
    expect(evening).toBeGreaterThan(1.15 * morning);
    expect(morning).toBeGreaterThan(1.1 * midday);
    expect(night).toBeLessThan(0.6 * morning);
    expect(night).toBeLessThan(midday);
  });

  it('has a later, lower morning peak at weekends', () => {
    const wd = week.load.weekday.map((x) => x.value);
    const we = week.load.weekend.map((x) => x.value);
    const peakHour = (xs: number[]) => 5 + xs.slice(5, 12).indexOf(Math.max(...xs.slice(5, 12)));
    expect(peakHour(we)).toBeGreaterThan(peakHour(wd));
    expect(Math.max(...we.slice(5, 12))).toBeLessThan(Math.max(...wd.slice(5, 12)));
    expect(we[8]).toBeLessThan(wd[8]);
  });

  it('fills residential lots at night and public lots by day', () => {
    for (const kind of ['residential', 'underground'] as const) {
      const l = week.lots.get(kind)!;
      expect(l.at2.value, kind).toBeGreaterThan(l.at10.value + 0.2);
    }
    const pub = week.lots.get('public')!;
    expect(pub.at10.value).toBeGreaterThan(pub.at2.value + 0.4);
  });

  it('keeps lot counts consistent with the parking spaces', () => {
    expect(week.lotChecks).toBeGreaterThan(1000);
    expect(week.lotMismatches).toBe(0);
  });
});

// ── Scripted incidents (the demo's staged events) ───────────────────────────────────────────────
describe('scripted incidents', () => {
  it('a leak on ws-2 at 03:00 shows warning, then leak with a pipe_leak alert, then repair', () => {
    const start = local(2025, 10, 14);
    const at = start + 3 * HOUR;
    const seen: { t: number; status: string; p: number; q: number }[] = [];
    const alerts: PointInput[] = [];
    const sim = new CommunitySimulator({ communities: [C], seed: 5, start, incidents: [{ kind: 'leak', community: C.id, sensor: 'ws-2', at }] });
    for (let h = 1; h <= 12; h++) {
      for (const p of sim.advance(start + h * HOUR)) {
        if (p.measurement === 'pipe' && p.tags.sensor === 'ws-2') seen.push({ t: p.time, status: p.fields.status as string, p: num(p.fields.pressure_kpa), q: num(p.fields.flow_m3h) });
        if (p.measurement === 'alert' && p.tags.device === 'ws-2') alerts.push(p);
      }
    }
    const firstWarning = seen.findIndex((s) => s.status === 'warning');
    const firstLeak = seen.findIndex((s) => s.status === 'leak');
    expect(seen[firstWarning].t).toBeGreaterThanOrEqual(at);
    expect(seen[firstWarning].t).toBeLessThan(at + 10_000 + 1);
    expect(firstLeak).toBeGreaterThan(firstWarning);
    const before = seen.filter((s) => s.t > at - 30 * 60_000 && s.t < at);
    const during = seen.slice(firstLeak + 30, firstLeak + 90);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(during.map((s) => s.p))).toBeLessThan(mean(before.map((s) => s.p)) - 40);
    expect(mean(during.map((s) => s.q))).toBeGreaterThan(mean(before.map((s) => s.q)) * 1.3);
    expect(alerts.filter((a) => a.tags.type === 'pipe_leak')).toHaveLength(1);
    expect(alerts[0].time).toBe(seen[firstLeak].t);
    expect(['major', 'critical']).toContain(alerts[0].tags.severity);
    expect(seen.at(-1)!.status).toBe('normal'); // repaired within hours
  });

  it('a storm floods the low-lying drain and raises a waterlogging alert; a scripted alert arrives on time', () => {
    const start = local(2025, 10, 14);
    const sim = new CommunitySimulator({
      communities: [C], seed: 5, start,
      incidents: [
        { kind: 'storm', at: start + 2 * HOUR, durationMin: 90, peakMmH: 60 },
        { kind: 'alert', community: C.id, device: 'smk-3', at: start + 5 * HOUR, severity: 'critical', message: '演练：党群服务中心 二楼 火警' },
      ],
    });
    let maxLevel = 0;
    const alerts: PointInput[] = [];
    for (let h = 1; h <= 6; h++) {
      for (const p of sim.advance(start + h * HOUR)) {
        if (p.measurement === 'pipe' && p.tags.sensor === 'dr-1') maxLevel = Math.max(maxLevel, num(p.fields.level_m));
        if (p.measurement === 'alert') alerts.push(p);
      }
    }
    expect(maxLevel).toBeGreaterThan(C.pipeSensors.find((s) => s.id === 'dr-1')!.alertLevelM!);
    expect(alerts.some((a) => a.tags.type === 'waterlogging' && a.tags.device === 'dr-1')).toBe(true);
    const drill = alerts.find((a) => a.tags.device === 'smk-3' && a.time === start + 5 * HOUR);
    expect(drill?.tags).toMatchObject({ type: 'fire', severity: 'critical', neighbourhood: C.alertDevices.find((d) => d.id === 'smk-3')!.neighbourhood });
    expect(drill?.fields.message).toBe('演练：党群服务中心 二楼 火警');
    expect(() => new CommunitySimulator({ communities: [C], seed: 1, start, incidents: [{ kind: 'leak', community: C.id, sensor: 'dr-1', at: start }] })).toThrow(/dr-1/);
  });
});
