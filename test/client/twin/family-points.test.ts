/**
 * The family points (waste bins, gates): drawn from their descriptors, one layer per family under
 * its layer toggle, coloured by the family's colour rule, renewed only when their own colours
 * changed, and picked as the family's object kind.
 */
import { describe, expect, it } from 'vitest';
import type { Layer, PickingInfo } from '@deck.gl/core';
import { LiveStore } from '../../../client/live/live-store.ts';
import { TwinSceneData } from '../../../client/twin/scene/scene-data.ts';
import { FamilyLooks } from '../../../client/twin/scene/family-looks.ts';
import { AlertMarkers } from '../../../client/twin/scene/alert-markers.ts';
import { AnimationClock } from '../../../client/twin/scene/animation-clock.ts';
import { LayerStack } from '../../../client/twin/scene/layers/layer-stack.ts';
import { TilesetWatch } from '../../../client/twin/scene/tiles/tileset-watch.ts';
import { ALL_VISIBLE, onlyLayers } from '../../../client/twin/scene/layer-names.ts';
import { toPicked } from '../../../client/twin/scene/picking.ts';
import { FAMILY_POINT_PICK_KIND, POINT_FAMILIES } from '../../../client/twin/scene/family-points.ts';
import { LEVEL_COLOURS } from '../../../streams/families/palette.ts';
import type { Feature } from '../../../twin-models/manifest/load-twin.ts';
import { packColumns, type SeriesDescriptor } from '../../../streams/live-protocol.ts';
import { fakeTwin, write } from './fake-twin.ts';

const BIN = 'wb-1';

/** The fake twin with one waste bin, its fill sensor standing in the GIS sensors layer. */
function twinWithBin() {
  const model = fakeTwin();
  const [lon, lat] = model.origin;
  const f: Feature = { type: 'Feature', geometry: { type: 'Point', coordinates: [lon + 0.004, lat, 300] }, properties: { id: BIN, kind: 'waste_bin', name: '厨余桶' } };
  model.layers.sensors!.features.push(f);
  const feature = model.feature;
  model.feature = (id) => (id === BIN ? f : feature(id));
  (model.manifest.devices as unknown[]).push({ id: BIN, measurement: 'waste_bin', neighbourhood: 'n-1', binding: { feature: BIN } });
  return model;
}

const BIN_SERIES: SeriesDescriptor[] = [{ id: 90, measurement: 'waste_bin', tags: { bin: BIN, category: 'food' }, field: 'fill_pct', type: 'float' }];
let seq = 1000;
function writeFill(store: LiveStore, pct: number) {
  store.applyTelemetry({ room: 'c-test/waste', epoch: 'e1', seq: ++seq, schema: BIN_SERIES, samples: packColumns([90], [Date.now()], [pct]) });
}

function setUp() {
  const store = new LiveStore();
  const scene = new TwinSceneData(twinWithBin());
  const looks = new FamilyLooks(scene);
  const markers = new AlertMarkers((a) => scene.alertPosition(a));
  const stack = new LayerStack(scene, looks, markers, new AnimationClock(), new TilesetWatch([], 0, () => {}));
  const frame = (visible = ALL_VISIBLE) => {
    looks.update(store.data, 'zh');
    markers.update(store.data.alerts.open());
    return new Map(stack.layers(visible).map((l) => [l.id, l]));
  };
  return { store, scene, looks, frame };
}

const renewed = (a: Map<string, Layer>, b: Map<string, Layer>) => [...b.keys()].filter((id) => a.get(id) !== b.get(id)).sort();

describe('family points on the twin', () => {
  it('waste bins and gates are point families; a bin is not an environment sensor', () => {
    expect(POINT_FAMILIES.map((d) => d.measurement)).toEqual(expect.arrayContaining(['waste_bin', 'access_control']));
    const { scene, frame } = setUp();
    expect(scene.envSensors.map((e) => e.id)).toEqual(['env-1']);
    const layers = frame();
    expect(layers.get('family-waste_bin')!.props.data).toBe(scene.familyPoints.find((g) => g.layerId === 'family-waste_bin')!.items);
    // A family with no device in the twin draws no layer.
    expect(layers.has('family-access_control')).toBe(false);
  });

  it('a bin filling up renews only its own layer, with its level colour; other ticks leave it alone', () => {
    const { store, looks, scene, frame } = setUp();
    writeFill(store, 40);
    write(store, [[1, 5]]);
    const a = frame();
    const g = scene.familyPoints.findIndex((x) => x.layerId === 'family-waste_bin');
    expect([...looks.points.colours[g].subarray(0, 4)]).toEqual([...LEVEL_COLOURS.ok]);
    write(store, [[3, 1]]);
    const b = frame();
    expect(renewed(a, b)).toEqual(['parking-spaces']);
    writeFill(store, 95);
    const c = frame();
    expect(renewed(b, c)).toEqual(['family-waste_bin']);
    expect([...looks.points.colours[g].subarray(0, 4)]).toEqual([...LEVEL_COLOURS.alarm]);
    expect(c.get('family-waste_bin')!.props.data).toBe(a.get('family-waste_bin')!.props.data);
  });

  it('follows its family\'s layer toggle (devices)', () => {
    const { frame } = setUp();
    expect(frame().get('family-waste_bin')!.props.visible).toBe(true);
    expect(frame(onlyLayers(['buildings'])).get('family-waste_bin')!.props.visible).toBe(false);
  });

  it('a pick of a bin opens the bin\'s card; locate knows it is a bin', () => {
    const { scene, frame } = setUp();
    const layer = frame().get('family-waste_bin')!;
    expect(FAMILY_POINT_PICK_KIND['family-waste_bin']).toBe('bin');
    const item = scene.familyPoints.find((x) => x.layerId === 'family-waste_bin')!.items[0];
    const picked = toPicked(scene, { object: item, layer, coordinate: item.position } as unknown as PickingInfo);
    expect(picked).toMatchObject({ kind: 'bin', id: BIN, name: '厨余桶' });
    expect(scene.locate(BIN)?.kind).toBe('bin');
  });
});
