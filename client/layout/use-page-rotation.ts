/**
 * A page number that advances on a timer, for tables and lists that show more than fits: the wall
 * turns the pages instead of scrolling. The timer is owned by the calling component and cleared
 * when it unmounts or the page count changes.
 */
import { useEffect, useState } from 'react';

/**
 * @param pages number of pages (1: no timer runs)
 * @param intervalMs time each page stays, ms. Default 10,000.
 * @returns current page, 0-based, always below `pages`
 */
export function usePageRotation(pages: number, intervalMs = 10_000): number {
  const [page, setPage] = useState(0);
  useEffect(() => {
    if (pages <= 1) return;
    const timer = setInterval(() => setPage((p) => (p + 1) % pages), intervalMs);
    return () => clearInterval(timer);
  }, [pages, intervalMs]);
  return pages <= 1 ? 0 : page % pages;
}
