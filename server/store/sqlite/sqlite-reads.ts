/**
 * The read side of the embedded store: range queries (raw, or from the 1-minute and 1-hour
 * rollup tables) and latest values, merging what is compacted into `samples` with what is still
 * staged in memory.
 */
import type { Database as Db } from 'better-sqlite3';
import type { Aggregate, LatestValue, RangeQuery, RangeResult, SeriesDef, SeriesResult } from '../types.ts';
import { resolutionFor } from '../types.ts';
import { ROLLUPS } from './schema.ts';
import { mergeRuns, type SeriesTail } from './staged-tails.ts';

export class SqliteReads {
  /**
   * @param db the open database
   * @param staged a series' staged runs, older first (being compacted, then staged since)
   */
  constructor(private readonly db: Db, private readonly staged: (sid: number) => [SeriesTail | undefined, SeriesTail | undefined]) {}

  query(q: RangeQuery): RangeResult {
    const source = q.windowMs > 0 ? resolutionFor(q.windowMs) : 'raw';
    const series: SeriesResult[] = q.series.map((s) => {
      const rows = source === 'raw' ? this.queryRaw(s.id, q) : this.queryRollup(s.id, q, source);
      const out: SeriesResult = { id: s.id, t: new Array(rows.length), v: new Array(rows.length) };
      for (let i = 0; i < rows.length; i++) { out.t[i] = rows[i].b; out.v[i] = rows[i].v; }
      if (s.type === 'integer' && q.windowMs <= 0) this.addExact(out, q.from, q.to);
      return out;
    });
    return { series, source };
  }

  private queryRaw(sid: number, q: RangeQuery): { b: number; v: number }[] {
    const { t, v } = this.rawSamples(sid, q.from, q.to);
    if (q.windowMs <= 0) return t.map((b, i) => ({ b, v: v[i] }));
    const w = q.windowMs;
    const out: { b: number; v: number }[] = [];
    let n = 0;
    for (let i = 0; i < t.length; i++) {
      const b = t[i] - (((t[i] % w) + w) % w);
      const x = v[i];
      const cur = out[out.length - 1];
      if (!cur || cur.b !== b) { out.push({ b, v: x }); n = 1; continue; }
      n++;
      switch (q.agg) {
        case 'mean': cur.v += (x - cur.v) / n; break;
        case 'min': if (x < cur.v) cur.v = x; break;
        case 'max': if (x > cur.v) cur.v = x; break;
        case 'sum': cur.v += x; break;
        case 'last': cur.v = x; break;
      }
    }
    return out;
  }

  /**
   * Raw integers beyond ±2^53 exactly: samples_text holds their decimal text beside the float64
   * in `samples` (same series and time). Text that no longer matches the float64 (a later
   * write of that time replaced it) is left out.
   */
  private addExact(out: SeriesResult, from: number, to: number): void {
    const rows = this.db.prepare('SELECT t, s FROM samples_text WHERE sid = ? AND t >= ? AND t < ? ORDER BY t')
      .raw().all(out.id, from, to) as [number, string][];
    if (rows.length === 0) return;
    const exact = new Map<number, string>();
    let i = 0;
    for (const [t, s] of rows) {
      while (i < out.t.length && out.t[i] < t) i++;
      if (i < out.t.length && out.t[i] === t && Number(s) === out.v[i]) exact.set(i, s);
    }
    if (exact.size > 0) out.exact = exact;
  }

  /** Compacted and staged samples of a series in [from, to), time order, staged ones winning ties. */
  private rawSamples(sid: number, from: number, to: number): { t: number[]; v: number[] } {
    const rows = this.db.prepare('SELECT t, v FROM samples WHERE sid = ? AND t >= ? AND t < ? ORDER BY t')
      .raw().all(sid, from, to) as [number, number][];
    const stored = { t: rows.map((r) => r[0]), v: rows.map((r) => r[1]) };
    const empty = { t: [], v: [] };
    const [moving, staged] = this.staged(sid);
    return mergeRuns(mergeRuns(stored, moving?.range(from, to) ?? empty), staged?.range(from, to) ?? empty);
  }

  private queryRollup(sid: number, q: RangeQuery, source: '1m' | '1h'): { b: number; v: number }[] {
    const table = ROLLUPS.find((r) => r.name === source)!.table;
    const agg: Record<Aggregate, string> = {
      mean: 'sum(sum) / sum(n) AS v', min: 'min(min) AS v', max: 'max(max) AS v', sum: 'sum(sum) AS v',
      last: 'last AS v, max(last_t)',
    };
    return this.db.prepare(`SELECT (t - (t % @w)) AS b, ${agg[q.agg]} FROM ${table}
      WHERE sid = @sid AND t >= @from AND t < @to GROUP BY b ORDER BY b`)
      .all({ w: q.windowMs, sid, from: q.from, to: q.to }) as { b: number; v: number }[];
  }

  latest(series: SeriesDef[]): LatestValue[] {
    const num = this.db.prepare('SELECT t, v FROM samples WHERE sid = ? ORDER BY t DESC LIMIT 1');
    const txt = this.db.prepare('SELECT t, s AS v FROM samples_text WHERE sid = ? ORDER BY t DESC LIMIT 1');
    const out: LatestValue[] = [];
    for (const s of series) {
      const row = (s.type === 'string' ? txt : num).get(s.id) as { t: number; v: number | string } | undefined;
      let best: LatestValue | undefined = row ? { id: s.id, t: row.t, v: row.v } : undefined;
      if (s.type !== 'string') {
        // Older first: a staged sample wins over a stored one of the same time.
        for (const tail of this.staged(s.id)) {
          const k = tail ? tail.newest() : -1;
          if (tail && k >= 0 && (!best || tail.t[k] >= best.t)) best = { id: s.id, t: tail.t[k], v: tail.v[k] };
        }
      }
      if (best && s.type === 'integer' && !Number.isSafeInteger(best.v)) {
        const row = this.db.prepare('SELECT s FROM samples_text WHERE sid = ? AND t = ?').get(s.id, best.t) as { s: string } | undefined;
        if (row && Number(row.s) === best.v) best = { ...best, v: row.s };
      }
      if (best) out.push(best);
    }
    return out;
  }
}
