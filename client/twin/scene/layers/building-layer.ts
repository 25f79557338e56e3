/**
 * Buildings as massing (footprint × height), one draw call for all, tinted by energy intensity.
 * A building drawn as its BIM shell close up (bim/bim-shells.ts) is filtered out on the GPU, so
 * the massing's data and colours stay one array for the life of the twin.
 */
import { PolygonLayer } from '@deck.gl/layers';
import { DataFilterExtension } from '@deck.gl/extensions';
import type { BuildingItem, TwinSceneData } from '../scene-data.ts';
import { rgbaAt, type FamilyLooks } from '../family-looks.ts';
import type { BimShells } from '../bim/bim-shells.ts';

const FILTER = [new DataFilterExtension({ filterSize: 1 })];

export function buildingLayer(scene: TwinSceneData, looks: FamilyLooks, shells: BimShells, visible: boolean): PolygonLayer<BuildingItem> {
  const colours = looks.buildingColours;
  const hidden = shells.massingHidden;
  return new PolygonLayer<BuildingItem>({
    id: 'buildings', data: scene.buildings, visible, pickable: true, extruded: true, wireframe: false,
    getPolygon: (d) => d.polygon, getElevation: (d) => d.heightM, material: { ambient: 0.45, diffuse: 0.6, shininess: 12, specularColor: [40, 40, 40] },
    getFillColor: (_d, { index, target }) => rgbaAt(colours, index, target),
    extensions: FILTER,
    getFilterValue: (_d: BuildingItem, { index }: { index: number }) => 1 - hidden[index],
    filterRange: [0.5, 1.5],
    updateTriggers: { getFillColor: looks.rev.buildings, getFilterValue: shells.rev },
  } as ConstructorParameters<typeof PolygonLayer<BuildingItem>>[0]);
}
