/**
 * The photogrammetry stand-in: what an oblique-photography survey of the community would deliver,
 * terrain with building shells as a 3D Tiles tileset with two levels of detail (a coarse root,
 * replaced by four finer quadrants as the viewer comes closer).
 */
import { enuToEcefMatrix, type GeoOrigin } from '../manifest/georef.ts';
import { glbToB3dm } from '../import/tiles/b3dm.ts';
import { documentOf, mergeParts, shellParts, terrainParts, type MeshParts } from '../import/tiles/mesh-builder.ts';
import { gltfIO } from '../import/gltf/optimise-glb.ts';
import type { DemoPlan } from './plan/plan-types.ts';
import { footprintInFrame } from './gis-layers.ts';
import { EXTENT } from './plan/terrain.ts';

const MARGIN = 120;
/** Linear base colours: a dark, slightly green ground and pale concrete shells. */
const TERRAIN: [number, number, number] = [0.12, 0.17, 0.14];
const SHELL: [number, number, number] = [0.55, 0.55, 0.52];
const COARSE_STEP = 30;
const FINE_STEP = 6;

interface TileFile { name: string; data: Uint8Array }

export async function photogrammetryTileset(plan: DemoPlan, origin: GeoOrigin): Promise<{ files: TileFile[]; tilesetJson: string }> {
  const io = await gltfIO();
  const x0 = EXTENT.minX - MARGIN, x1 = EXTENT.maxX + MARGIN + 80, y0 = EXTENT.minY - MARGIN, y1 = EXTENT.maxY + MARGIN;
  const h = plan.heightAt;
  const colour = terrainColour(plan, x0, y0, x1, y1);
  // Shells sit just inside the BIM walls and below the roof, so the BIM model shows where both are drawn.
  const shell = (b: DemoPlan['buildings'][number]) => shellParts(shrink(footprintInFrame(b), 0.6), b.position.z - 2, b.position.z + b.floors * b.floorHeightM - 0.8,
    b.use === 'residential' ? [0.82, 0.8, 0.76] : [0.78, 0.72, 0.62], [0.45, 0.47, 0.5]);
  const files: TileFile[] = [];
  const glb = async (name: string, parts: Parameters<typeof documentOf>[0]) => {
    const data = glbToB3dm(await io.writeBinary(documentOf(parts)));
    files.push({ name, data });
    return name;
  };

  const quadrants = [[x0, y0, 0, 0], [0, y0, x1, 0], [x0, 0, 0, y1], [0, 0, x1, y1]] as const;
  const children = [];
  for (const [i, [qx0, qy0, qx1, qy1]] of quadrants.entries()) {
    const inside = plan.buildings.filter((b) => b.position.x >= qx0 && b.position.x < qx1 && b.position.y >= qy0 && b.position.y < qy1);
    const terrain = terrainParts(h, qx0, qy0, qx1, qy1, FINE_STEP, colour);
    const shells = mergeParts(inside.map(shell));
    const uri = await glb(`q${i}.b3dm`, [{ name: 'terrain', mesh: terrain, colour: TERRAIN }, { name: 'shells', mesh: shells, colour: SHELL }]);
    children.push({ boundingVolume: { box: boxOf([terrain, shells]) }, geometricError: 0, content: { uri } });
  }
  const coarse = terrainParts(h, x0, y0, x1, y1, COARSE_STEP, colour);
  const allShells = mergeParts(plan.buildings.map(shell));
  const rootUri = await glb('root.b3dm', [{ name: 'terrain', mesh: coarse, colour: TERRAIN }, { name: 'shells', mesh: allShells, colour: SHELL }]);
  const tileset = {
    asset: { version: '1.0', generator: 'community-twin demo generator' },
    geometricError: 120,
    root: {
      transform: enuToEcefMatrix(origin),
      boundingVolume: { box: boxOf([coarse, allShells], 5) },
      geometricError: COARSE_STEP / 2,
      refine: 'REPLACE',
      content: { uri: rootUri },
      children,
    },
  };
  return { files, tilesetJson: JSON.stringify(tileset, null, 1) };
}

/** Moves every corner of a convex footprint `by` metres towards its centroid. */
function shrink(poly: [number, number][], by: number): [number, number][] {
  const cx = poly.reduce((s, p) => s + p[0], 0) / poly.length;
  const cy = poly.reduce((s, p) => s + p[1], 0) / poly.length;
  return poly.map(([x, y]) => {
    const d = Math.hypot(x - cx, y - cy) || 1;
    return [x - ((x - cx) / d) * by, y - ((y - cy) / d) * by];
  });
}

/** A 3D Tiles box (east-north-up, z up) around glTF-frame positions (x east, y up, z −north). */
function boxOf(parts: MeshParts[], pad = 0): number[] {
  const min = [Infinity, Infinity, Infinity];
  const max = [-Infinity, -Infinity, -Infinity];
  for (const p of parts) {
    for (let i = 0; i < p.positions.length; i += 3) {
      const enu = [p.positions[i], -p.positions[i + 2], p.positions[i + 1]];
      for (let k = 0; k < 3; k++) { min[k] = Math.min(min[k], enu[k]); max[k] = Math.max(max[k], enu[k]); }
    }
  }
  const c = min.map((v, k) => (v + max[k]) / 2);
  const half = min.map((v, k) => (max[k] - v) / 2 + pad);
  return [c[0], c[1], c[2], half[0], 0, 0, 0, half[1], 0, 0, 0, half[2]].map((v) => Math.round(v * 100) / 100);
}

/** Green on the slopes, paler on roads and terraces, darker near the river. */
function terrainColour(plan: DemoPlan, x0: number, y0: number, x1: number, y1: number): (z: number) => [number, number, number] {
  let lo = Infinity, hi = -Infinity;
  for (let x = x0; x <= x1; x += 40) for (let y = y0; y <= y1; y += 40) { const z = plan.heightAt(x, y); lo = Math.min(lo, z); hi = Math.max(hi, z); }
  return (z) => {
    const t = Math.min(1, Math.max(0, (z - lo) / (hi - lo || 1)));
    return [0.25 + 0.25 * t, 0.38 + 0.17 * t, 0.24 + 0.1 * t];
  };
}
