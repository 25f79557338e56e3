/** Open alert records at their place, coloured by severity, pulsing through uniforms (`radiusScale`, `opacity`). */
import { ScatterplotLayer } from '@deck.gl/layers';
import { alertColour } from '../family-looks.ts';
import type { AlertMarkers, PlacedAlert } from '../alert-markers.ts';
import type { AnimationClock } from '../animation-clock.ts';

export function alertLayer(markers: AlertMarkers, clock: AnimationClock, visible: boolean): ScatterplotLayer<PlacedAlert> {
  return new ScatterplotLayer<PlacedAlert>({
    id: 'alerts', data: markers.placed, visible, pickable: true, radiusUnits: 'meters', getRadius: 14, radiusMinPixels: 6,
    radiusScale: 1 + 1.5 * clock.pulse, opacity: 0.9 - 0.5 * clock.pulse, stroked: true, lineWidthMinPixels: 2,
    getPosition: (d) => d.position, getFillColor: (d) => alertColour(d.a.severity),
    getLineColor: [255, 255, 255, 255],
  });
}
