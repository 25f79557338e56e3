/** Parsing of time and duration query parameters: epoch ms, ISO 8601, `now`, `now-6h`; `30s`, `5m`, `1h`, `1d`. */
import { QueryError } from './query-error.ts';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Times are kept within the years 0000 to 9999: beyond, a Date cannot print them (and no sensor reads there). */
const MIN_TIME = -62_167_219_200_000;
const MAX_TIME = 253_402_300_799_999;
const MAX_DURATION = MAX_TIME - MIN_TIME;

export function parseDuration(s: string, name: string): number {
  if (s === '0' || s === 'raw') return 0;
  const m = /^(\d+)(ms|s|m|h|d|w)$/.exec(s);
  if (!m) throw new QueryError(400, `${name} "${s.slice(0, 40)}" is not a duration like 30s, 5m, 1h, 1d or "raw"`);
  const ms = Number(m[1]) * UNITS[m[2]];
  if (!(ms <= MAX_DURATION)) throw new QueryError(400, `${name} "${s.slice(0, 40)}" is longer than the 10,000 years of dates this server handles`);
  return ms;
}

export function parseTime(v: unknown, now: number, name: string): number | undefined {
  if (v === undefined) return undefined;
  const t = readTime(String(v), now, name);
  if (!(t >= MIN_TIME && t <= MAX_TIME)) throw new QueryError(400, `${name} "${String(v).slice(0, 40)}" is outside the years 0000 to 9999`);
  return t;
}

function readTime(s: string, now: number, name: string): number {
  if (/^-?\d+$/.test(s)) return Number(s);
  if (s === 'now') return now;
  const rel = /^now-(\d+(?:ms|s|m|h|d|w))$/.exec(s);
  if (rel) return now - parseDuration(rel[1], name);
  const t = Date.parse(s);
  if (Number.isNaN(t)) throw new QueryError(400, `${name} "${s.slice(0, 40)}" is not epoch ms, an ISO 8601 time or now-<duration>`);
  return t;
}

const NICE = [1000, 5000, 10_000, 30_000, 60_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000];

/** The smallest round window at least `ms` long (0 when raw samples fit). */
export function niceWindow(ms: number): number {
  if (ms <= 1000) return 0;
  for (const w of NICE) if (w >= ms) return w;
  return Math.ceil(ms / 86_400_000) * 86_400_000;
}
