/**
 * The InfluxDB 1.x HTTP API (`/write`, `/query`, `/ping`) over the `influx` package's request pool,
 * with its retry machinery turned off so that an unreachable server fails fast and the caller
 * (the store writer's spool) decides when to retry:
 *
 * - `maxRetries: 0`: by default the pool resubmits a failed request twice;
 * - a constant backoff of 0 ms: by default a failed host is taken out of the pool for 300 ms up to
 *   10 s, and every request in that time fails at once with "No host available", even after the
 *   server is back;
 * - `requestTimeout`: the socket idle timeout (default 30 s), which also bounds connecting.
 *
 * Network failures, timeouts and 5xx answers become `StoreUnavailableError`; 4xx answers and
 * statement errors become `Error('influxdb: ...')` carrying InfluxDB's own message. A write that
 * InfluxDB answers 400 or 413 is `StoreRefusedError` (this batch is at fault: a field type
 * conflict, points beyond retention); 401, 403 and 404 (credentials, a database dropped) are
 * `StoreUnavailableError`, since no batch would get in: spool and retry until someone fixes it.
 */
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { Pool, RequestError, ServiceNotAvailableError } from 'influx/lib/src/pool.js';
import { ConstantBackoff } from 'influx/lib/src/backoff/constant.js';
import { StoreRefusedError, StoreUnavailableError, type WholeMsPrecision } from '../types.ts';
import { parseJsonExact } from './exact-json.ts';

/** Error codes of a server that cannot be reached (or stopped answering). */
const NETWORK_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'EHOSTUNREACH', 'EHOSTDOWN',
  'ENETUNREACH', 'ENETDOWN', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'ABORT_ERR', 'ERR_STREAM_PREMATURE_CLOSE',
]);

export interface InfluxHttpOptions {
  url: string;
  database: string;
  username?: string;
  password?: string;
  /** Socket idle timeout of writes, pings and schema statements, ms. */
  timeoutMs: number;
  /** Socket idle timeout of SELECTs (a month of raw data takes a while), ms. */
  queryTimeoutMs: number;
}

/** One statement's answer in `/query` JSON. */
export interface InfluxSeries {
  name?: string;
  tags?: Record<string, string>;
  columns: string[];
  values: unknown[][] | null;
  /** Set when the server's `[http] max-row-limit` cut the series short. */
  partial?: boolean;
}
export interface StatementResult {
  statement_id?: number;
  series?: InfluxSeries[];
  error?: string;
  partial?: boolean;
}

export class InfluxHttp {
  private readonly pool: Pool;
  private readonly queryPool: Pool;
  private readonly agent: HttpAgent;
  private readonly auth: string | undefined;

  constructor(private readonly opts: InfluxHttpOptions) {
    let url: URL;
    try {
      url = new URL(opts.url);
    } catch {
      throw new Error(`influxdb: ${JSON.stringify(opts.url)} is not a URL (expected e.g. http://127.0.0.1:8086)`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new Error(`influxdb: INFLUX_URL must be http:// or https://, got ${opts.url}`);
    }
    this.agent = url.protocol === 'https:' ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
    const base = opts.url.replace(/\/+$/, '');
    const make = (requestTimeout: number): Pool => {
      const pool = new Pool({ maxRetries: 0, requestTimeout, backoff: new ConstantBackoff({ delay: 0, jitter: 0 }) });
      pool.addHost(base, { agent: this.agent });
      return pool;
    };
    this.pool = make(opts.timeoutMs);
    this.queryPool = make(opts.queryTimeoutMs);
    this.auth = opts.username !== undefined ? `${opts.username}:${opts.password ?? ''}` : undefined;
  }

  /** POST line protocol (times in ms unless `precision` says otherwise) into a retention policy. */
  async write(body: string, retentionPolicy: string, precision: WholeMsPrecision = 'ms'): Promise<void> {
    try {
      await this.pool.discard({
        method: 'POST',
        path: '/write',
        query: { db: this.opts.database, rp: retentionPolicy, precision },
        body,
        auth: this.auth,
        headers: { 'Content-Type': 'text/plain; charset=utf-8' },
      });
    } catch (e) {
      throw translateWrite(e);
    }
  }

  /**
   * Run `;`-separated statements in one request (POST, times as epoch ms); returns one result per
   * statement. Statement errors are returned, not thrown: use `check` on each result.
   */
  async query(statements: string[], what: string, opts: { admin?: boolean } = {}): Promise<StatementResult[]> {
    let res: { results?: StatementResult[]; error?: string };
    try {
      // Read keeping every digit: int64 field values beyond ±2^53 come back as decimal text.
      res = parseJsonExact(await (opts.admin ? this.pool : this.queryPool).text({
        method: 'POST',
        path: '/query',
        body: new URLSearchParams({ db: this.opts.database, q: statements.join(';\n'), epoch: 'ms' }).toString(),
        auth: this.auth,
      })) as typeof res;
    } catch (e) {
      throw translate(e, what);
    }
    if (res.error) throw new Error(`influxdb: ${what}: ${res.error}`);
    const results = res.results ?? [];
    if (results.length !== statements.length) {
      // InfluxDB stops at the first statement it cannot parse and answers for the ones before it.
      const err = results.find((r) => r.error)?.error ?? `expected ${statements.length} results, got ${results.length}`;
      throw new Error(`influxdb: ${what}: ${err}`);
    }
    return results;
  }

  /** Resolves on 204 from `/ping`; rejects with StoreUnavailableError after `timeoutMs` at the latest. */
  async ping(): Promise<void> {
    try {
      await this.pool.discard({ method: 'GET', path: '/ping', auth: this.auth, signal: AbortSignal.timeout(this.opts.timeoutMs) });
    } catch (e) {
      throw translate(e, 'ping');
    }
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Throw a statement's error as `influxdb: what: message`, and refuse results the server truncated. */
export function check(result: StatementResult, what: string): StatementResult {
  if (result.error) throw new Error(`influxdb: ${what}: ${result.error}`);
  if (result.partial || result.series?.some((s) => s.partial)) {
    throw new Error(`influxdb: ${what}: the server truncated the result ([http] max-row-limit); query a shorter range or a wider window, or set max-row-limit = 0`);
  }
  return result;
}

/** Map a pool error to StoreUnavailableError (cannot reach) or Error (InfluxDB said no). */
export function translate(e: unknown, what: string): Error {
  if (e instanceof RequestError) {
    // Not chained as `cause`: RequestError holds the whole request and response objects.
    return new Error(`influxdb: ${what}: ${e.res.statusCode} ${serverMessage(e.message)}`);
  }
  const err = e instanceof Error ? e : new Error(String(e));
  const code = (err as NodeJS.ErrnoException).code;
  if (e instanceof ServiceNotAvailableError || (code !== undefined && NETWORK_CODES.has(code)) || err.name === 'AbortError' || err.name === 'TimeoutError') {
    const detail = e instanceof ServiceNotAvailableError ? err.message || 'server error' : `${code ?? err.name}${err.message ? ` ${err.message}` : ''}`;
    return new StoreUnavailableError(`influxdb: ${what}: server unavailable (${detail})`, { cause: e });
  }
  return new Error(`influxdb: ${what}: ${err.message}`, { cause: e });
}

/** As `translate`, telling a batch InfluxDB refused from a database that takes no batch at all. */
function translateWrite(e: unknown): Error {
  const err = translate(e, 'write');
  if (!(e instanceof RequestError)) return err;
  const status = e.res.statusCode ?? 0;
  if (status === 401 || status === 403 || status === 404) return new StoreUnavailableError(err.message);
  return new StoreRefusedError(err.message);
}

/** `A 400 Bad Request error occurred: {"error":"..."}` → the text of `error`. */
function serverMessage(message: string): string {
  const body = /error occurred: ([\s\S]*)$/.exec(message)?.[1] ?? message;
  try {
    const parsed = JSON.parse(body) as { error?: unknown };
    if (typeof parsed.error === 'string') return parsed.error;
  } catch {
    /* not JSON */
  }
  return body.trim();
}
