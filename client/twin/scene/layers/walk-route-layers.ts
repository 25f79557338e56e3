/**
 * The walks of indicator items 12.1 (to the bus stop, ≤ 500 m) and 12.2 (to the rail station,
 * ≤ 800 m): one line per main entrance along the walkway network, green within the threshold and
 * red beyond, with its length in metres at the stop. The highlighted item's lines are wide and
 * opaque, the other's thin and faint.
 */
import { PathLayer, TextLayer } from '@deck.gl/layers';
import type { Rgba } from '../../colour-rules.ts';
import type { RouteItem, WalkRoute } from '../../../indicators/auto-evidence.ts';
import type { Lang } from '../../../i18n/i18n-store.ts';

/** What the route layers draw; `rev` changes whenever anything else here does. */
export interface WalkRouteOverlay {
  routes: readonly WalkRoute[];
  visible: boolean;
  /** null: both items alike. */
  highlight: RouteItem | null;
  lang: Lang;
  rev: number;
}

const WITHIN: Rgba = [82, 222, 120, 255];
const BEYOND: Rgba = [255, 77, 79, 255];
/** Lines float this far (m) above the walkways they follow, so both stay visible. */
const LIFT_M = 3;
/** Labels stand this far (m) above the stop. */
const LABEL_LIFT_M = 12;
/** Same stack as the lot labels: the CJK faces installed on the wall PCs, no web font. */
const CJK_FONTS = 'PingFang SC, Microsoft YaHei, Noto Sans CJK SC, sans-serif';
const DESTINATION = { '12.1': { zh: '公交', en: 'Bus' }, '12.2': { zh: '轨道', en: 'Rail' } } as const;

const faint = (o: WalkRouteOverlay, r: WalkRoute) => o.highlight !== null && o.highlight !== r.item;
const colourOf = (o: WalkRouteOverlay, r: WalkRoute): Rgba => {
  const c = r.within ? WITHIN : BEYOND;
  return faint(o, r) ? [c[0], c[1], c[2], 90] : c;
};

/** The text at the stop end of a route: "公交 420 m" (the distance rounded to whole metres). */
export function routeLabel(r: WalkRoute, lang: Lang): string {
  return `${DESTINATION[r.item][lang]} ${Math.round(r.distanceM)} m`;
}

export function walkRouteLayer(o: WalkRouteOverlay): PathLayer<WalkRoute> {
  return new PathLayer<WalkRoute>({
    id: 'walk-routes', data: o.routes as WalkRoute[], visible: o.visible, pickable: false,
    widthUnits: 'meters', getWidth: (r) => (faint(o, r) ? 2 : 5), widthMinPixels: 2, capRounded: true, jointRounded: true,
    getPath: (r) => r.path.map(([x, y, z]): [number, number, number] => [x, y, z + LIFT_M]),
    getColor: (r) => colourOf(o, r),
    parameters: { depthCompare: 'always' } as never,
  });
}

export function walkRouteLabelLayer(o: WalkRouteOverlay): TextLayer<WalkRoute> {
  return new TextLayer<WalkRoute>({
    id: 'walk-route-labels', data: o.routes as WalkRoute[], visible: o.visible, pickable: false,
    getPosition: (r) => {
      const [x, y, z] = r.path[r.path.length - 1];
      return [x, y, z + LABEL_LIFT_M];
    },
    getText: (r) => routeLabel(r, o.lang), characterSet: 'auto', fontFamily: CJK_FONTS,
    getSize: (r) => (faint(o, r) ? 12 : 15), sizeUnits: 'pixels', getColor: (r) => colourOf(o, r),
    outlineWidth: 3, outlineColor: [4, 11, 23, 230], fontSettings: { sdf: true }, billboard: true,
    getTextAnchor: 'middle', getAlignmentBaseline: 'bottom',
    parameters: { depthCompare: 'always' } as never,
  });
}
