/**
 * Worker thread that owns the SQLite database; the main thread talks to it through sqlite-store.ts
 * (messages in worker-protocol.ts). Every request is answered, with the failure classified so the
 * main thread knows whether to spool a write (`unavailable`) or quarantine it (`refused`).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { SqliteDb } from './sqlite-db.ts';
import type { RetentionRun } from './retention.ts';
import { StoreRefusedError } from '../types.ts';
import { isStorageFailure } from './sqlite-errors.ts';
import type { FailureKind, Request, WorkerConfig, WorkerMessage } from './worker-protocol.ts';

const config = workerData as WorkerConfig;
const port = parentPort!;
const post = (m: WorkerMessage, transfer: ArrayBuffer[] = []): void => port.postMessage(m, transfer);
let db: SqliteDb | undefined;
const timers: NodeJS.Timeout[] = [];

/** Samples moved per slice: small enough that a queued write waits tens of ms, not seconds. */
const SLICE_SAMPLES = 50_000;
/** Time per retention slice, ms; and how long the retention run at open may hold up the answer. */
const RETENTION_SLICE_MS = 50;
const RETENTION_AT_OPEN_MS = 2000;

port.on('message', (req: Request) => {
  try {
    let result: unknown;
    switch (req.op) {
      case 'open': result = open(req.check); break;
      case 'write':
        need().write(req.batch);
        // Compact after answering, so the writer is not kept waiting for it.
        if (need().staged >= config.compactAtSamples) setImmediate(compactNow);
        break;
      case 'query': result = need().query(req.query); break;
      case 'latest': result = need().latest(req.series); break;
      case 'heartbeat': break;
      case 'close':
        timers.forEach(clearInterval);
        db?.close();
        db = undefined;
        break;
      case 'test-hang':
        if (!config.testHooks) throw new Error('sqlite: test-hang is only accepted with test hooks enabled');
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, req.ms);
        break;
    }
    post({ id: req.id, ok: true, result });
  } catch (e) {
    post({ id: req.id, ok: false, error: e instanceof Error ? e.message : String(e), kind: failureKind(e, req.op) });
  }
});

function failureKind(e: unknown, op: Request['op']): FailureKind {
  if (e instanceof StoreRefusedError) return 'refused';
  if (isStorageFailure(e)) return 'unavailable';
  // Whatever else goes wrong in a write is isolated to its batch.
  return op === 'write' ? 'refused' : 'failed';
}

function open(check: boolean): unknown {
  db = new SqliteDb(config.path, config.retention, {
    check,
    onRefused: (rows, reason) => post({ event: 'refused', rows, reason }),
  });
  for (const message of db.warnings) post({ event: 'warning', message });
  timers.push(setInterval(compactNow, config.compactEveryMs));
  timers.push(setInterval(() => startRetention(0), config.retentionEveryMs));
  timers.push(setInterval(checkpoint, config.checkpointEveryMs));
  startRetention(RETENTION_AT_OPEN_MS);
  return db.series();
}

function need(): SqliteDb {
  if (!db) throw new Error('sqlite: store is not open');
  return db;
}

let compactionRunning = false;

/** Begin (or resume, after a storage failure) a compaction and run it in slices between messages. */
function compactNow(): void {
  if (compactionRunning || !db || (!db.compactionPending && !db.beginCompaction())) return;
  compactionRunning = true;
  const slice = (): void => {
    try {
      // setImmediate between slices lets queued messages (writes, queries) run in between.
      if (db && !db.compactSlice(SLICE_SAMPLES)) { setImmediate(slice); return; }
    } catch (e) {
      // The database cannot be written now (disk full, I/O): nothing changed; the next tick resumes.
      console.warn(`sqlite: compaction of ${config.path} paused: ${(e as Error).message}`);
    }
    compactionRunning = false;
  };
  setImmediate(slice);
}

let retention: RetentionRun | undefined;

function startRetention(syncBudgetMs: number): void {
  if (!db || retention) return;
  const run = (retention = db.retentionRun(Date.now()));
  const step = (budget: number): void => {
    try {
      if (db && !run.slice(budget)) { setImmediate(() => step(RETENTION_SLICE_MS)); return; }
    } catch (e) {
      console.warn(`sqlite: retention of ${config.path} stopped: ${(e as Error).message}`);
    }
    retention = undefined;
  };
  if (syncBudgetMs > 0) step(syncBudgetMs);
  else setImmediate(() => step(RETENTION_SLICE_MS));
}

function checkpoint(): void {
  try {
    db?.checkpoint('PASSIVE');
  } catch (e) {
    console.warn(`sqlite: checkpoint of ${config.path} failed: ${(e as Error).message}`);
  }
}
