/**
 * Line protocol as InfluxDB 1.x reads it: every case of line-protocol-cases.ts is sent to a real
 * influxd (a database of its own) and to the product (`POST /write`, embedded store), and the two
 * must agree on the answer of each request (2xx, 4xx) and on what they stored: measurements,
 * tags, field keys and types, values and times. A partial write shows as a 4xx with points.
 *
 * Where the product differs on purpose, the case is in line-protocol-allowed.ts with the row of
 * the table in docs/api.md ("Where /write differs from InfluxDB") that says why; such a case must
 * still differ, so an entry that no longer applies is noticed.
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInfluxd, type InfluxdHandle } from '../support/influxd.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { LP_CASES, type LpCase } from './line-protocol-cases.ts';
import { ALLOWED_DIFFERENCES } from './line-protocol-allowed.ts';
import { answerClass, influxOutcome, influxQuery, productOutcome, productSeries, type Outcome, type ProductSeries } from './differential-readback.ts';

/** Cases in flight at once: enough to hide round trips, few enough for a loaded 2-core machine. */
const CONCURRENCY = 6;

let influxd: InfluxdHandle;
let app: TestApp;
const influxSide = new Map<string, Outcome>();
const productSide = new Map<string, Outcome>();
let unclaimed: ProductSeries[] = [];

const dbOf = (i: number) => `lp_${i}`;
const prefixOf = (i: number) => `d${i}_`;

/**
 * The body with each line's measurement prefixed (after leading white space), so cases do not
 * meet in the product's single catalog. Lines that are blank, comments, or start with `,` or `=`
 * are left alone: a prefix would give them the measurement they lack.
 */
function renamed(body: string, prefix: string): string {
  return body.split('\n').map((line) => {
    const m = /^[ \t]*/.exec(line)![0].length;
    const c = line[m];
    if (c === undefined || c === '#' || c === ',' || c === '=' || c === '\r') return line;
    return line.slice(0, m) + prefix + line.slice(m);
  }).join('\n');
}

const query = (c: LpCase) => (c.precision === undefined ? '' : `precision=${encodeURIComponent(c.precision)}`);

async function runCase(c: LpCase, i: number): Promise<void> {
  const bodies = c.prefix ? c.bodies.map((b) => renamed(b, prefixOf(i))) : c.bodies;
  const influx: string[] = [];
  const product: string[] = [];
  for (const body of bodies) {
    const q = query(c);
    const [a, b] = await Promise.all([
      fetch(`${influxd.url}/write?db=${dbOf(i)}${q ? `&${q}` : ''}`, { method: 'POST', body }).then(async (r) => { await r.arrayBuffer(); return r.status; }),
      app.write(body, q).then((r) => r.status),
    ]);
    influx.push(answerClass(a));
    product.push(answerClass(b));
  }
  influxSide.set(c.id, { status: influx, ...(await influxOutcome(influxd.url, dbOf(i), c.precision)) });
  productSide.set(c.id, { status: product, fields: [], points: [] });
}

async function pool<T>(items: T[], n: number, fn: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    while (next < items.length) { const i = next++; await fn(items[i], i); }
  }));
}

beforeAll(async () => {
  [influxd, app] = await Promise.all([
    startInfluxd(),
    // Retention far beyond the cases' times (1970 and earlier), so none is deleted before it is read.
    startTestApp({ config: { retention: { rawMs: 1e16, minuteMs: 1e16, hourMs: 1e16 } } }),
  ]);
  await influxQuery(influxd.url, '', LP_CASES.map((_, i) => `CREATE DATABASE ${dbOf(i)}`).join('; '));
  await pool(LP_CASES, CONCURRENCY, runCase);
  // The product's series, each given to the case that wrote it: by prefix, or by the measurements influxd stored for it.
  const all = await productSeries(app);
  const owners = new Map<string, string>();
  LP_CASES.forEach((c, i) => {
    if (!c.prefix) for (const p of influxSide.get(c.id)!.fields) owners.set(p.slice(0, p.lastIndexOf(' ')), c.id);
  });
  const byCase = new Map<string, ProductSeries[]>();
  for (const s of all) {
    const m = /^d(\d+)_/.exec(s.measurement);
    const owner = m && LP_CASES[Number(m[1])]?.prefix ? LP_CASES[Number(m[1])].id : owners.get(s.measurement);
    if (owner === undefined) { unclaimed.push(s); continue; }
    byCase.set(owner, [...(byCase.get(owner) ?? []), s]);
  }
  await pool([...byCase], CONCURRENCY, async ([id, series]) => {
    const c = LP_CASES.find((x) => x.id === id)!;
    Object.assign(productSide.get(id)!, await productOutcome(app, series, c.precision));
  });
}, 240_000);

afterAll(async () => {
  const agree = LP_CASES.filter((c) => JSON.stringify(influxSide.get(c.id)) === JSON.stringify(productSide.get(c.id))).length;
  // LP_DIFF_OUT=<file> keeps both sides of every disagreeing case, for working through them.
  if (process.env.LP_DIFF_OUT) {
    const diff = LP_CASES.filter((c) => JSON.stringify(influxSide.get(c.id)) !== JSON.stringify(productSide.get(c.id)))
      .map((c) => ({ id: c.id, bodies: c.bodies, precision: c.precision, influxd: influxSide.get(c.id), product: productSide.get(c.id) }));
    writeFileSync(process.env.LP_DIFF_OUT, JSON.stringify(diff, null, 1));
  }
  console.log(`line protocol differential: ${agree} of ${LP_CASES.length} cases agree with influxd (${Object.keys(ALLOWED_DIFFERENCES).length} differ on purpose)`);
  await app?.stop();
  await influxd?.dispose();
});

describe('POST /write reads line protocol as influxd 1.x does', () => {
  it('has at least 300 cases, with unique ids', () => {
    expect(LP_CASES.length).toBeGreaterThanOrEqual(300);
    expect(new Set(LP_CASES.map((c) => c.id)).size).toBe(LP_CASES.length);
    for (const id of Object.keys(ALLOWED_DIFFERENCES)) expect(LP_CASES.some((c) => c.id === id), `allow-list entry ${id} names no case`).toBe(true);
  });

  it('stores nothing no case accounts for', () => {
    expect(unclaimed.map((s) => `${s.measurement} ${s.field}`)).toEqual([]);
  });

  for (const c of LP_CASES) {
    const why = ALLOWED_DIFFERENCES[c.id];
    it(`${c.id}${why ? ` (differs on purpose: ${why})` : ''}`, () => {
      const ours = productSide.get(c.id);
      const theirs = influxSide.get(c.id);
      if (why) expect(ours, `${c.id} now agrees with influxd: remove it from line-protocol-allowed.ts`).not.toEqual(theirs);
      else expect(ours, JSON.stringify(c.bodies)).toEqual(theirs);
    });
  }
});
