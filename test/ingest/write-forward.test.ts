/**
 * With the InfluxDB store, a `POST /write` body whose every line is accepted as sent goes to
 * influxd as the sender's own bytes (its precision kept), not formatted again; so does each
 * 4,000-line slice of a large body that is. What needs the product's own handling (a refused
 * line, a line without timestamp, times finer than a millisecond) is formatted as before. Either
 * way influxd ends up holding what the product read. A recording proxy between the product and a
 * real influxd shows what was sent.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { InfluxStore } from '../../server/store/influx/influx-store.ts';
import { parseJsonExact } from '../../server/store/influx/exact-json.ts';
import { startInfluxd, type InfluxdHandle } from '../support/influxd.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

const DATABASE = 'twin_forward';
let influxd: InfluxdHandle;
let proxy: Server;
let app: TestApp;
/** Every `/write` influxd received through the proxy: its query and body. */
let writes: { query: URLSearchParams; body: string }[] = [];

beforeAll(async () => {
  influxd = await startInfluxd();
  proxy = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const url = new URL(req.url ?? '/', 'http://proxy');
      if (url.pathname === '/write') writes.push({ query: url.searchParams, body: body.toString('utf8') });
      fetch(`${influxd.url}${req.url}`, { method: req.method, headers: { 'content-type': req.headers['content-type'] ?? 'text/plain' }, body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body })
        .then(async (answer) => {
          res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'text/plain' });
          res.end(Buffer.from(await answer.arrayBuffer()));
        })
        .catch((e: Error) => { res.writeHead(502); res.end(e.message); });
    });
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  const { port } = proxy.address() as AddressInfo;
  app = await startTestApp({ store: new InfluxStore({ url: `http://127.0.0.1:${port}`, database: DATABASE }) });
}, 60_000);
afterAll(async () => {
  await app?.stop();
  await new Promise<void>((r) => (proxy ? proxy.close(() => r()) : r()));
  await influxd?.dispose();
});
beforeEach(() => { writes = []; });

/** influxd's own reading of a measurement in the raw policy: [time ms, field values...] rows by column. */
async function stored(measurement: string): Promise<Record<string, unknown>[]> {
  const res = await fetch(`${influxd.url}/query`, { method: 'POST', body: new URLSearchParams({ q: `SELECT * FROM "raw"."${measurement}"`, db: DATABASE, epoch: 'ms' }) });
  const answer = parseJsonExact(await res.text()) as { results: { series?: { columns: string[]; values: unknown[][] }[] }[] };
  const series = answer.results[0].series?.[0];
  return series ? series.values.map((row) => Object.fromEntries(series.columns.map((c, i) => [c, row[i]]))) : [];
}

async function write(body: string, query: string): Promise<void> {
  expect(await app.write(body, query)).toEqual({ status: 204, error: undefined });
  await app.writer.flush();
}

const t0 = Math.floor(Date.now() / 1000) - 3600;

describe('a body accepted as sent', () => {
  it('reaches influxd byte for byte, with its precision', async () => {
    // Spellings influxd reads as the product does: unsorted tags, an escaped space, T for true, 1.50, a long int64, a CRLF-free quoted newline.
    const body = [
      `fwd_whole,z=1,a=x\\ y on=T,f=1.50,big=9223372036854775807i,s="two\nlines" ${t0}`,
      `fwd_whole,a=x\\ y,z=1 f=2 ${t0 + 1}`,
      '# a comment',
      '',
    ].join('\n');
    await write(body, 'precision=s');
    expect(writes.map((w) => [w.body, w.query.get('precision'), w.query.get('rp')])).toEqual([[body, 's', 'raw']]);
    expect(await stored('fwd_whole')).toEqual([
      { time: t0 * 1000, a: 'x y', z: '1', on: true, f: 1.5, big: '9223372036854775807', s: 'two\nlines' },
      { time: (t0 + 1) * 1000, a: 'x y', z: '1', on: null, f: 2, big: null, s: null },
    ]);
    const q = await app.get(`/api/query?measurement=fwd_whole&window=raw&from=${t0 * 1000}&to=${(t0 + 2) * 1000}`);
    const f = q.body.series.find((s: { field: string }) => s.field === 'f');
    expect(f).toMatchObject({ t: [t0 * 1000, (t0 + 1) * 1000], v: [1.5, 2] });
  });

  it('a large body: each slice accepted as sent is forwarded as is, the slice with a refused line is formatted', async () => {
    const lines = Array.from({ length: 9000 }, (_, i) => `fwd_large,n=${i % 7} v=${i}i ${(t0 * 1000) + i}`);
    lines[4500] = 'fwd_large,n=1 v= 1';
    const body = lines.join('\n');
    expect((await app.write(body, 'precision=ms')).status).toBe(400);
    await app.writer.flush();
    // Lines 1–4,000 and 8,001–9,000 as they came (each slice's line breaks with it); 4,001–8,000
    // (with the bad line 4,501) formatted by the product, which writes these lines as they were.
    const good = (from: number, to: number) => lines.slice(from, to).filter((_, i) => from + i !== 4500);
    expect(writes.map((w) => w.body)).toEqual([`${good(0, 4000).join('\n')}\n`, good(4000, 8000).join('\n'), good(8000, 9000).join('\n')]);
    expect(writes.every((w) => w.query.get('precision') === 'ms')).toBe(true);
    const rows = await stored('fwd_large');
    expect(rows).toHaveLength(8999);
    expect(rows.map((r) => r.v)).toEqual(Array.from({ length: 9000 }, (_, i) => i).filter((i) => i !== 4500));
  });
});

describe('a body the product handles itself', () => {
  it('formats the good lines when one is refused', async () => {
    const body = `fwd_partial v=1i ${t0}\nfwd_partial v=2i ${t0 + 1}\nfwd_partial v=3i 99999999999`;
    expect((await app.write(body, 'precision=s')).status).toBe(400);
    await app.writer.flush();
    expect(writes.map((w) => w.body)).not.toContain(body);
    expect(writes.every((w) => w.query.get('precision') === 'ms')).toBe(true);
    expect((await stored('fwd_partial')).map((r) => [r.time, r.v])).toEqual([[t0 * 1000, 1], [(t0 + 1) * 1000, 2]]);
  });

  it('formats a body with a line without timestamp (stamped by the product, not by influxd)', async () => {
    const before = Date.now();
    await write('fwd_untimed v=1', 'precision=ms');
    expect(writes.map((w) => w.body)).not.toContain('fwd_untimed v=1');
    const [row] = await stored('fwd_untimed');
    expect(row.time).toBeGreaterThanOrEqual(before);
    const latest = await app.get('/api/latest?measurement=fwd_untimed');
    expect(latest.body.series[0].t).toBe(row.time);
  });

  it('formats a body in nanoseconds: influxd keeps the millisecond the product keeps', async () => {
    const ns = `${t0}123456789`;
    await write(`fwd_ns v=1 ${ns}`, '');
    expect(writes.map((w) => w.body)).not.toContain(`fwd_ns v=1 ${ns}`);
    expect((await stored('fwd_ns')).map((r) => r.time)).toEqual([t0 * 1000 + 123]);
  });
});

it('the InfluxDB store writes a batch in its order: a sample formatted after a forwarded stretch wins over it', async () => {
  const store = new InfluxStore({ url: influxd.url, database: DATABASE });
  try {
    await store.open();
    const def = { id: 900_001, key: 'fwd_order,k=a', measurement: 'fwd_order', tags: Object.assign(Object.create(null), { k: 'a' }), field: 'v', type: 'float' as const };
    const t = t0 * 1000;
    // Samples 0–1 are the sender's text (v=1 at t, v=2 at t+1); sample 2 replaces the value at t.
    await store.write({
      newSeries: [def],
      samples: { sid: Uint32Array.of(def.id, def.id, def.id), t: Float64Array.of(t, t + 1, t), v: Float64Array.of(1, 2, 3) },
      text: { sid: [], t: [], s: [] },
      lineProtocol: [{ body: `fwd_order,k=a v=1 ${t}\nfwd_order,k=a v=2 ${t + 1}`, precision: 'ms', num: 0, numEnd: 2, text: 0, textEnd: 0 }],
    });
    expect((await stored('fwd_order')).map((r) => [r.time, r.v])).toEqual([[t, 3], [t + 1, 2]]);
  } finally {
    await store.close();
  }
});
