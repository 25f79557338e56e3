/** Worker thread that owns the SQLite database; the main thread talks to it through sqlite-store.ts. */
import { parentPort, workerData } from 'node:worker_threads';
import { SqliteDb } from './sqlite-db.ts';
import type { RetentionConfig } from '../types.ts';

export type Request =
  | { id: number; op: 'open' }
  | { id: number; op: 'write'; batch: import('../types.ts').WriteBatch }
  | { id: number; op: 'query'; query: import('../types.ts').RangeQuery }
  | { id: number; op: 'latest'; series: import('../types.ts').SeriesDef[] }
  | { id: number; op: 'close' };

const { path, retention, compactEveryMs, compactAtSamples, retentionEveryMs } = workerData as {
  path: string; retention: RetentionConfig; compactEveryMs: number; compactAtSamples: number; retentionEveryMs: number;
};
const port = parentPort!;
let db: SqliteDb | undefined;
const timers: NodeJS.Timeout[] = [];

port.on('message', (req: Request) => {
  try {
    let result: unknown;
    switch (req.op) {
      case 'open':
        db = new SqliteDb(path, retention);
        result = db.series();
        timers.push(setInterval(startCompaction, compactEveryMs));
        timers.push(setInterval(() => db?.applyRetention(Date.now()), retentionEveryMs));
        db.applyRetention(Date.now());
        break;
      case 'write':
        need().write(req.batch);
        // Compact after answering, so the writer is not kept waiting for it.
        if (need().staged >= compactAtSamples) startCompaction();
        break;
      case 'query': result = need().query(req.query); break;
      case 'latest': result = need().latest(req.series); break;
      case 'close':
        timers.forEach(clearInterval);
        db?.close();
        db = undefined;
        break;
    }
    port.postMessage({ id: req.id, ok: true, result });
  } catch (e) {
    port.postMessage({ id: req.id, ok: false, error: e instanceof Error ? e.message : String(e) });
  }
});

/** Samples moved per slice: small enough that a queued write waits tens of ms, not seconds. */
const SLICE_SAMPLES = 50_000;

function startCompaction(): void {
  if (!db?.beginCompaction()) return;
  const slice = () => {
    // setImmediate between slices lets queued messages (writes, queries) run in between.
    if (db && !db.compactSlice(SLICE_SAMPLES)) setImmediate(slice);
  };
  setImmediate(slice);
}

function need(): SqliteDb {
  if (!db) throw new Error('sqlite: store is not open');
  return db;
}
