/** Parking: lot outlines, one dot per space (free / occupied), and a label per lot with its free spaces. */
import { PolygonLayer, ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import type { LotItem, PointItem, TwinSceneData } from '../scene-data.ts';
import { rgbaAt, type FamilyLooks } from '../family-looks.ts';

/** Lot labels float this far above the lot's centre, metres. */
const LABEL_LIFT_M = 12;

export function lotLayer(scene: TwinSceneData, visible: boolean): PolygonLayer<LotItem> {
  return new PolygonLayer<LotItem>({
    id: 'parking-lots', data: scene.lots, visible, pickable: true, stroked: true, filled: true,
    getPolygon: (d) => d.polygon, getFillColor: [40, 60, 90, 90], getLineColor: [120, 170, 230, 200], lineWidthMinPixels: 1,
  });
}

export function spaceLayer(scene: TwinSceneData, looks: FamilyLooks, visible: boolean): ScatterplotLayer<PointItem> {
  const colours = looks.spaceColours;
  return new ScatterplotLayer<PointItem>({
    id: 'parking-spaces', data: scene.spaces, visible, pickable: true, radiusUnits: 'meters', getRadius: 1.1, radiusMinPixels: 1.5,
    getPosition: (d) => d.position as [number, number, number],
    getFillColor: (_d, { index, target }) => rgbaAt(colours, index, target), updateTriggers: { getFillColor: looks.rev.spaces },
  });
}

export function lotLabelLayer(scene: TwinSceneData, looks: FamilyLooks, visible: boolean): TextLayer<LotItem> {
  const colours = looks.lotLabelColours;
  return new TextLayer<LotItem>({
    id: 'parking-labels', data: scene.lots, visible,
    getPosition: (d) => [d.position[0], d.position[1], (d.position[2] ?? 0) + LABEL_LIFT_M] as [number, number, number],
    getText: (_d, { index }) => looks.lotLabels[index], characterSet: 'auto', fontFamily: 'PingFang SC, Microsoft YaHei, Noto Sans CJK SC, sans-serif',
    getSize: 13, getColor: (_d, { index, target }) => rgbaAt(colours, index, target), outlineWidth: 3, outlineColor: [4, 11, 23, 230], fontSettings: { sdf: true },
    billboard: true, updateTriggers: { getText: looks.rev.labels, getColor: looks.rev.labels },
  });
}
