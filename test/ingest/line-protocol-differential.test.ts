/**
 * Line protocol as InfluxDB 1.x reads it: every case of line-protocol-cases.ts is sent to a real
 * influxd (a database of its own) and to the product (`POST /write`, embedded store), and the two
 * must agree on the answer of each request (2xx, 4xx) and on what they stored: measurements,
 * tags, field keys and types, values and times. A partial write shows as a 4xx with points.
 *
 * Where the product differs on purpose, the case is in line-protocol-allowed.ts with the row of
 * the table in docs/api.md ("Where /write differs from InfluxDB") that says why; such a case must
 * still differ, so an entry that no longer applies is noticed. Where a setting makes the product
 * read as influxd does, a second server with those settings must agree on the row's cases.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInfluxd, type InfluxdHandle } from '../support/influxd.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { LP_CASES, type LpCase } from './line-protocol-cases.ts';
import { ALLOWED_DIFFERENCES, DIFFERENCE_ROWS, type DifferenceRow } from './line-protocol-allowed.ts';
import { answerClass, influxOutcome, influxQuery, productOutcome, productSeries, type Outcome, type ProductSeries } from './differential-readback.ts';

/** Cases in flight at once: enough to hide round trips, few enough for a loaded 2-core machine. */
const CONCURRENCY = 6;

let influxd: InfluxdHandle;
/** The product as shipped, and one with every setting of the differences table as InfluxDB does it. */
let app: TestApp;
let asInfluxdb: TestApp;
const influxSide = new Map<string, Outcome>();
const productSide = new Map<string, Outcome>();
const settingSide = new Map<string, Outcome>();
const unclaimed: ProductSeries[] = [];

const dbOf = (i: number) => `lp_${i}`;
const prefixOf = (i: number) => `d${i}_`;
const rowOf = (c: LpCase): DifferenceRow | undefined => {
  const row = ALLOWED_DIFFERENCES[c.id];
  return row === undefined ? undefined : DIFFERENCE_ROWS[row];
};
/** Cases a setting makes agree: run again on `asInfluxdb`. */
const settable = LP_CASES.filter((c) => rowOf(c)?.asInfluxdb);

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
const bodiesOf = (c: LpCase) => (c.prefix ? c.bodies.map((b) => renamed(b, prefixOf(LP_CASES.indexOf(c)))) : c.bodies);

/** Send a case's bodies, one after another, to influxd (its own database) or to a product server. */
async function send(c: LpCase, to: TestApp | 'influxd'): Promise<string[]> {
  const status: string[] = [];
  const q = query(c);
  for (const body of bodiesOf(c)) {
    if (to === 'influxd') {
      const r = await fetch(`${influxd.url}/write?db=${dbOf(LP_CASES.indexOf(c))}${q ? `&${q}` : ''}`, { method: 'POST', body });
      await r.arrayBuffer();
      status.push(answerClass(r.status));
    } else {
      status.push(answerClass((await to.write(body, q)).status));
    }
  }
  return status;
}

async function pool<T>(items: T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    while (next < items.length) await fn(items[next++]);
  }));
}

/**
 * What a product server stored for each case: its series given to the case that wrote them, by
 * prefix or by the measurements influxd stored for it. Series no case claims go to `orphans`.
 */
async function readProduct(server: TestApp, cases: LpCase[], statuses: Map<string, string[]>, into: Map<string, Outcome>, orphans: ProductSeries[]): Promise<void> {
  const owners = new Map<string, string>();
  for (const c of cases) {
    if (!c.prefix) for (const f of influxSide.get(c.id)!.fields) owners.set(f.slice(0, f.lastIndexOf(' ')), c.id);
  }
  const byCase = new Map<string, ProductSeries[]>(cases.map((c) => [c.id, []]));
  for (const s of await productSeries(server)) {
    const m = /^d(\d+)_/.exec(s.measurement);
    const owner = m && LP_CASES[Number(m[1])]?.prefix ? LP_CASES[Number(m[1])].id : owners.get(s.measurement);
    const list = owner === undefined ? undefined : byCase.get(owner);
    if (list) list.push(s); else orphans.push(s);
  }
  await pool(cases, CONCURRENCY, async (c) => {
    into.set(c.id, { status: statuses.get(c.id)!, ...(await productOutcome(server, byCase.get(c.id)!, c.precision)) });
  });
}

beforeAll(async () => {
  const settings = Object.assign({}, ...Object.values(DIFFERENCE_ROWS).map((r: DifferenceRow) => r.asInfluxdb ?? {}));
  // Retention far beyond the cases' times (1970 and earlier), so none is deleted before it is read.
  const retention = { rawMs: 1e16, minuteMs: 1e16, hourMs: 1e16 };
  [influxd, app, asInfluxdb] = await Promise.all([
    startInfluxd(),
    startTestApp({ config: { retention } }),
    startTestApp({ config: { retention }, env: settings }),
  ]);
  await influxQuery(influxd.url, '', LP_CASES.map((_, i) => `CREATE DATABASE ${dbOf(i)}`).join('; '));
  const productStatus = new Map<string, string[]>();
  const settingStatus = new Map<string, string[]>();
  await pool(LP_CASES, CONCURRENCY, async (c) => {
    const [theirs, ours] = await Promise.all([send(c, 'influxd'), send(c, app)]);
    productStatus.set(c.id, ours);
    influxSide.set(c.id, { status: theirs, ...(await influxOutcome(influxd.url, dbOf(LP_CASES.indexOf(c)), c.precision)) });
  });
  await pool(settable, CONCURRENCY, async (c) => { settingStatus.set(c.id, await send(c, asInfluxdb)); });
  await readProduct(app, LP_CASES, productStatus, productSide, unclaimed);
  await readProduct(asInfluxdb, settable, settingStatus, settingSide, []);
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
  await Promise.all([app?.stop(), asInfluxdb?.stop()]);
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

  it('lists every row of the allow-list in the table of docs/api.md', () => {
    const doc = readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8');
    for (const row of Object.values(DIFFERENCE_ROWS)) expect(doc, row.title).toContain(`| ${row.title} |`);
  });

  for (const c of LP_CASES) {
    const row = rowOf(c);
    it(`${c.id}${row ? ` (differs on purpose: ${row.title})` : ''}`, () => {
      const ours = productSide.get(c.id);
      const theirs = influxSide.get(c.id);
      if (row) expect(ours, `${c.id} now agrees with influxd: remove it from line-protocol-allowed.ts`).not.toEqual(theirs);
      else expect(ours, JSON.stringify(c.bodies)).toEqual(theirs);
    });
  }
});

describe('with the settings of the differences table as InfluxDB does it, those cases agree too', () => {
  for (const c of settable) {
    it(`${c.id} (${Object.entries(rowOf(c)!.asInfluxdb!).map(([k, v]) => `${k}=${v}`).join(' ')})`, () => {
      expect(settingSide.get(c.id), JSON.stringify(c.bodies)).toEqual(influxSide.get(c.id));
    });
  }
});
