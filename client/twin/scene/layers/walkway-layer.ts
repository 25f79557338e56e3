/** The mountain city's walkways: stairs, skybridges, lifts and paths, coloured by kind. */
import { PathLayer } from '@deck.gl/layers';
import type { PathItem, TwinSceneData } from '../scene-data.ts';
import type { Rgba } from '../../colour-rules.ts';

const WALKWAY_COLOURS: Readonly<Record<string, Rgba>> = { stairs: [255, 214, 120, 230], skybridge: [120, 230, 255, 255], elevator: [200, 140, 255, 255] };
const PATH_COLOUR: Rgba = [230, 235, 245, 160];

export function walkwayLayer(scene: TwinSceneData, visible: boolean): PathLayer<PathItem> {
  return new PathLayer<PathItem>({
    id: 'walkways', data: scene.walkways, visible, pickable: true, widthUnits: 'meters', getWidth: (d) => (d.kind === 'skybridge' ? 4 : 2.5), widthMinPixels: 1,
    getPath: (d) => d.path, getColor: (d) => WALKWAY_COLOURS[d.kind] ?? PATH_COLOUR,
  });
}
