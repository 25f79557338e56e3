/** Three surface lots and an underground garage, with every space laid out (2.5 m × 5 m, 6 m aisles). */
import type { ParkingKind } from '../../../streams/simulator/community-config.ts';
import type { PlannedLot, PlannedSpace, XY } from './plan-types.ts';
import { neighbourhoodAt } from './buildings.ts';
import { rect } from './geometry.ts';

interface LotSpec {
  zh: string; en: string; kind: ParkingKind; level: number;
  area: { minX: number; maxX: number; minY: number; maxY: number };
}

const area = (cx: number, cy: number, w: number, h: number) => ({ minX: cx - w / 2, maxX: cx + w / 2, minY: cy - h / 2, maxY: cy + h / 2 });

/** Lots sit inside the planner's reserved areas (buildings.ts RESERVED), sized for about 900 spaces. */
const LOTS: LotSpec[] = [
  { zh: '鹅岭正街地面停车场', en: 'Eling Zhengjie surface lot', kind: 'residential', level: 0, area: area(-375, 95, 110, 37) },
  { zh: '佛图关地下车库', en: 'Fotuguan underground garage', kind: 'underground', level: -1, area: area(0, 105, 150, 54) },
  { zh: '服务中心公共停车场', en: 'Service centre public lot', kind: 'public', level: 0, area: area(0, -16, 100, 12) },
  { zh: '李子坝公共停车场', en: 'Liziba public lot', kind: 'public', level: 0, area: area(372, 95, 110, 37) },
  { zh: '李子坝小区停车场', en: 'Liziba residents\' lot', kind: 'residential', level: 0, area: area(387, -100, 80, 37) },
];

const SPACE_W = 2.5;
const SPACE_D = 5;
const AISLE = 6;

export function planParking(): PlannedLot[] {
  return LOTS.map((spec, i) => {
    const id = `p-${i + 1}`;
    const { minX, maxX, minY, maxY } = spec.area;
    const spaces: PlannedSpace[] = [];
    // Double rows of spaces back to back, separated by aisles.
    for (let y = minY + 1, row = 0; y + SPACE_D <= maxY - 1; row++) {
      for (let x = minX + 1; x + SPACE_W <= maxX - 1; x += SPACE_W) {
        spaces.push({ id: `${id}-${String(spaces.length + 1).padStart(3, '0')}`, at: [x + SPACE_W / 2, y + SPACE_D / 2], headingDeg: row % 2 ? 270 : 90 });
      }
      y += SPACE_D + (row % 2 ? AISLE : 0);
    }
    const cx = (minX + maxX) / 2;
    return {
      id, name: { zh: spec.zh, en: spec.en }, neighbourhood: neighbourhoodAt(cx), kind: spec.kind, level: spec.level,
      polygon: rect(cx, (minY + maxY) / 2, maxX - minX, maxY - minY) as XY[], spaces,
    };
  });
}
