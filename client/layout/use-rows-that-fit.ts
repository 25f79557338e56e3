/**
 * How many fixed-height rows fit in a box, kept current by a ResizeObserver. Lists and tables on
 * the wall show that many rows and page through the rest, so nothing scrolls or is cut off.
 */
import { useEffect, useState, type RefObject } from 'react';

/**
 * @param ref the box the rows go in (its content height is the space)
 * @param rowRem height of one row including its gap, rem (the CSS must give rows this height)
 * @param reservedRem height taken by other things in the box (a table head), rem. Default 0.
 * @returns rows that fit, at least 1
 */
export function useRowsThatFit(ref: RefObject<HTMLElement | null>, rowRem: number, reservedRem = 0): number {
  const [rows, setRows] = useState(1);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => {
      const rootPx = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
      setRows(Math.max(1, Math.floor((el.clientHeight + 0.5 - reservedRem * rootPx) / (rowRem * rootPx))));
    };
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    measure();
    return () => ro.disconnect();
  }, [ref, rowRem, reservedRem]);
  return rows;
}
