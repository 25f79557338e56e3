/**
 * China Standard Time (UTC+8 all year, no daylight saving): the one clock of the product's days,
 * hours and "today / yesterday", whatever time zone the server or a wall PC is set to. Every day
 * boundary, hour of day or local date stamp goes through here.
 */

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
/** China Standard Time minus UTC, ms. */
export const CHINA_OFFSET_MS = 8 * HOUR_MS;
/** IANA zone of China Standard Time, for `Intl.DateTimeFormat`. */
export const CHINA_TIME_ZONE = 'Asia/Shanghai';

/** Local hour of day in China, 0 ≤ h < 24, with the fraction (14.5 is 14:30). */
export function chinaHour(ms: number): number {
  const r = (ms + CHINA_OFFSET_MS) % DAY_MS;
  return (r < 0 ? r + DAY_MS : r) / HOUR_MS;
}

/** Days since 1970-01-01 in China (the local day number; consecutive days differ by 1). */
export function chinaDay(ms: number): number {
  return Math.floor((ms + CHINA_OFFSET_MS) / DAY_MS);
}

/** Epoch ms of the China midnight that starts the day of `ms`. */
export function chinaDayStart(ms: number): number {
  return chinaDay(ms) * DAY_MS - CHINA_OFFSET_MS;
}

/** Day of the week in China: 0 Sunday … 6 Saturday. */
export function chinaWeekday(ms: number): number {
  // 1970-01-01 was a Thursday.
  return (((chinaDay(ms) + 4) % 7) + 7) % 7;
}

/** Saturday or Sunday in China. */
export function isChinaWeekend(ms: number): boolean {
  const d = chinaWeekday(ms);
  return d === 0 || d === 6;
}

/**
 * Night as GB 3096-2008 defines it, 22:00–06:00 local time (夜间), against which its night noise
 * limits apply; day is 06:00–22:00.
 */
export function isChinaNight(ms: number): boolean {
  const h = chinaHour(ms);
  return h < 6 || h >= 22;
}

/** `YYYY-MM-DD HH:MM:SS` in China time (CSV exports, file names), from epoch ms. */
export function chinaDateTimeText(ms: number): string {
  return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** `YYYY-MM-DDTHH:MM` in China time, the value of an `<input type="datetime-local">`. */
export function chinaLocalInputValue(ms: number): string {
  return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 16);
}

/** Epoch ms of a China local `YYYY-MM-DDTHH:MM` (an `<input type="datetime-local">`), NaN if malformed. */
export function parseChinaLocalInput(value: string): number {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value) ? Date.parse(`${value}:00Z`) - CHINA_OFFSET_MS : NaN;
}
