/**
 * The layers of the community view: its tilesets (terrain and photogrammetry blocks), the BIM shells
 * of the buildings close to the camera (bim/bim-shells.ts), thirteen more, one per point family that has devices in the
 * twin (bins, gates) and the two of the walking routes the evidence view shows, in drawing order, each kept as the same instance while its inputs are
 * unchanged. deck.gl skips an unchanged instance outright (no prop diff), so a live tick that
 * changed the parking colours hands deck.gl one new layer, not all of them; an animation step
 * hands it the three animated ones, whose change is a uniform.
 *
 * The key of each layer below is everything it is built from: keep them in step with the layer
 * functions when adding an input.
 */
import type { Layer } from '@deck.gl/core';
import type { TwinSceneData } from '../scene-data.ts';
import type { FamilyLooks } from '../family-looks.ts';
import type { AlertMarkers } from '../alert-markers.ts';
import type { AnimationClock } from '../animation-clock.ts';
import type { LayerVisibility, TwinLayerName } from '../layer-names.ts';
import { drawnTilesets, tilesetLayer } from './photogrammetry-layer.ts';
import type { TilesetWatch } from '../tiles/tileset-watch.ts';
import { buildingLayer } from './building-layer.ts';
import { bimShellLayer, BIM_SHELL_LAYER_PREFIX } from './bim-shell-layer.ts';
import { BimShells } from '../bim/bim-shells.ts';
import { lotLabelLayer, lotLayer, spaceLayer } from './parking-layers.ts';
import { pipeFlowLayer, pipeLayer, pipeLeakLayer, pipeSensorLayer } from './pipe-layers.ts';
import { walkwayLayer } from './walkway-layer.ts';
import { cameraLayer, envSensorLayer } from './device-layers.ts';
import { facilityLayer } from './facility-layer.ts';
import { alertLayer } from './alert-layer.ts';
import { familyPointLayer } from './family-points-layer.ts';
import { walkRouteLabelLayer, walkRouteLayer, type WalkRouteOverlay } from './walk-route-layers.ts';

type Key = readonly (number | boolean)[];

interface Slot { key: Key; layer: Layer | null }

export class LayerStack {
  private readonly slots = new Map<string, Slot>();
  private current: Layer[] = [];

  constructor(
    private readonly scene: TwinSceneData,
    private readonly looks: FamilyLooks,
    private readonly markers: AlertMarkers,
    private readonly clock: AnimationClock,
    private readonly tiles: TilesetWatch,
    /** Default: none (a stack with massing only). */
    private readonly shells: BimShells = new BimShells(scene, () => {}),
  ) {}

  /**
   * The layers to draw; the same array, with the same instances, when nothing they use changed.
   * `routes`: the walks of 12.1 and 12.2 the evidence view asks for (none when omitted).
   */
  layers(v: LayerVisibility, routes?: WalkRouteOverlay): Layer[] {
    const { scene, looks, markers, clock } = this;
    const r = looks.rev;
    // A hidden animated layer keeps its last phase: it does not churn while nobody sees it.
    const pulse = (on: boolean) => (on ? clock.pulse : -1);
    let changed = false;
    const out: Layer[] = [];
    const use = (id: string, key: Key, make: () => Layer | null) => {
      let slot = this.slots.get(id);
      if (!slot || !sameKey(slot.key, key)) {
        slot = { key, layer: make() };
        this.slots.set(id, slot);
        changed = true;
      }
      if (slot.layer) out.push(slot.layer);
    };
    // Every terrain and photogrammetry tileset of the twin, under the one toggle.
    for (const t of drawnTilesets(scene)) use(`tileset-${t.id}`, [v.photogrammetry], () => tilesetLayer(scene, t, v.photogrammetry, this.tiles));
    const shells = this.shells;
    use('buildings', [v.buildings, r.buildings, shells.rev], () => buildingLayer(scene, looks, shells, v.buildings));
    // Close up, the nearest buildings' BIM shells instead of their massing; a released shell's slot
    // goes too, so nothing holds its mesh once deck.gl has dropped the layer.
    const shown = shells.shown();
    for (const sh of shown) use(`${BIM_SHELL_LAYER_PREFIX}${sh.id}`, [v.buildings, r.buildings, sh.serial], () => bimShellLayer(scene, looks, sh, v.buildings));
    for (const id of this.slots.keys()) {
      if (id.startsWith(BIM_SHELL_LAYER_PREFIX) && !shown.some((sh) => `${BIM_SHELL_LAYER_PREFIX}${sh.id}` === id)) { this.slots.delete(id); changed = true; }
    }
    use('parking-lots', [v.parking], () => lotLayer(scene, v.parking));
    use('parking-spaces', [v.parking, r.spaces], () => spaceLayer(scene, looks, v.parking));
    use('parking-labels', [v.parking, r.labels], () => lotLabelLayer(scene, looks, v.parking));
    use('pipes', [v.pipes, r.pipes], () => pipeLayer(scene, looks, v.pipes));
    use('pipe-sensors', [v.pipes, r.pipes], () => pipeSensorLayer(scene, looks, v.pipes));
    use('pipe-flow', [v.pipes, v.pipes ? clock.flowM : -1], () => pipeFlowLayer(scene, clock, v.pipes));
    use('pipe-leaks', [v.pipes, r.pipes, pulse(v.pipes && looks.leaks.length > 0)], () => pipeLeakLayer(looks, clock, v.pipes));
    use('walkways', [v.walkways], () => walkwayLayer(scene, v.walkways));
    use('cameras', [v.devices], () => cameraLayer(scene, v.devices));
    use('env-sensors', [v.devices, r.env], () => envSensorLayer(scene, looks, v.devices));
    use('facilities', [v.facilities], () => facilityLayer(scene, v.facilities));
    // Each point family under its descriptor's layer toggle, keyed on its own colour revision.
    scene.familyPoints.forEach((g, i) => {
      const on = v[g.family.twin!.layer as TwinLayerName] ?? true;
      use(g.layerId, [on, looks.points.rev[i]], () => (g.items.length ? familyPointLayer(g, looks.points, i, on) : null));
    });
    if (routes) {
      use('walk-routes', [routes.rev], () => walkRouteLayer(routes));
      use('walk-route-labels', [routes.rev], () => walkRouteLabelLayer(routes));
    }
    use('alerts', [v.alerts, markers.revision, pulse(v.alerts && markers.placed.length > 0)], () => alertLayer(markers, clock, v.alerts));
    if (changed) this.current = out;
    return this.current;
  }
}

function sameKey(a: Key, b: Key): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
