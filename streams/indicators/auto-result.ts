/**
 * What `GET /api/indicators/auto?community=` answers: the items the product judges from its own
 * data (server/indicators/auto/ computes them, the cockpit's evidence tab shows them).
 */
import type { AutoAssessment, Bilingual } from './catalogue.ts';

export interface AutoThreshold {
  comparison: '<=' | '>=';
  value: number;
  unit: string;
  /** 'guideline' when the guideline states the number; 'product' when the guideline gives none and this is the product's reading. */
  source: 'guideline' | 'product';
  note?: string;
}

export interface AutoItemResult {
  check: AutoAssessment;
  /** The catalogue item ("12.1"), or null for a guideline rule that is not an item (walkway density). */
  item: string | null;
  /** The guideline section of a rule that is not an item ("三(四)3"). */
  rule?: string;
  name: Bilingual;
  /** The computed figure in `unit`; null when it cannot be computed (see `reason`). */
  value: number | null;
  unit: string;
  threshold: AutoThreshold | null;
  /** null: the product cannot judge (missing data, or no threshold to judge against). */
  met: boolean | null;
  /** Why `met` is null or false, in words an operator can act on. */
  reason?: string;
  evidence: Record<string, unknown>;
}

export interface AutoAnswer {
  community: string;
  /** When these figures were computed, ISO 8601 (the server may answer from a short cache). */
  computedAt: string;
  items: AutoItemResult[];
}
