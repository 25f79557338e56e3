/** Devices: cameras, and environment sensors coloured by their readings against the limits. */
import { ScatterplotLayer } from '@deck.gl/layers';
import type { PointItem, TwinSceneData } from '../scene-data.ts';
import type { FamilyLooks } from '../family-looks.ts';
import { sensorPointLayer } from './sensor-point-layer.ts';

export function cameraLayer(scene: TwinSceneData, visible: boolean): ScatterplotLayer<PointItem> {
  return new ScatterplotLayer<PointItem>({
    id: 'cameras', data: scene.cameras, visible, pickable: true, radiusUnits: 'pixels', getRadius: 4, stroked: true, lineWidthMinPixels: 1,
    getPosition: (d) => d.position as [number, number, number], getFillColor: [95, 168, 255, 230], getLineColor: [255, 255, 255, 200],
  });
}

export function envSensorLayer(scene: TwinSceneData, looks: FamilyLooks, visible: boolean): ScatterplotLayer<PointItem> {
  return sensorPointLayer({ id: 'env-sensors', data: scene.envSensors, colours: looks.envColours, revision: looks.rev.env, radius: 7, visible });
}
