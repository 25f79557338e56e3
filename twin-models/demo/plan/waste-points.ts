/**
 * The collection points of sorted waste (生活垃圾分类收集点), three in each neighbourhood, in the
 * gaps between the tower rows, each with one bin per category side by side (item 11.1).
 */
import { WASTE_CATEGORIES } from '../../../streams/families/index.ts';
import type { PlannedWasteBin, XY } from './plan-types.ts';
import { NEIGHBOURHOODS, neighbourhoodAt } from './buildings.ts';

/** Midway between tower rows and columns (see ROWS and COLUMNS in buildings.ts), clear of the reserved areas. */
const POINTS: readonly XY[] = [
  [-385, -210], [-245, -137], [-245, 207],
  [-105, -210], [-105, 207], [105, 207],
  [245, -210], [245, 132], [385, 207],
];

const CATEGORY_ZH = { food: '厨余垃圾', recyclable: '可回收物', hazardous: '有害垃圾', residual: '其他垃圾' } as const;
/** Bins stand this far apart, metres. */
const BIN_SPACING_M = 1.4;

export function planWastePoints(): PlannedWasteBin[] {
  const bins: PlannedWasteBin[] = [];
  const perNeighbourhood = new Map<string, number>();
  POINTS.forEach(([x, y], i) => {
    const neighbourhood = neighbourhoodAt(x);
    const k = (perNeighbourhood.get(neighbourhood) ?? 0) + 1;
    perNeighbourhood.set(neighbourhood, k);
    const nbName = NEIGHBOURHOODS.find((n) => n.id === neighbourhood)!.name.zh;
    const point = `wp-${i + 1}`;
    WASTE_CATEGORIES.forEach((category, j) => {
      bins.push({
        id: `wb-${i + 1}-${category}`, point, category, neighbourhood,
        at: [x + (j - (WASTE_CATEGORIES.length - 1) / 2) * BIN_SPACING_M, y],
        name: `${nbName} ${k}号垃圾分类投放点 ${CATEGORY_ZH[category]}桶`,
      });
    });
  });
  return bins;
}
