import { Worker, type WorkerOptions } from 'node:worker_threads';

/** Starts a worker thread running a TypeScript module (a file URL), under the main process's tsx loader. */
export function startTsWorker(module: URL, options: WorkerOptions & { workerData?: Record<string, unknown> } = {}): Worker {
  return new Worker(new URL('./ts-worker-entry.mjs', import.meta.url), {
    ...options,
    workerData: { ...options.workerData, __module: module.href },
  });
}
