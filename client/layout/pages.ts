/** Pages of rows for lists and tables that turn their pages instead of scrolling. */

/** Number of pages of `rows` rows at `perPage` a page (at least 1). */
export function pageCount(rows: number, perPage: number): number {
  return Math.max(1, Math.ceil(rows / Math.max(1, perPage)));
}

/** Rows of page `page` (0-based; wraps round, so a rotation timer can just count up). */
export function pageOf<T>(rows: readonly T[], page: number, perPage: number): T[] {
  const size = Math.max(1, perPage);
  const pages = pageCount(rows.length, size);
  const p = ((page % pages) + pages) % pages;
  return rows.slice(p * size, p * size + size);
}
