/**
 * rules: cost of evaluating alert rules as data arrives, per point, with 1,000 rules, against the
 * cost of the same points through `acceptLines` alone (validation and cataloguing, the step every
 * point already pays), measured in the same run on the same batches. In-process, no server.
 *
 * Batches are the ingest benchmark's realistic line protocol (4,920 series over 20 communities,
 * ~2.6 fields per line), parsed once beforehand; timestamps are live (within the last minutes) so
 * every sample is evaluated. Rule sets:
 *   - mixed: 1,000 rules over the 20 communities (50 each) — thresholds with durations and
 *     hysteresis, rates, no-data and counts, each selecting one neighbourhood, on 7 fields;
 *   - one field: 1,000 threshold rules on pipe pressure with no selector, so every pressure
 *     sample meets all 1,000 (the worst case the index cannot narrow);
 *   - none: rules only for a community with no data (the cost of the route lookup alone).
 */
import { performance } from 'node:perf_hooks';
import { parseLineProtocol, SeriesCache, type ParsedLine } from '../../streams/line-protocol/parse.ts';
import type { AlertRule } from '../../streams/alert-rules.ts';
import { SeriesCatalog } from '../../server/catalog/series-catalog.ts';
import { acceptLines } from '../../server/ingest/point-validator.ts';
import { RuleEngine } from '../../server/alerts/rules/rule-engine.ts';
import { validateRules } from '../../server/alerts/rules/validate-rules.ts';
import { LineGenerator } from './support/line-generator.ts';
import { BENCH_COMMUNITIES, NEIGHBOURHOODS_PER_COMMUNITY, communityId, neighbourhoodId } from './support/bench-hierarchy.ts';
import { scaled } from './support/durations.ts';
import { dec, int, type BenchTable } from './support/table.ts';

const BATCH_LINES = 5000;
const RULES = 1000;
const WATCHED: [string, string, number, number][] = [
  // measurement, field, typical low, typical high (of the generator's values)
  ['pipe', 'pressure_kpa', 150, 450], ['pipe', 'flow_m3h', 0, 60], ['pipe', 'level_m', 0, 2.5],
  ['env', 'pm25_ugm3', 5, 150], ['env', 'temperature_c', 5, 38], ['energy', 'load_kw', 0.5, 80], ['parking', 'occupied', 0, 140],
];

/** 1,000 rules of every kind, 50 per community, each on one neighbourhood. */
function mixedRules(): Map<string, AlertRule[]> {
  const out = new Map<string, AlertRule[]>();
  for (let i = 0; i < RULES; i++) {
    const c = (i % BENCH_COMMUNITIES) + 1;
    const selector = { neighbourhood: neighbourhoodId(c, (Math.floor(i / BENCH_COMMUNITIES) % NEIGHBOURHOODS_PER_COMMUNITY) + 1) };
    const [measurement, field, lo, hi] = WATCHED[i % WATCHED.length];
    const base = { id: `r${i}`, name: `规则 ${i}`, severity: 'warning' as const, type: 'pipe_leak' as const, selector };
    const k = i % 10;
    const high = lo + (hi - lo) * (0.8 + (i % 7) / 50);
    const rule: AlertRule = k < 6
      ? { ...base, kind: 'threshold', measurement, field, op: '>', value: high, forSeconds: 30 * (k % 3), clearValue: high * 0.9 }
      : k < 8 ? { ...base, kind: 'rate', measurement, field, op: '>', value: (hi - lo) / 10, windowSeconds: 300 }
        : k < 9 ? { ...base, kind: 'no_data', measurement, silentSeconds: 600 }
          : { ...base, kind: 'count', measurement: 'alert', count: 3, windowSeconds: 600 };
    const list = out.get(communityId(c)) ?? [];
    list.push(rule);
    out.set(communityId(c), list);
  }
  for (const [c, rules] of out) out.set(c, validateRules(rules));
  return out;
}

/** 1,000 threshold rules on pipe pressure in every community, no selector (never breached, so only evaluation is timed). */
function oneFieldRules(): Map<string, AlertRule[]> {
  const rules = validateRules(Array.from({ length: RULES }, (_, i) => ({
    id: `p${i}`, name: `压力 ${i}`, kind: 'threshold', severity: 'major', type: 'pipe_leak', measurement: 'pipe', field: 'pressure_kpa',
    op: '<', value: 10 + i / 100, forSeconds: 30, clearValue: 20 + i / 100,
  })));
  return new Map(Array.from({ length: BENCH_COMMUNITIES }, (_, c) => [communityId(c + 1), rules]));
}

export async function runRules(log: (s: string) => void): Promise<{ table: BenchTable }> {
  const gen = new LineGenerator();
  const cache = new SeriesCache();
  const start = Date.now() - 5 * 60_000;
  // Enough batches to loop over for the measured time; each pass over all series is one second later.
  const batches: { lines: ParsedLine[]; now: number }[] = [];
  for (let i = 0; i < 60; i++) {
    const b = gen.batch(BATCH_LINES, (round, s) => start + round * 1000 + (s % 1000));
    const parsed = parseLineProtocol(b.body.toString('utf8'), { precision: 'ms', seriesCache: cache });
    batches.push({ lines: parsed.points, now: start + (i + 1) * 1000 + 1000 });
  }
  const catalog = new SeriesCatalog();
  let fired = [0, 0, 0];
  const make = (rules: Map<string, AlertRule[]>, slot: number) => {
    const e = new RuleEngine(catalog, { onFire: () => { fired[slot]++; }, silenceCheckMs: 0, now: () => start });
    for (const [c, list] of rules) e.setRules(c, list);
    return e;
  };
  const engines = [
    { name: 'mixed: 50 rules × 20 communities, one neighbourhood each', engine: make(mixedRules(), 0), ns: 0 },
    { name: 'one field: 1,000 rules on every pipe pressure sample', engine: make(oneFieldRules(), 1), ns: 0 },
    { name: 'none for these series (route lookup only)', engine: make(new Map([['c-elsewhere', mixedRules().get(communityId(1))!]]), 2), ns: 0 },
  ];
  let baselineNs = 0;
  let points = 0;
  let samples = 0;
  const measureMs = scaled(20, 2000);
  log(`rules: ${RULES} rules, ${BATCH_LINES}-line batches, ${(measureMs / 1000).toFixed(0)} s`);
  // Warm-up: the first pass creates every series, route and binding.
  for (const b of batches.slice(0, 2)) {
    const acc = acceptLines(b.lines, catalog, b.now, { maxFutureMs: 600_000 });
    for (const e of engines) e.engine.ingest(acc.samples, acc.alerts, b.now);
  }
  fired = [0, 0, 0];
  const end = performance.now() + measureMs;
  for (let i = 0; performance.now() < end; i++) {
    const b = batches[i % batches.length];
    // Later loops replay the batches later in time, so durations and windows keep moving forward.
    const shift = Math.floor(i / batches.length) * batches.length * 1000;
    if (i >= batches.length) for (const l of b.lines) l.time = (l.time ?? 0) + batches.length * 1000;
    const now = b.now + shift;
    const t0 = performance.now();
    const acc = acceptLines(b.lines, catalog, now, { maxFutureMs: 600_000 });
    const t1 = performance.now();
    baselineNs += (t1 - t0) * 1e6;
    for (const e of engines) {
      const a = performance.now();
      e.engine.ingest(acc.samples, acc.alerts, now);
      e.ns += (performance.now() - a) * 1e6;
    }
    points += acc.points;
    samples += acc.samples.size;
  }
  for (const e of engines) e.engine.close();
  const base = baselineNs / points;
  const rows = [
    ['baseline: acceptLines alone', '–', dec(base, 0), dec((baselineNs / samples), 0), '1.00×', '–', '–'],
    ...engines.map((e, i) => [
      `rules, ${e.name}`, int(i === 2 ? 0 : RULES), dec(e.ns / points, 0), dec(e.ns / samples, 0), `${dec(e.ns / points / base, 2)}×`,
      int(e.engine.bindingCount), int(fired[i]),
    ]),
  ];
  return {
    table: {
      title: `rules: alert rule evaluation per point, ${RULES.toLocaleString('en-US')} rules (in-process, same batches)`,
      columns: ['path', 'rules', 'ns/point', 'ns/sample', 'vs baseline', 'bindings', 'alerts fired'],
      rows,
      notes: [
        `${int(points)} points (${int(samples)} field samples) of live line protocol over ${gen.seriesCount.toLocaleString('en-US')} series, each path timed on the same accepted batches`,
        'a point is a line; "vs baseline" is the rule engine\'s time over acceptLines\' time for the same points',
      ],
      verdicts: [],
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { renderTable } = await import('./support/table.ts');
  const { table } = await runRules((s) => process.stderr.write(`${s}\n`));
  console.log(renderTable(table));
}
