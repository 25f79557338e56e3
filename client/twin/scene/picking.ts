/**
 * What a click selects. Selection is picked on pointer release with `deck.pickObject` rather than
 * through deck's `onClick`, whose asynchronous picking did not report clicks reliably in headless
 * Chromium; a press that moved (a drag of the map) selects nothing.
 */
import type { PickingInfo } from '@deck.gl/core';
import type { TwinSceneData } from './scene-data.ts';
import { FAMILY_POINT_PICK_KIND } from './family-points.ts';
import { BIM_SHELL_LAYER_PREFIX } from './layers/bim-shell-layer.ts';

export interface PickedObject {
  kind: 'building' | 'space' | 'lot' | 'pipe' | 'pipe-sensor' | 'walkway' | 'camera' | 'sensor' | 'facility' | 'transit' | 'alert'
    /** Devices of the families drawn as family points (their descriptors' `twin.object`). */
    | 'bin' | 'gate';
  id: string;
  name: string;
  neighbourhood?: string;
  /** [longitude, latitude, height m]. */
  position: [number, number, number];
}

/** Kind of object each pickable layer draws, by layer id. */
export const PICK_KIND: Readonly<Record<string, PickedObject['kind']>> = {
  buildings: 'building', 'parking-spaces': 'space', 'parking-lots': 'lot', pipes: 'pipe', 'pipe-sensors': 'pipe-sensor', walkways: 'walkway',
  cameras: 'camera', 'env-sensors': 'sensor', facilities: 'facility', alerts: 'alert',
  ...(FAMILY_POINT_PICK_KIND as Record<string, PickedObject['kind']>),
};

/** A pointer that moved further than this between press and release is a drag, px. */
const CLICK_SLOP_PX = 5;
/** Picking radius around the pointer, px. */
export const PICK_RADIUS_PX = 4;

/** deck.gl's picking result → the object the card describes, or null. */
export function toPicked(scene: TwinSceneData, info: PickingInfo | null): PickedObject | null {
  if (!info?.object || !info.layer) return null;
  const o = info.object as { id?: string; name?: string; neighbourhood?: string; position?: number[]; a?: { device: string; location: string; neighbourhood: string } };
  if ((info.layer.id === 'buildings' || info.layer.id.startsWith(BIM_SHELL_LAYER_PREFIX)) && o.id) {
    const position = scene.model.buildingCentres.get(o.id);
    return position ? { kind: 'building', id: o.id, name: o.name ?? o.id, neighbourhood: o.neighbourhood, position } : null;
  }
  const kind = PICK_KIND[info.layer.id];
  if (!kind) return null;
  if (kind === 'alert' && o.a) return { kind, id: o.a.device, name: o.a.location, neighbourhood: o.a.neighbourhood, position: info.coordinate as [number, number, number] };
  return { kind, id: o.id ?? '', name: o.name ?? o.id ?? '', neighbourhood: o.neighbourhood, position: (o.position ?? info.coordinate) as [number, number, number] };
}

/**
 * Calls `onClick(x, y)` (px within `el`) for a press and release that did not move. Returns the
 * function that removes its listeners.
 */
export function listenForClicks(el: HTMLElement, onClick: (x: number, y: number) => void): () => void {
  let downAt: [number, number] | null = null;
  const onDown = (e: PointerEvent) => { downAt = [e.clientX, e.clientY]; };
  const onUp = (e: PointerEvent) => {
    if (!downAt || Math.hypot(e.clientX - downAt[0], e.clientY - downAt[1]) > CLICK_SLOP_PX) return;
    const r = el.getBoundingClientRect();
    onClick(e.clientX - r.left, e.clientY - r.top);
  };
  el.addEventListener('pointerdown', onDown);
  el.addEventListener('pointerup', onUp);
  return () => {
    el.removeEventListener('pointerdown', onDown);
    el.removeEventListener('pointerup', onUp);
  };
}
