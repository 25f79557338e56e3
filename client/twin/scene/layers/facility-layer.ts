/** Life-circle facilities and transit stops: white dots. */
import { ScatterplotLayer } from '@deck.gl/layers';
import type { PointItem, TwinSceneData } from '../scene-data.ts';

export function facilityLayer(scene: TwinSceneData, visible: boolean): ScatterplotLayer<PointItem> {
  return new ScatterplotLayer<PointItem>({
    id: 'facilities', data: scene.facilities, visible, pickable: true, radiusUnits: 'pixels', getRadius: 5,
    getPosition: (d) => d.position as [number, number, number], getFillColor: [255, 255, 255, 200],
  });
}
