/**
 * Pipe networks: segments coloured by their network or their nearest sensor's state, the sensors,
 * dashes flowing from upstream to downstream, and a pulsing ring on a leaking sensor.
 */
import { PathLayer, ScatterplotLayer } from '@deck.gl/layers';
import { TripsLayer } from '@deck.gl/geo-layers';
import type { PathItem, PointItem, TwinSceneData } from '../scene-data.ts';
import { flowColour, rgbaAt, type FamilyLooks } from '../family-looks.ts';
import type { AnimationClock } from '../animation-clock.ts';
import { sensorPointLayer } from './sensor-point-layer.ts';

/** Length of a dash's fading trail, metres of `currentTime`. */
const TRAIL_M = 12;

export function pipeLayer(scene: TwinSceneData, looks: FamilyLooks, visible: boolean): PathLayer<PathItem> {
  const colours = looks.pipeColours;
  return new PathLayer<PathItem>({
    id: 'pipes', data: scene.pipes, visible, pickable: true, widthUnits: 'meters', getWidth: (d) => (d.network === 'drainage' ? 1.6 : 1), widthMinPixels: 1.5,
    getPath: (d) => d.path,
    getColor: (_d, { index, target }) => rgbaAt(colours, index, target), updateTriggers: { getColor: looks.rev.pipes },
  });
}

export function pipeSensorLayer(scene: TwinSceneData, looks: FamilyLooks, visible: boolean): ScatterplotLayer<PointItem> {
  return sensorPointLayer({ id: 'pipe-sensors', data: scene.pipeSensors, colours: looks.pipeSensorColours, revision: looks.rev.pipes, radius: 6, visible });
}

/** Flow direction: short bright dashes travel each segment; the clock is a uniform, nothing is recomputed per step. */
export function pipeFlowLayer(scene: TwinSceneData, clock: AnimationClock, visible: boolean): TripsLayer<PathItem> {
  return new TripsLayer<PathItem>({
    id: 'pipe-flow', data: scene.pipes, visible, pickable: false, widthUnits: 'meters', getWidth: 1.8, widthMinPixels: 2,
    getPath: (d) => d.path, getTimestamps: (d) => [0, d.lengthM],
    getColor: (d) => flowColour(d.network),
    currentTime: clock.flowM, trailLength: TRAIL_M, fadeTrail: true,
  });
}

/** A leaking sensor pulses like an alert, on the same uniforms (`radiusScale`, `opacity`). */
export function pipeLeakLayer(looks: FamilyLooks, clock: AnimationClock, visible: boolean): ScatterplotLayer<PointItem> {
  const leaks = looks.leaks;
  return new ScatterplotLayer<PointItem>({
    id: 'pipe-leaks', data: leaks, visible: visible && leaks.length > 0, pickable: false, radiusUnits: 'meters', getRadius: 10, radiusMinPixels: 8,
    radiusScale: 1 + 2 * clock.pulse, opacity: 0.8 - 0.6 * clock.pulse, stroked: true, filled: false, lineWidthMinPixels: 3,
    getPosition: (d) => d.position as [number, number, number], getLineColor: [255, 77, 79, 255],
  });
}
