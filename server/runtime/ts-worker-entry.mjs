// Worker threads do not inherit the main thread's TypeScript loader on Node 20; this plain-JS
// entry registers tsx in the worker, then loads the TypeScript module named in workerData.
import { register } from 'tsx/esm/api';

import { workerData } from 'node:worker_threads';

register();
await import(workerData.__module);
