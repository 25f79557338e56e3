/**
 * The hillside: a slope rising about 60 m from the riverside road (north) to the ridge road
 * (south), as on the Yuzhong peninsula above the Jialing river, with seeded folds so it is not a ramp.
 */
import { hashFloat } from '../../../streams/simulator/random.ts';

/** The community's extent in its local frame, metres: x east, y north. */
export const EXTENT = { minX: -450, maxX: 450, minY: -300, maxY: 300 } as const;

/** Height of the riverside road above the frame's origin, and of the ridge, metres. */
const LOW = -30;
const RELIEF = 60;

export class Terrain {
  constructor(private readonly seed: number) {}

  /** Ground elevation (metres, relative to the georeference origin) at local x, y. */
  heightAt(x: number, y: number): number {
    // 0 at the riverside (north edge), 1 at the ridge (south edge), steepest in the middle.
    const t = smoothstep(EXTENT.maxY + 40, EXTENT.minY - 40, y);
    const folds = 3 * Math.sin(x / 70 + this.phase(1)) * Math.cos(y / 95 + this.phase(2)) + 1.5 * Math.sin(x / 31 + this.phase(3));
    return LOW + RELIEF * t + folds;
  }

  private phase(k: number): number {
    return hashFloat(this.seed, k, 17) * Math.PI * 2;
  }
}

function smoothstep(edge0: number, edge1: number, v: number): number {
  const t = Math.min(1, Math.max(0, (v - edge0) / (edge1 - edge0)));
  return t * t * (3 - 2 * t);
}
