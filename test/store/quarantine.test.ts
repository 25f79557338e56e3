/** The quarantine on disk: bounded by count and bytes, oldest first; its counts and last reason survive a restart. */
import { mkdtempSync, readdirSync, rmSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { Quarantine } from '../../server/store/quarantine.ts';
import { encodeRecord } from '../../server/store/sample-record.ts';
import type { SampleRecord } from '../../server/store/types.ts';
import { startTestApp } from '../support/test-app.ts';
import { eventually } from '../support/eventually.ts';
import { seriesKey } from '../../streams/line-protocol/format.ts';

let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'quarantine-')); });
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const tags = { community: 'c-a', neighbourhood: 'n-a1', walkway: 'w1', sensor: 'q' };
const rec = (n: number, v = 1): SampleRecord => ({
  series: [{ id: 7, key: seriesKey('env', tags), measurement: 'env', tags, field: 'noise_db', type: 'float' }],
  sid: new Uint32Array(n).fill(7),
  t: Float64Array.from({ length: n }, (_, i) => Date.now() - 60_000 + i),
  v: new Float64Array(n).fill(v),
  text: { sid: [], t: [], s: [] },
});

it('keeps at most maxRecords and maxBytes, dropping the oldest, and reloads its counts', () => {
  const q = new Quarantine(dir, { maxRecords: 3, maxBytes: 1_000_000 });
  for (let i = 0; i < 5; i++) q.add(rec(2, i), `reason ${i}`, 1_700_000_000_000 + i);
  expect(q.stats).toMatchObject({ records: 3, points: 6, dropped: 2, lastReason: 'reason 4', lastAt: 1_700_000_000_004 });
  expect(readdirSync(dir).sort()).toEqual(['000000000002-2.json', '000000000003-2.json', '000000000004-2.json']);

  const small = new Quarantine(dir, { maxRecords: 100, maxBytes: 1500 });
  expect(small.stats).toMatchObject({ records: 3, points: 6, lastReason: 'reason 4' });
  small.add(rec(40), 'big');
  // The newest is kept even when it alone passes the byte limit.
  expect(small.stats).toMatchObject({ records: 1, points: 40, lastReason: 'big' });
});

it('a spool file that cannot be read back is set aside, and the spool behind it drains', { timeout: 30_000 }, async () => {
  const spool = join(dir, 'spool-sqlite');
  mkdirSync(spool, { recursive: true });
  writeFileSync(join(spool, '000000000000-3.spool'), '{"series": [ cut short');
  writeFileSync(join(spool, '000000000001-2.spool'), encodeRecord(rec(2, 55)));
  const app = await startTestApp({ config: { dataDir: dir }, writer: { retryEveryMs: 100 } });
  try {
    await eventually(async () => app.writer.health, (h) => h.spooledPoints === 0 && h.reachable, 10_000, 'the spool to drain');
    expect(existsSync(join(spool, '000000000000-3.spool.damaged'))).toBe(true);
    const latest = await app.get('/api/latest?measurement=env&tag.sensor=q');
    expect(latest.body.series).toEqual([expect.objectContaining({ v: 55 })]);
    expect((await app.get('/api/health')).body.reason).toMatch(/^a spool file could not be read back at .*: spool: .*000000000000-3\.spool cannot be read back .*; set aside as .*\.damaged$/);
  } finally {
    await app.stop();
  }
});
