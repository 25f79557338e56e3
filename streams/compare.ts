/** The answer of `GET /api/compare` (docs/api.md): a node's row and one per child, for rankings and the map's colours; shared by the server and the cockpit. */
import type { Level } from './hierarchy.ts';

export interface Bilingual { zh: string; en: string }

export interface CompareRow {
  id: string;
  level: Level;
  name: Bilingual;
  /** Communities at or under the place (1 for a community, 0 for a neighbourhood). */
  communities: number;
  compliance: {
    /** Communities with any item assessed. */
    assessed: number;
    /** Communities passing the binding gate (every 约束性指标 met or not applicable). */
    gatePassed: number;
    /** gatePassed / communities; null without communities. */
    gateRatio: number | null;
    /** Basic items met / applicable, mean over the communities, 0..1; null when none applies. */
    basicRatio: number | null;
    /** Community rows only: the binding items not met (not started included). */
    failing?: { item: string; name: Bilingual }[];
  };
  alerts: {
    /** Alerts open now (raised, acknowledged, dispatched). */
    open: number;
    bySeverity: Record<string, number>;
    /** Median seconds from raise to acknowledgement over the alerts acknowledged in the last 24 h. */
    timeToAckMedianS: number | null;
    timeToAckCount: number;
  };
  energy: {
    /** Latest electrical load summed over the place's meters, kW. */
    loadKw: number | null;
    /** Floor area of the buildings known (twins, simulated communities), m². */
    floorAreaM2: number | null;
    /** loadKw × 1000 / floorAreaM2, W/m²; null where the area is unknown. */
    intensityWm2: number | null;
  };
  parking: {
    occupied: number | null;
    capacity: number | null;
    /** occupied / capacity, 0..1. */
    pressure: number | null;
  };
}

/** A community under the node that fails the binding gate, with the items that hold it shut. */
export interface FailingCommunity {
  id: string;
  name: Bilingual;
  /** The child of the asked node it lies under (itself when the node's child is the community). */
  under: string;
  /** Binding items not met, catalogue order; their names are in `CompareAnswer.failing.itemNames`. */
  items: string[];
}

export interface CompareAnswer {
  node: { id: string; level: Level; name: Bilingual };
  /** Server time of the figures, epoch ms. */
  time: number;
  self: CompareRow;
  children: CompareRow[];
  /**
   * Assessed communities under the node failing the binding gate, most open items first, at most
   * `FAILING_LIMIT`; `total` counts them all, `unassessed` the communities with nothing assessed.
   */
  failing: { communities: FailingCommunity[]; total: number; unassessed: number; itemNames: Record<string, Bilingual> };
}

/** One day of `GET /api/indicators/compliance-history`. */
export interface ComplianceDay {
  /** China date, `YYYY-MM-DD`. */
  day: string;
  /** Epoch ms of the moment the figures hold at: the day's end, or now for today. */
  t: number;
  gatePassed: number;
  /** Mean over the communities of basic items met / applicable, 0..1; null when none applies anywhere. */
  basicRatio: number | null;
}

export interface ComplianceHistoryAnswer {
  node: { id: string; level: Level; name: Bilingual };
  /** Communities under the node (the gate's denominator). */
  communities: number;
  days: ComplianceDay[];
}
