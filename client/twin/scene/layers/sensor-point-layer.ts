/** A sensor drawn as a white-ringed dot whose fill is its family's colour, refreshed on the family's revision. */
import { ScatterplotLayer } from '@deck.gl/layers';
import type { PointItem } from '../scene-data.ts';
import { rgbaAt } from '../family-looks.ts';

export interface SensorPointProps {
  id: string;
  data: readonly PointItem[];
  /** RGBA per sensor, in `data` order (owned by FamilyLooks). */
  colours: Uint8ClampedArray;
  /** Moves when a colour changed: the only thing that refreshes the fill attribute. */
  revision: number;
  /** Dot radius, pixels. */
  radius: number;
  visible: boolean;
}

export function sensorPointLayer({ id, data, colours, revision, radius, visible }: SensorPointProps): ScatterplotLayer<PointItem> {
  return new ScatterplotLayer<PointItem>({
    id, data: data as PointItem[], visible, pickable: true, radiusUnits: 'pixels', getRadius: radius, stroked: true, lineWidthMinPixels: 2,
    getPosition: (d) => d.position as [number, number, number], getLineColor: [255, 255, 255, 220],
    getFillColor: (_d, { index, target }) => rgbaAt(colours, index, target), updateTriggers: { getFillColor: revision },
  });
}
