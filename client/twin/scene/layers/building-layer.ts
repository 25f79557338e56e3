/** Buildings as massing (footprint × height), one draw call for all, tinted by energy intensity. */
import { PolygonLayer } from '@deck.gl/layers';
import type { BuildingItem, TwinSceneData } from '../scene-data.ts';
import { rgbaAt, type FamilyLooks } from '../family-looks.ts';

export function buildingLayer(scene: TwinSceneData, looks: FamilyLooks, visible: boolean): PolygonLayer<BuildingItem> {
  const colours = looks.buildingColours;
  return new PolygonLayer<BuildingItem>({
    id: 'buildings', data: scene.buildings, visible, pickable: true, extruded: true, wireframe: false,
    getPolygon: (d) => d.polygon, getElevation: (d) => d.heightM, material: { ambient: 0.45, diffuse: 0.6, shininess: 12, specularColor: [40, 40, 40] },
    getFillColor: (_d, { index, target }) => rgbaAt(colours, index, target), updateTriggers: { getFillColor: looks.rev.buildings },
  });
}
