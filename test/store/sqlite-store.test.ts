import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteStore } from '../../server/store/sqlite/sqlite-store.ts';
import { DEFAULT_RETENTION } from '../../server/store/types.ts';
import { storeContract, def, batch } from './store-contract.ts';

const retention = { ...DEFAULT_RETENTION, rawMs: 40 * 86_400_000 };

// Twice: samples still staged in memory, and samples compacted after every write.
for (const [name, compactAtSamples] of [['sqlite, staged', 1e9], ['sqlite, compacted', 1]] as const) {
storeContract(name, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sqlite-contract-'));
  const path = join(dir, 'store.sqlite');
  const stores: SqliteStore[] = [];
  const make = () => { const s = new SqliteStore({ path, retention, compactAtSamples }); stores.push(s); return s; };
  return {
    store: make(),
    reopen: async () => make(),
    cleanup: async () => {
      for (const s of stores) await s.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
}

describe('sqlite store specifics', () => {
  it('keeps acknowledged samples through a crash before compaction, without counting them twice in rollups', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sqlite-crash-'));
    const path = join(dir, 'c.sqlite');
    const s1 = def(1, 'energy', { community: 'c', neighbourhood: 'n', building: 'crash' }, 'load_kw');
    const hour = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3_600_000;
    const first = new SqliteStore({ path, retention });
    await first.open();
    await first.write(batch([s1], [[s1, hour, 1], [s1, hour + 1000, 2]]));
    // A query merges the rollups of what is staged; the crash comes after it.
    expect((await first.query({ series: [s1], from: hour, to: hour + 3_600_000, windowMs: 3_600_000, agg: 'sum' })).series[0].v).toEqual([3]);
    await first.write(batch([], [[s1, hour + 2000, 4]]));
    await first.worker!.terminate(); // a crash: nothing is compacted or closed
    await first.close(); // only stops the supervisor from starting another worker
    const second = new SqliteStore({ path, retention });
    await second.open();
    const raw = await second.query({ series: [s1], from: hour, to: hour + 3_600_000, windowMs: 0, agg: 'mean' });
    expect(raw.series[0].v).toEqual([1, 2, 4]);
    const hourly = await second.query({ series: [s1], from: hour, to: hour + 3_600_000, windowMs: 3_600_000, agg: 'sum' });
    expect(hourly.series[0].v).toEqual([7]);
    await second.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the rollups of writes staged after a compaction emptied the staging table, through a crash', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sqlite-crash-'));
    const path = join(dir, 'c.sqlite');
    const s1 = def(1, 'energy', { community: 'c', neighbourhood: 'n', building: 'crash' }, 'load_kw');
    const hour = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3_600_000;
    // Two staged samples start a compaction; one does not.
    const first = new SqliteStore({ path, retention, compactAtSamples: 2 });
    await first.open();
    await first.write(batch([s1], [[s1, hour, 1], [s1, hour + 1000, 2]]));
    await new Promise((r) => setTimeout(r, 200)); // compacted: the staging table is empty
    await first.write(batch([], [[s1, hour + 2000, 4]]));
    await first.worker!.terminate();
    await first.close();
    const second = new SqliteStore({ path, retention });
    await second.open();
    const hourly = await second.query({ series: [s1], from: hour, to: hour + 3_600_000, windowMs: 3_600_000, agg: 'sum' });
    expect(hourly.series[0].v).toEqual([7]);
    await second.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('retention deletes raw samples older than rawMs but keeps their rollups', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sqlite-retention-'));
    const path = join(dir, 'r.sqlite');
    const day = 86_400_000;
    const now = Date.now();
    const s1 = def(1, 'energy', { community: 'c', neighbourhood: 'n', building: 'old' }, 'load_kw');
    let store = new SqliteStore({ path, retention: { ...DEFAULT_RETENTION, rawMs: 40 * day } });
    await store.open();
    const tOld = Math.floor((now - 10 * day) / 3_600_000) * 3_600_000;
    await store.write(batch([s1], [[s1, tOld, 5], [s1, tOld + 60_000, 7], [s1, now - 1000, 9]]));
    await store.close();
    // Reopen with a 2-day raw retention: opening applies it.
    store = new SqliteStore({ path, retention: { ...DEFAULT_RETENTION, rawMs: 2 * day } });
    await store.open();
    const raw = await store.query({ series: [s1], from: now - 20 * day, to: now, windowMs: 0, agg: 'mean' });
    expect(raw.series[0].v).toEqual([9]);
    const hourly = await store.query({ series: [s1], from: tOld, to: tOld + 3_600_000, windowMs: 3_600_000, agg: 'mean' });
    expect(hourly.source).toBe('1h');
    expect(hourly.series[0].v).toEqual([6]);
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
