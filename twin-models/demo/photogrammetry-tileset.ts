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
const COARSE_STEP = 30;
const FINE_STEP = 6;

interface TileFile { name: string; data: Uint8Array }

export async function photogrammetryTileset(plan: DemoPlan, origin: GeoOrigin): Promise<{ files: TileFile[]; tilesetJson: string }> {
  const io = await gltfIO();
  const x0 = EXTENT.minX - MARGIN, x1 = EXTENT.maxX + MARGIN + 80, y0 = EXTENT.minY - MARGIN, y1 = EXTENT.maxY + MARGIN;
  const h = plan.heightAt;
  const colour = terrainColour(plan, x0, y0, x1, y1);
  const shell = (b: DemoPlan['buildings'][number]) => shellParts(footprintInFrame(b), b.position.z - 2, b.position.z + b.floors * b.floorHeightM,
    b.use === 'residential' ? [0.82, 0.8, 0.76] : [0.78, 0.72, 0.62], [0.45, 0.47, 0.5]);
  const files: TileFile[] = [];
  const glb = async (name: string, parts: { name: string; mesh: MeshParts }[]) => {
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
    const uri = await glb(`q${i}.b3dm`, [{ name: 'terrain', mesh: terrain }, { name: 'shells', mesh: shells }]);
    children.push({ boundingVolume: { box: boxOf([terrain, shells]) }, geometricError: 0, content: { uri } });
  }
  const coarse = terrainParts(h, x0, y0, x1, y1, COARSE_STEP, colour);
  const allShells = mergeParts(plan.buildings.map(shell));
  const rootUri = await glb('root.b3dm', [{ name: 'terrain', mesh: coarse }, { name: 'shells', mesh: allShells }]);
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
