/**
 * parse-micro: the line protocol parser alone, in process, over the ingest benchmark's batches:
 * `npx tsx test/bench/parse-micro.ts [rounds]` prints ms per 5,000-line batch (best of 5 passes), the parse
 * only and the parse with the validator (acceptLines into a catalog), for comparing parser changes.
 */
import { performance } from 'node:perf_hooks';
import { parseLineProtocol, SeriesCache } from '../../streams/line-protocol/parse.ts';
import { acceptLines } from '../../server/ingest/point-validator.ts';
import { SeriesCatalog } from '../../server/catalog/series-catalog.ts';
import { historyBatches, BATCH_LINES } from './ingest.ts';

const rounds = Number(process.argv[2] ?? 40);
const source = historyBatches();
const bodies = Array.from({ length: rounds }, () => source.next().body.toString('utf8'));
const cache = new SeriesCache();
const catalog = new SeriesCatalog();
const now = Date.now();

function pass(validate: boolean): number {
  const t0 = performance.now();
  for (const body of bodies) {
    const r = parseLineProtocol(body, { precision: 'ms', seriesCache: cache });
    if (r.errors.length) throw new Error(r.errors[0].message);
    if (validate) acceptLines(r.points, catalog, now, { maxFutureMs: 600_000 });
  }
  return (performance.now() - t0) / bodies.length;
}

for (const validate of [false, true]) {
  let best = Infinity;
  for (let i = 0; i < 6; i++) best = Math.min(best, pass(validate));
  console.log(`${validate ? 'parse + acceptLines' : 'parse only'}: ${best.toFixed(2)} ms per ${BATCH_LINES}-line batch (${((best * 1e6) / BATCH_LINES).toFixed(0)} ns a line)`);
}
