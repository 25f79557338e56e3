import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DiskSpool, SpoolFullError, type SpoolRecord } from '../../server/ingest/disk-spool.ts';
import { seriesKey } from '../../streams/line-protocol/format.ts';

let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'spool-')); });
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const tags = { community: 'c-a', neighbourhood: 'n-a1', sensor: '一号 阀门' };
const rec = (n: number, base = 0): SpoolRecord => ({
  series: [
    { id: 7, key: seriesKey('pipe', tags), measurement: 'pipe', tags, field: 'pressure_kpa', type: 'float' },
    { id: 8, key: seriesKey('pipe', tags), measurement: 'pipe', tags, field: 'status', type: 'string' },
  ],
  sid: new Uint32Array(n).fill(7),
  t: Float64Array.from({ length: n }, (_, i) => 1.7e12 + base + i),
  v: Float64Array.from({ length: n }, (_, i) => base + i + 0.5),
  text: { sid: [8], t: [1.7e12 + base], s: ['leak "东" \\'] },
});

describe('disk spool', () => {
  it('gives records back in order, exactly, and survives a restart', async () => {
    const a = new DiskSpool(dir);
    await a.append(rec(3, 0));
    await a.append(rec(2, 100));
    expect(a.spooledPoints).toBe(3 + 1 + 2 + 1);
    const b = new DiskSpool(dir); // a restarted server
    expect(b.spooledPoints).toBe(7);
    const first = await b.peek();
    expect([...first!.v]).toEqual([0.5, 1.5, 2.5]);
    expect(first!.text.s).toEqual(['leak "东" \\']);
    expect(first!.series[0].tags.sensor).toBe('一号 阀门');
    await b.shift();
    expect([...(await b.peek())!.t]).toEqual([1.7e12 + 100, 1.7e12 + 101]);
    await b.shift();
    expect(b.isEmpty).toBe(true);
    expect(b.spooledBytes).toBe(0);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses a record that would pass its byte limit, keeping what it holds', async () => {
    const s = new DiskSpool(dir, 4000);
    await s.append(rec(10));
    await expect(s.append(rec(1000))).rejects.toThrow(SpoolFullError);
    await expect(s.append(rec(1000))).rejects.toThrow(/^spool: full \(\d+ of 4000 bytes used\)/);
    expect(s.spooledPoints).toBe(11);
    expect([...(await s.peek())!.v].length).toBe(10);
  });
});
