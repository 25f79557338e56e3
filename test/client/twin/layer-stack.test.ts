/**
 * What a live tick costs deck.gl: colours are recomputed into owned arrays, a concern's revision
 * moves only when one of its colours changed, and the layer stack hands deck.gl the same layer
 * instances (which it skips) for everything else.
 */
import { describe, expect, it } from 'vitest';
import type { Layer } from '@deck.gl/core';
import { LiveStore } from '../../../client/live/live-store.ts';
import { TwinSceneData } from '../../../client/twin/scene/scene-data.ts';
import { FamilyLooks } from '../../../client/twin/scene/family-looks.ts';
import { AlertMarkers } from '../../../client/twin/scene/alert-markers.ts';
import { AnimationClock, STEP_MS } from '../../../client/twin/scene/animation-clock.ts';
import { LayerStack } from '../../../client/twin/scene/layers/layer-stack.ts';
import { TilesetWatch } from '../../../client/twin/scene/tiles/tileset-watch.ts';
import { ALL_VISIBLE } from '../../../client/twin/scene/layer-names.ts';
import { spaceColour } from '../../../client/twin/colour-rules.ts';
import type { AlertRecord } from '../../../streams/alert-lifecycle.ts';
import { alertRecord } from '../../console/alert-record.ts';
import { BIM_DEVICE, CAMERA, fakeTwin, write } from './fake-twin.ts';

/** Applies a record as an `alertUpdate` frame does. */
const update = (store: LiveStore, alert: AlertRecord) => store.applyAlertUpdate({ room: 'c-test/alert', epoch: 'e1', afterSeq: 0, action: 'raise', alert });

function setUp() {
  const store = new LiveStore();
  const scene = new TwinSceneData(fakeTwin());
  const looks = new FamilyLooks(scene);
  const markers = new AlertMarkers((a) => scene.alertPosition(a));
  const clock = new AnimationClock();
  const stack = new LayerStack(scene, looks, markers, clock, new TilesetWatch([], 0, () => {}));
  /** One frame as the controller runs it: apply the live data, then ask for the layers. */
  const frame = (visible = ALL_VISIBLE) => {
    looks.update(store.data, 'zh');
    markers.update(store.data.alerts.open());
    return byId(stack.layers(visible));
  };
  return { store, scene, looks, clock, frame };
}

const byId = (layers: Layer[]) => new Map(layers.map((l) => [l.id, l]));
/** Ids of the layers that are new instances in `b` (deck.gl diffs only those). */
const renewed = (a: Map<string, Layer>, b: Map<string, Layer>) => [...b.keys()].filter((id) => a.get(id) !== b.get(id)).sort();
const rgba = (a: Uint8ClampedArray, i: number) => [...a.subarray(i * 4, i * 4 + 4)];

describe('twin layers on a live tick', () => {
  it('draws thirteen layers for a twin without photogrammetry, all with data arrays that never change', () => {
    const { store, scene, frame } = setUp();
    write(store, [[1, 5], [3, 1]]);
    const first = frame();
    expect([...first.keys()]).toEqual(['buildings', 'parking-lots', 'parking-spaces', 'parking-labels', 'pipes', 'pipe-sensors', 'pipe-flow', 'pipe-leaks', 'walkways', 'cameras', 'env-sensors', 'facilities', 'alerts']);
    expect(first.get('buildings')!.props.data).toBe(scene.buildings);
    expect(first.get('parking-spaces')!.props.data).toBe(scene.spaces);
  });

  it('draws every terrain and photogrammetry tileset of the twin, terrain first, under the one toggle; a buildings tileset is not drawn', () => {
    const model = fakeTwin();
    const ts = (id: string, kind: 'terrain' | 'photogrammetry' | 'buildings') => ({ id, kind, name: { zh: id, en: id }, uri: `tiles/${id}/tileset.json` });
    model.manifest.tilesets = [ts('block-a', 'photogrammetry'), ts('bim', 'buildings'), ts('ground', 'terrain'), ts('block-b', 'photogrammetry')];
    const scene = new TwinSceneData(model);
    const looks = new FamilyLooks(scene);
    const watch = new TilesetWatch(['ground', 'block-a', 'block-b'], 300, () => {});
    const stack = new LayerStack(scene, looks, new AlertMarkers((a) => scene.alertPosition(a)), new AnimationClock(), watch);
    const ids = (v = ALL_VISIBLE) => stack.layers(v).filter((l) => l.id.startsWith('tileset-')).map((l) => `${l.id}:${l.props.visible}`);
    expect(ids()).toEqual(['tileset-ground:true', 'tileset-block-a:true', 'tileset-block-b:true']);
    expect(ids({ ...ALL_VISIBLE, photogrammetry: false })).toEqual(['tileset-ground:false', 'tileset-block-a:false', 'tileset-block-b:false']);
    // Nothing has loaded yet: the ready signal waits; one failure settles its tileset and is kept once per file.
    expect(watch.settled()).toBe(false);
    watch.failed('block-b', 'http://localhost/twins/c-test/tiles/block-b/0/0.glb', 'HTTP 404 (file missing)');
    watch.failed('block-b', '/twins/c-test/tiles/block-b/0/0.glb', 'Failed to fetch');
    expect(watch.problems).toEqual([{ tileset: 'block-b', url: '/twins/c-test/tiles/block-b/0/0.glb', message: 'HTTP 404 (file missing)' }]);
    expect(watch.summary().map((s) => s.state)).toEqual(['loading', 'loading', 'failed']);
  });

  it('a tick with nothing new hands deck.gl the very same layers', () => {
    const { store, frame } = setUp();
    write(store, [[1, 5]]);
    const a = frame();
    write(store, [[1, 5]]); // a new revision, same values
    expect(renewed(a, frame())).toEqual([]);
  });

  it.each([
    { what: 'a parking space', rows: [[3, 1]] as [number, number | string][], layers: ['parking-spaces'] },
    { what: 'a building meter', rows: [[2, 40]] as [number, number | string][], layers: ['buildings'] },
    { what: 'a lot count', rows: [[5, 2]] as [number, number | string][], layers: ['parking-labels'] },
    { what: 'an environment sensor', rows: [[6, 200]] as [number, number | string][], layers: ['env-sensors'] },
    { what: 'a pipe sensor reporting a leak', rows: [[7, 'leak']] as [number, number | string][], layers: ['pipe-leaks', 'pipe-sensors', 'pipes'] },
  ])('a change of $what renews only its own layers', ({ rows, layers }) => {
    const { store, frame } = setUp();
    write(store, [[1, 5], [2, 5], [3, 0], [5, 0], [6, 10], [7, 'normal']]);
    const a = frame();
    write(store, rows);
    expect(renewed(a, frame())).toEqual(layers);
  });

  it('colours land in the arrays the accessors read, and a leak gets its marker', () => {
    const { store, looks, frame } = setUp();
    write(store, [[3, 0], [4, 1], [7, 'leak']]);
    const layers = frame();
    expect(rgba(looks.spaceColours, 0)).toEqual(spaceColour(0));
    expect(rgba(looks.spaceColours, 1)).toEqual(spaceColour(1));
    expect((layers.get('pipe-leaks')!.props.data as unknown[]).length).toBe(1);
    expect(layers.get('pipe-leaks')!.props.visible).toBe(true);
  });

  it('an animation step renews only the animated layers; a hidden one stays put', () => {
    const { store, clock, frame } = setUp();
    write(store, [[7, 'leak']]);
    update(store, alertRecord({ id: 1, community: 'c-test', neighbourhood: 'n-1', device: BIM_DEVICE, location: 'b-2', raisedAt: Date.now() }));
    clock.advance(1000);
    const a = frame();
    expect((a.get('alerts')!.props.data as unknown[]).length).toBe(1);
    clock.advance(1000 + STEP_MS);
    const b = frame();
    expect(renewed(a, b)).toEqual(['alerts', 'pipe-flow', 'pipe-leaks']);
    clock.advance(1000 + 2 * STEP_MS);
    expect(renewed(b, frame({ ...ALL_VISIBLE, pipes: false }))).toEqual(['alerts', 'pipe-flow', 'pipe-leaks', 'pipe-sensors', 'pipes']);
    const hidden = frame({ ...ALL_VISIBLE, pipes: false });
    clock.advance(1000 + 3 * STEP_MS);
    expect(renewed(hidden, frame({ ...ALL_VISIBLE, pipes: false }))).toEqual(['alerts']);
  });

  it('alert markers keep their data array until the open records change, and a resolved one stops pulsing', () => {
    const { store, frame } = setUp();
    const at = (id: number, device: string): AlertRecord =>
      alertRecord({ id, community: 'c-test', neighbourhood: 'n-1', type: 'crowding_danger_zone', severity: 'major', device, location: '', raisedAt: Date.now() });
    const camera = at(1, CAMERA);
    update(store, camera);
    const a = frame().get('alerts')!.props.data;
    write(store, [[1, 7]]);
    expect(frame().get('alerts')!.props.data).toBe(a);
    update(store, at(2, 'no-such-device'));
    const b = frame().get('alerts')!.props.data as unknown[];
    expect(b).not.toBe(a);
    expect(b.length).toBe(1); // a device the twin does not know has no marker
    update(store, { ...camera, state: 'resolved', revision: 2, updatedAt: camera.updatedAt + 1 });
    expect(frame().get('alerts')!.props.data).toEqual([]);
  });
});
