/**
 * Each community's standing against the indicator system, in memory: whether it passes the binding
 * gate, its basic-item ratio and the binding items still open, by the rules of
 * streams/indicators/progress.ts. A community is read from the assessment store once, on first
 * use; a change stored afterwards (by any AssessmentStore on the database) marks it for a re-read,
 * so a city of thousands of communities is ranked without reading its assessments per request.
 */
import type { AssessmentStatus } from '../../streams/indicators/assessment.ts';
import { ITEMS } from '../../streams/indicators/catalogue.ts';
import { groupProgress } from '../../streams/indicators/progress.ts';
import type { RecordsDb } from '../records/records-db.ts';
import { AssessmentStore, onAssessmentChange } from './assessment-store.ts';

export interface CommunityCompliance {
  /** Whether any item has been assessed. */
  assessed: boolean;
  /** Every binding item met or not applicable. */
  gatePassed: boolean;
  /** Basic items met / applicable, 0..1; null when none applies. */
  basicRatio: number | null;
  /** Binding items neither met nor not applicable (not started included), catalogue order. */
  failing: readonly string[];
}

const BINDING = ITEMS.filter((it) => it.type === 'binding');

export function complianceOf(statuses: ReadonlyMap<string, AssessmentStatus>): CommunityCompliance {
  const p = groupProgress(ITEMS, statuses);
  const failing = p.binding.passed ? [] : BINDING.filter((it) => {
    const s = statuses.get(it.id);
    return s !== 'met' && s !== 'not_applicable';
  }).map((it) => it.id);
  return { assessed: statuses.size > 0, gatePassed: p.binding.passed, basicRatio: p.basic.ratio, failing };
}

export class ComplianceIndex {
  private readonly known = new Map<string, CommunityCompliance>();
  private readonly stale = new Set<string>();
  private readonly store: AssessmentStore;
  private readonly unsubscribe: () => void;

  constructor(db: RecordsDb) {
    this.store = new AssessmentStore(db);
    this.unsubscribe = onAssessmentChange(db, (community) => { if (this.known.has(community)) this.stale.add(community); });
  }

  /** The figures of each community, in the order given; those not held (or changed) are read in one query. */
  of(communities: readonly string[]): CommunityCompliance[] {
    const missing = communities.filter((c) => !this.known.has(c) || this.stale.has(c));
    if (missing.length > 0) {
      for (const [c, statuses] of this.store.currentStatuses(missing)) {
        this.known.set(c, complianceOf(statuses));
        this.stale.delete(c);
      }
    }
    return communities.map((c) => this.known.get(c)!);
  }

  close(): void {
    this.unsubscribe();
  }
}
