/**
 * What `InfluxStore.open()` sets up in the database: three retention policies and two continuous
 * queries that downsample every measurement.
 *
 * - `raw` (DEFAULT): the samples as written, kept `retention.rawMs`.
 * - `rp_1m`, `rp_1h`: per series, per bucket and per field f of the raw data, the fields
 *   `sum_f`, `count_f`, `min_f`, `max_f`, `last_f` (InfluxQL names wildcard aggregates that way).
 *   A window's mean is sum(sum_f) / sum(count_f), exact however many buckets it spans.
 *   Strings get count/last, booleans count/min/max/last (InfluxQL cannot sum them).
 *
 * Both CQs read the raw RP. Cascading rp_1m → rp_1h with wildcards would name the hourly fields
 * `sum_sum_f`, `sum_count_f`, ...; reading raw keeps one naming scheme, and the raw RP always
 * holds the last hour (InfluxDB's shortest retention is 1 h). A CQ only ever rolls up the interval
 * that just ended: data written earlier than that (backfill, or before open()) is not rolled up.
 */
import type { RetentionConfig } from '../types.ts';
import { check, type InfluxHttp } from './influx-http.ts';
import { hoursLiteral, ident } from './influxql.ts';

export const RAW_RP = 'raw';
export const ROLLUP_RPS = { '1m': 'rp_1m', '1h': 'rp_1h' } as const;

/** Names of the continuous queries, per rollup resolution. */
export const CQ_NAMES = { '1m': 'twin_rollup_1m', '1h': 'twin_rollup_1h' } as const;

/** The SELECT ... INTO of one rollup (without the CQ wrapper), for `GROUP BY time(<every>)`. */
export function rollupSelect(database: string, resolution: '1m' | '1h', where = ''): string {
  const db = ident(database);
  return `SELECT sum(*), count(*), min(*), max(*), last(*) INTO ${db}.${ident(ROLLUP_RPS[resolution])}.:MEASUREMENT ` +
    `FROM ${db}.${ident(RAW_RP)}./.*/ ${where ? `WHERE ${where} ` : ''}GROUP BY time(${resolution}), *`;
}

function cqStatement(database: string, resolution: '1m' | '1h'): string {
  return `CREATE CONTINUOUS QUERY ${ident(CQ_NAMES[resolution])} ON ${ident(database)} BEGIN ${rollupSelect(database, resolution)} END`;
}

/** Create (or bring up to date) the database, retention policies and continuous queries. Idempotent. */
export async function ensureSchema(http: InfluxHttp, database: string, retention: RetentionConfig): Promise<void> {
  const db = ident(database);
  check((await http.query([`CREATE DATABASE ${db}`], 'create database', { admin: true }))[0], 'create database');

  const [shown] = await http.query([`SHOW RETENTION POLICIES ON ${db}`], 'show retention policies', { admin: true });
  const existing = new Set((check(shown, 'show retention policies').series?.[0]?.values ?? []).map((row) => String(row[0])));
  const wanted: [string, number, boolean][] = [
    [RAW_RP, retention.rawMs, true],
    [ROLLUP_RPS['1m'], retention.minuteMs, false],
    [ROLLUP_RPS['1h'], retention.hourMs, false],
  ];
  const rpStatements = wanted.map(([name, ms, isDefault]) => {
    const verb = existing.has(name) ? 'ALTER' : 'CREATE';
    return `${verb} RETENTION POLICY ${ident(name)} ON ${db} DURATION ${hoursLiteral(ms)} REPLICATION 1${isDefault ? ' DEFAULT' : ''}`;
  });
  (await http.query(rpStatements, 'retention policies', { admin: true })).forEach((r) => check(r, 'retention policies'));

  for (const resolution of ['1m', '1h'] as const) {
    const create = cqStatement(database, resolution);
    const [res] = await http.query([create], 'continuous query', { admin: true });
    // Creating an identical CQ is a no-op; a CQ of that name with another definition is replaced.
    if (res.error && /already exists/.test(res.error)) {
      const again = await http.query([`DROP CONTINUOUS QUERY ${ident(CQ_NAMES[resolution])} ON ${db}`, create], 'continuous query', { admin: true });
      again.forEach((r) => check(r, 'continuous query'));
    } else {
      check(res, 'continuous query');
    }
  }
}
