/**
 * A body larger than one slice of the reading (4,000 lines; server/ingest/line-ingest.ts reads it
 * in slices so live delivery gets turns between them) gets the answer one read would give: every
 * good line kept, bad ones named by their line number, a type conflict across slices refusing it all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';

let app: TestApp;
beforeAll(async () => { app = await startTestApp(); });
afterAll(async () => { await app?.stop(); });

const now = () => Date.now();
const E = 'energy,community=c-a,neighbourhood=n-a1,building=b-1,meter=m-1,category=residential';

async function latest(q: string) {
  const r = await app.get(`/api/latest?${q}`);
  return r.body.series as { tags: Record<string, string>; field: string; t: number; v: number | string }[];
}

describe('POST /write: a body larger than one slice (4,000 lines) reads as one batch', () => {
  const line = (i: number, field = `load_kw=${i}`) => `energy,community=c-a,neighbourhood=n-a1,building=big-${i % 50},meter=big-m-${i % 50},category=residential ${field} ${now() - 60_000 + i}`;

  it('keeps every good line of 10,000 and names the bad ones by their line number', async () => {
    const lines = Array.from({ length: 10_000 }, (_, i) => line(i));
    lines[4_500] = `${E} load_kw=oops`;
    lines[9_001] = 'energy,community=c-a';
    const r = await app.write(lines.join('\n'), 'precision=ms');
    expect(r.status).toBe(400);
    expect(r.error).toMatch(/^partial write: 9998 points written, 2 lines rejected: line 4501: .*invalid value of field "load_kw"[\s\S]*\nline 9002: .*missing fields/);
    const stored = await latest('measurement=energy&field=load_kw&tag.building=big-49');
    expect(stored[0].v).toBe(9_999);
  });

  it('refuses the whole body when a new field has two types in lines of different slices, as InfluxDB does', async () => {
    const lines = Array.from({ length: 9_000 }, (_, i) => line(i, `load_kw=${i},slice_probe=${i === 8_500 ? '1i' : '1.5'}`));
    const r = await app.write(lines.join('\n'), 'precision=ms');
    expect(r.status).toBe(400);
    expect(r.error).toMatch(/^line 1: field type conflict: input field "slice_probe" on measurement "energy" is new and this batch gives it types float and integer, so the whole batch is refused/);
    // No series of it was made.
    expect((await app.get('/api/series?measurement=energy&field=slice_probe')).body.series ?? []).toEqual([]);
  });
});
