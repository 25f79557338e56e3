/**
 * Compliance over time for an area: per China day, the communities passing the binding gate and the
 * mean basic-item ratio at the end of that day (today: now), by the rules of
 * streams/indicators/progress.ts. One pass over the area's assessment changes in time order, each
 * moving its community's counts and the area's totals by O(1); a day's figure is read off the
 * totals when the pass crosses its end.
 */
import { chinaDateTimeText, chinaDayStart, DAY_MS } from '../../streams/china-time.ts';
import type { AssessmentStatus } from '../../streams/indicators/assessment.ts';
import { ITEMS, type ItemType } from '../../streams/indicators/catalogue.ts';
import type { ComplianceDay } from '../../streams/compare.ts';
import type { StatusChange } from './assessment-store.ts';


const TYPE = new Map<string, ItemType>(ITEMS.map((it) => [it.id, it.type]));
const BINDING_TOTAL = ITEMS.filter((it) => it.type === 'binding').length;
const BASIC_TOTAL = ITEMS.filter((it) => it.type === 'basic').length;

interface Counts { open: number; applicable: number; met: number; statuses: Map<string, AssessmentStatus> }

/**
 * @param communities the area's communities (each counts from the start, unassessed until a change)
 * @param changes their changes, oldest first (`AssessmentStore.changes`)
 * @param days days to answer, today included, oldest first
 * @param now epoch ms
 */
export function complianceHistory(communities: readonly string[], changes: readonly StatusChange[], days: number, now: number): ComplianceDay[] {
  const counts = new Map<string, Counts>();
  const ratio = (c: Counts) => (c.applicable > 0 ? c.met / c.applicable : null);
  let passed = 0, ratioSum = 0, ratioCount = 0;
  for (const id of communities) {
    const c: Counts = { open: BINDING_TOTAL, applicable: BASIC_TOTAL, met: 0, statuses: new Map() };
    counts.set(id, c);
    if (c.open === 0) passed++;
    const r = ratio(c);
    if (r !== null) { ratioSum += r; ratioCount++; }
  }

  const apply = (ch: StatusChange) => {
    const c = counts.get(ch.community);
    const type = TYPE.get(ch.item);
    if (!c || !type || type === 'additional') return;
    const before = c.statuses.get(ch.item) ?? 'not_started';
    if (before === ch.status) return;
    c.statuses.set(ch.item, ch.status);
    if (type === 'binding') {
      const wasOpen = before !== 'met' && before !== 'not_applicable';
      const isOpen = ch.status !== 'met' && ch.status !== 'not_applicable';
      if (wasOpen === isOpen) return;
      if (c.open === 0) passed--;
      c.open += isOpen ? 1 : -1;
      if (c.open === 0) passed++;
      return;
    }
    const r0 = ratio(c);
    if (r0 !== null) { ratioSum -= r0; ratioCount--; }
    c.applicable += (ch.status === 'not_applicable' ? -1 : 0) + (before === 'not_applicable' ? 1 : 0);
    c.met += (ch.status === 'met' ? 1 : 0) - (before === 'met' ? 1 : 0);
    const r1 = ratio(c);
    if (r1 !== null) { ratioSum += r1; ratioCount++; }
  };

  const today = chinaDayStart(now);
  const out: ComplianceDay[] = [];
  let i = 0;
  for (let d = days - 1; d >= 0; d--) {
    const start = today - d * DAY_MS;
    const end = d === 0 ? now : start + DAY_MS;
    // Today holds every change stored so far, one stamped this very millisecond included.
    const until = d === 0 ? Infinity : end;
    while (i < changes.length && changes[i].at < until) apply(changes[i++]);
    out.push({
      day: chinaDateTimeText(start).slice(0, 10), t: end, gatePassed: passed,
      basicRatio: ratioCount > 0 ? Math.round((ratioSum / ratioCount) * 10_000) / 10_000 : null,
    });
  }
  return out;
}
