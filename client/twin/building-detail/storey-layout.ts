/**
 * Where each storey of a building sits when the floors are exploded, and which storeys are shown
 * when the view is clipped to one. Pure functions of the storey list, so they are tested in Node.
 */

/** A storey as the GLB's storey node describes it (extras `{ storey, elevationM }`). */
export interface StoreyInfo {
  /** Storey name from the IFC model, e.g. "1F". */
  name: string;
  /** Elevation of the storey above the building's base, metres. */
  elevationM: number;
}

/**
 * How storeys are filtered: every storey, the chosen one and those below it (a cut-away that
 * shows the chosen floor from above), or the chosen one alone.
 */
export type ClipMode = 'all' | 'upTo' | 'only';

/** Storey height used when a building has a single storey (nothing to measure), metres. */
export const DEFAULT_STOREY_HEIGHT_M = 3;

/** The most an explode factor may be: at 4 a 33-storey tower becomes 5× as tall. */
export const MAX_EXPLODE = 4;

/** Rank of each storey by elevation (0 = lowest), in input order. Equal elevations keep input order. */
export function storeyRanks(storeys: readonly StoreyInfo[]): number[] {
  const order = storeys.map((s, i) => i).sort((a, b) => storeys[a].elevationM - storeys[b].elevationM || a - b);
  const ranks = new Array<number>(storeys.length);
  order.forEach((index, rank) => { ranks[index] = rank; });
  return ranks;
}

/** The typical storey height: the median step between consecutive elevations, metres. */
export function typicalStoreyHeight(storeys: readonly StoreyInfo[]): number {
  const levels = [...new Set(storeys.map((s) => s.elevationM))].sort((a, b) => a - b);
  const steps = levels.slice(1).map((e, i) => e - levels[i]).filter((d) => d > 0).sort((a, b) => a - b);
  if (steps.length === 0) return DEFAULT_STOREY_HEIGHT_M;
  const mid = steps.length >> 1;
  return steps.length % 2 ? steps[mid] : (steps[mid - 1] + steps[mid]) / 2;
}

/**
 * Vertical offset of each storey (input order) at an explode factor, metres: the storey of rank r
 * rises by r × typical storey height × factor, so at factor 1 every gap between floors is one
 * storey tall and the order of floors is kept. The factor is clamped to [0, MAX_EXPLODE].
 */
export function explodeOffsets(storeys: readonly StoreyInfo[], factor: number, out?: Float64Array): Float64Array {
  const f = Math.min(MAX_EXPLODE, Math.max(0, Number.isFinite(factor) ? factor : 0));
  const step = typicalStoreyHeight(storeys) * f;
  const ranks = storeyRanks(storeys);
  const offsets = out && out.length === storeys.length ? out : new Float64Array(storeys.length);
  for (let i = 0; i < storeys.length; i++) offsets[i] = ranks[i] * step;
  return offsets;
}

/**
 * Whether the storey of rank `rank` is shown, with `chosen` the rank of the storey picked in the
 * list (null: none picked, everything shows).
 */
export function storeyShown(rank: number, chosen: number | null, mode: ClipMode): boolean {
  if (chosen === null || mode === 'all') return true;
  return mode === 'upTo' ? rank <= chosen : rank === chosen;
}

/**
 * One step of an exponential approach of `current` to `target` over `dtS` seconds with time
 * constant `tauS`; snaps to the target once within `epsilon`, so an animation ends and the
 * on-demand frame loop can go idle.
 */
export function approach(current: number, target: number, dtS: number, tauS = 0.12, epsilon = 1e-3): number {
  const next = target + (current - target) * Math.exp(-Math.max(0, dtS) / tauS);
  return Math.abs(next - target) < epsilon ? target : next;
}
