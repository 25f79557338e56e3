/**
 * Rows of the indicator item table: the catalogue's items with their current assessment, filtered
 * by scene, type and status, and cut into pages that fit the panel by layout/pages.ts (a wall does not scroll).
 */
import { ITEMS, type Item, type ItemType } from '../../../streams/indicators/catalogue.ts';
import { unassessed, type Assessment, type AssessmentStatus } from '../../../streams/indicators/assessment.ts';

export interface ItemFilter {
  /** Scene number 1..9; undefined for all. */
  scene?: number;
  type?: ItemType;
  status?: AssessmentStatus;
}

export interface ItemRow {
  item: Item;
  assessment: Assessment;
}

/** Items in catalogue order with their assessment (never assessed: `not_started`), filtered. */
export function itemRows(assessments: ReadonlyMap<string, Assessment>, community: string, filter: ItemFilter = {}, items: readonly Item[] = ITEMS): ItemRow[] {
  const out: ItemRow[] = [];
  for (const item of items) {
    if (filter.scene !== undefined && item.scene !== filter.scene) continue;
    if (filter.type !== undefined && item.type !== filter.type) continue;
    const assessment = assessments.get(item.id) ?? unassessed(community, item.id);
    if (filter.status !== undefined && assessment.status !== filter.status) continue;
    out.push({ item, assessment });
  }
  return out;
}

/**
 * The URL to put in an `href`, or undefined: only absolute http and https URLs become links
 * (`javascript:`, `data:` and relative ones are shown as text). The server refuses others, but
 * the screen does not rely on it.
 */
export function safeHref(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
}
