/** Devices: cameras, and environment sensors coloured by their readings against the limits. */
import { ScatterplotLayer } from '@deck.gl/layers';
import type { PointItem, TwinSceneData } from '../scene-data.ts';
import { rgbaAt, type FamilyLooks } from '../family-looks.ts';

export function cameraLayer(scene: TwinSceneData, visible: boolean): ScatterplotLayer<PointItem> {
  return new ScatterplotLayer<PointItem>({
    id: 'cameras', data: scene.cameras, visible, pickable: true, radiusUnits: 'pixels', getRadius: 4, stroked: true, lineWidthMinPixels: 1,
    getPosition: (d) => d.position as [number, number, number], getFillColor: [95, 168, 255, 230], getLineColor: [255, 255, 255, 200],
  });
}

export function envSensorLayer(scene: TwinSceneData, looks: FamilyLooks, visible: boolean): ScatterplotLayer<PointItem> {
  const colours = looks.envColours;
  return new ScatterplotLayer<PointItem>({
    id: 'env-sensors', data: scene.envSensors, visible, pickable: true, radiusUnits: 'pixels', getRadius: 7, stroked: true, lineWidthMinPixels: 2,
    getPosition: (d) => d.position as [number, number, number], getLineColor: [255, 255, 255, 220],
    getFillColor: (_d, { index, target }) => rgbaAt(colours, index, target), updateTriggers: { getFillColor: looks.rev.env },
  });
}
