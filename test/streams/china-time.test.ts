import { describe, expect, it } from 'vitest';
import {
  DAY_MS, HOUR_MS, chinaDateTimeText, chinaDay, chinaDayStart, chinaHour, chinaLocalInputValue, chinaWeekday, isChinaNight,
  isChinaWeekend, parseChinaLocalInput,
} from '../../streams/china-time.ts';

/** 2025-06-02 00:00 China Standard Time, a Monday (2025-06-01 16:00 UTC). */
const MONDAY = Date.UTC(2025, 5, 1, 16);

describe('China Standard Time', () => {
  it.each([
    ['midnight starts the day', MONDAY, MONDAY, 0],
    ['one ms before midnight is the day before, 23:59', MONDAY - 1, MONDAY - DAY_MS, 24 - 1 / HOUR_MS],
    ['07:59 UTC is 15:59 in Chongqing', MONDAY + 15 * HOUR_MS + 59 * 60_000, MONDAY, 15 + 59 / 60],
    ['16:00 UTC is the next China day', MONDAY + DAY_MS, MONDAY + DAY_MS, 0],
    ['before 1970 too', Date.UTC(1969, 11, 31, 16) - 1, Date.UTC(1969, 11, 30, 16), 24 - 1 / HOUR_MS],
  ])('%s', (_name, ms, start, hour) => {
    expect(chinaDayStart(ms)).toBe(start);
    expect(chinaHour(ms)).toBeCloseTo(hour, 9);
    expect(chinaDay(ms + DAY_MS) - chinaDay(ms)).toBe(1);
  });

  it('knows the weekday and the weekend in China, not in UTC', () => {
    expect(chinaWeekday(MONDAY)).toBe(1);
    expect(isChinaWeekend(MONDAY)).toBe(false);
    expect(isChinaWeekend(MONDAY - 1)).toBe(true); // Sunday 23:59 in China, Sunday 15:59 UTC
    expect(isChinaWeekend(MONDAY + 5 * DAY_MS)).toBe(true); // Saturday
  });

  it.each([[0, true], [5.99, true], [6, false], [21.99, false], [22, true]])('%d h is night (GB 3096-2008): %s', (h, night) => {
    expect(isChinaNight(MONDAY + h * HOUR_MS)).toBe(night);
  });

  it('writes and reads local date-times in China time, whatever the machine zone', () => {
    const t = MONDAY + 14 * HOUR_MS + 5 * 60_000 + 9_000;
    expect(chinaDateTimeText(t)).toBe('2025-06-02 14:05:09');
    expect(chinaLocalInputValue(t)).toBe('2025-06-02T14:05');
    expect(parseChinaLocalInput('2025-06-02T14:05')).toBe(t - 9_000);
    expect(parseChinaLocalInput('2025-06-02 14:05')).toBeNaN();
    expect(parseChinaLocalInput('')).toBeNaN();
  });
});
