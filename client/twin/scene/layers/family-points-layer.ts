/**
 * The family points (family-points.ts): one ScatterplotLayer per family, coloured by its colour
 * rule. Its `data` is the group's item array, the same for the life of the twin; a tick that
 * changed the family's colours bumps its revision, and `updateTriggers` refresh only the fill.
 */
import { ScatterplotLayer } from '@deck.gl/layers';
import type { PointItem } from '../scene-data.ts';
import type { FamilyPointColours, FamilyPointGroup } from '../family-points.ts';
import { rgbaAt } from '../family-looks.ts';

export function familyPointLayer(group: FamilyPointGroup, colours: FamilyPointColours, index: number, visible: boolean): ScatterplotLayer<PointItem> {
  const rgba = colours.colours[index];
  return new ScatterplotLayer<PointItem>({
    id: group.layerId, data: group.items, visible, pickable: true,
    radiusUnits: 'pixels', getRadius: 6, stroked: true, lineWidthMinPixels: 1.5,
    getPosition: (d) => d.position as [number, number, number], getLineColor: [255, 255, 255, 220],
    getFillColor: (_d, { index: i, target }) => rgbaAt(rgba, i, target), updateTriggers: { getFillColor: colours.rev[index] },
  });
}
