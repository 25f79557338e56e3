/**
 * Parking figures for the parking panel: each lot's free and total spaces now (from the live
 * store's latest values) and the node's occupancy over time (from /api/query history).
 */
import type { LiveData } from '../../live/live-store.ts';
import { sumCurves, type Curve } from '../energy/day-curves.ts';

export interface LotNow {
  lot: string;
  neighbourhood: string;
  kind: string;
  /** Vehicles parked. */
  occupied: number;
  /** Spaces. */
  capacity: number;
  /** capacity − occupied, never below 0. */
  free: number;
  /** occupied / capacity, 0..1 (NaN without capacity). */
  ratio: number;
}

/** Lots the node's telemetry announced, with both counts known, fullest first. */
export function lotsNow(data: LiveData): LotNow[] {
  const byLot = new Map<string, { lot: string; neighbourhood: string; kind: string; occupied: number; capacity: number }>();
  for (const d of data.schema.values()) {
    if (d.measurement !== 'parking' || (d.field !== 'occupied' && d.field !== 'capacity')) continue;
    const key = `${d.tags.neighbourhood}\n${d.tags.lot}`;
    let lot = byLot.get(key);
    if (!lot) byLot.set(key, (lot = { lot: d.tags.lot ?? '', neighbourhood: d.tags.neighbourhood ?? '', kind: d.tags.kind ?? '', occupied: NaN, capacity: NaN }));
    lot[d.field] = data.latestValue(d.id);
  }
  const out: LotNow[] = [];
  for (const l of byLot.values()) {
    if (Number.isNaN(l.occupied) || Number.isNaN(l.capacity)) continue;
    out.push({ ...l, free: Math.max(0, l.capacity - l.occupied), ratio: l.capacity > 0 ? l.occupied / l.capacity : NaN });
  }
  out.sort((a, b) => (b.ratio - a.ratio) || (a.lot < b.lot ? -1 : a.lot > b.lot ? 1 : 0));
  return out;
}

/**
 * Occupancy of all lots together per bucket, percent: Σ occupied / Σ capacity. Lots are summed
 * bucket by bucket (`sumCurves`), so a lot missing a bucket does not make the share jump.
 */
export function occupancyPercent(occupied: readonly Curve[], capacity: readonly Curve[], windowMs: number): Curve {
  const occ = sumCurves(occupied, windowMs);
  const cap = sumCurves(capacity, windowMs);
  const capAt = new Map<number, number>();
  for (let i = 0; i < cap.t.length; i++) capAt.set(cap.t[i], cap.v[i]);
  const out: Curve = { t: [], v: [] };
  for (let i = 0; i < occ.t.length; i++) {
    const c = capAt.get(occ.t[i]);
    if (!(c !== undefined && c > 0)) continue;
    out.t.push(occ.t[i]);
    out.v.push((occ.v[i] / c) * 100);
  }
  return out;
}
