/**
 * The default rules raise the service families' alert types when the simulated devices fail: the
 * demo community's service devices run through the ingest path (as /write and the in-process
 * simulator do) into a rule engine holding DEFAULT_RULES, with scripted faults. Each case names
 * the fault, the rule that must fire and its alert type and severity, and when at the latest.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SeriesCatalog } from '../../server/catalog/series-catalog.ts';
import { RuleEngine, type RuleFiring } from '../../server/alerts/rules/rule-engine.ts';
import { DEFAULT_RULES } from '../../server/alerts/rules/default-rules.ts';
import { acceptLines } from '../../server/ingest/point-validator.ts';
import { PointConverter } from '../../server/simulation/points-to-lines.ts';
import { CommunitySimulator, type Incident } from '../../streams/simulator/community-simulator.ts';
import type { CommunityConfig } from '../../streams/simulator/community-config.ts';
import type { ServiceFault } from '../../streams/simulator/service-devices.ts';
import { DEMO_COMMUNITY } from '../../twin-models/demo/demo-community.ts';

const HOUR = 3_600_000;
const MIN = 60_000;
const C: CommunityConfig = { ...DEMO_COMMUNITY, buildings: [], parkingLots: [], pipeSensors: [], walkways: [], envSensors: [], alertDevices: [] };
const S = C.services;
// Tuesday 3 June 2025, 06:00 in Chongqing; faults an hour later.
const START = Date.UTC(2025, 5, 2, 22);
const AT = START + HOUR;

const CASES: { fault: ServiceFault; device: string; rule: string; type: string; severity: string; withinMin: number }[] = [
  { fault: 'trapped', device: S.lifts[0].id, rule: 'elevator-trapped', type: 'elevator_trapped', severity: 'critical', withinMin: 2 },
  { fault: 'fault', device: S.lifts[1].id, rule: 'elevator-fault', type: 'elevator_fault', severity: 'major', withinMin: 2 },
  // The pump's riser decays for hours before it passes 70 kPa; the drain takes the tank below 1.5 m in 7 h.
  { fault: 'pump', device: S.fireWater[0].id, rule: 'fire-riser-pressure-low', type: 'fire_water_low', severity: 'critical', withinMin: 10 * 60 },
  { fault: 'refill', device: S.fireWater[1].id, rule: 'fire-tank-low', type: 'fire_water_low', severity: 'critical', withinMin: 8 * 60 },
  { fault: 'intrusion', device: S.childcareAlarms[0].id, rule: 'childcare-intrusion', type: 'childcare_intrusion', severity: 'critical', withinMin: 2 },
  { fault: 'emergency', device: S.childcareAlarms[1].id, rule: 'childcare-emergency', type: 'childcare_emergency', severity: 'critical', withinMin: 2 },
  { fault: 'disarmed', device: S.childcareAlarms[0].id, rule: 'childcare-disarmed', type: 'childcare_disarmed', severity: 'major', withinMin: 12 },
  // A food bin skipped by its 09:30 round overflows before the evening's.
  { fault: 'missed_collection', device: S.wasteBins.find((b) => b.category === 'food' && b.dailyFillPct > 110)!.id, rule: 'waste-bin-full', type: 'waste_overflow', severity: 'warning', withinMin: 15 * 60 },
];

const fired: RuleFiring[] = [];
let engine: RuleEngine;

beforeAll(() => {
  const incidents: Incident[] = CASES.map((c) => ({ kind: 'device_fault', community: C.id, device: c.device, at: AT, fault: c.fault }));
  const sim = new CommunitySimulator({ communities: [C], seed: 11, start: START, incidents });
  const catalog = new SeriesCatalog();
  let clock = START;
  engine = new RuleEngine(catalog, { onFire: (f) => fired.push(f), now: () => clock, silenceCheckMs: 0 });
  engine.setRules(C.id, DEFAULT_RULES);
  const converter = new PointConverter();
  // Five simulated minutes at a time, judged as they arrive.
  for (let t = START + 5 * MIN; t <= START + 18 * HOUR; t += 5 * MIN) {
    clock = t;
    const accepted = acceptLines(converter.convert(sim.advance(t)), catalog, t, { maxFutureMs: 60_000 });
    expect(accepted.errors).toEqual([]);
    engine.ingest(accepted.samples, accepted.alerts, t);
    engine.checkSilence();
  }
});
afterAll(() => engine?.close());

describe('default rules on simulated service faults', () => {
  it.each(CASES)('$fault of $device raises $type ($severity) by rule $rule', (c) => {
    const f = fired.find((x) => x.rule.id === c.rule && x.device === c.device);
    expect(f, `${c.rule} on ${c.device}; fired: ${[...new Set(fired.map((x) => `${x.rule.id}/${x.device}`))].join(', ')}`).toBeDefined();
    expect(f!.rule.type).toBe(c.type);
    expect(f!.rule.severity).toBe(c.severity);
    expect(f!.time).toBeGreaterThanOrEqual(AT);
    expect(f!.time - AT).toBeLessThanOrEqual(c.withinMin * MIN);
    // The alert is placed on the device (the family's device tag), with its family named.
    expect(f!.neighbourhood).toBe([...S.lifts, ...S.fireWater, ...S.childcareAlarms, ...S.wasteBins].find((d) => d.id === c.device)!.neighbourhood);
    expect(f!.location).toContain(c.device);
  });

  it('raises only the service families\' alert types, and no silence: every device keeps reporting', () => {
    const types = new Set(fired.map((f) => f.rule.type));
    expect([...types].filter((t) => !CASES.some((c) => c.type === t))).toEqual([]);
    expect(fired.filter((f) => f.rule.kind === 'no_data')).toEqual([]);
  });
});
