/**
 * Where the camera goes: a scene preset, or an object (fly-to), as deck.gl view states, and the
 * ground scale the scale bar shows.
 */
import { FlyToInterpolator, type MapViewState } from '@deck.gl/core';
import { enuToLonLat, type GeoOrigin } from '../../../twin-models/manifest/georef.ts';
import type { ScenePreset } from '../camera/scene-presets.ts';

/** Length of a flight, ms. */
export const FLY_MS = 1500;
/** Presets are framed for a view this wide, px; a smaller stage zooms out to show the same ground. */
const PRESET_FRAME_PX = 1600;
/** Zoom and pitch of a flight to one object. */
const OBJECT_ZOOM = 18.2;
const OBJECT_PITCH = 55;

/** Where the view starts before the twin has loaded. */
export const START_VIEW: MapViewState = { longitude: 0, latitude: 0, zoom: 15, pitch: 50, bearing: 0 };

/** The view of a preset, for a stage `widthPx` wide. */
export function presetView(origin: GeoOrigin, preset: ScenePreset, widthPx: number): MapViewState {
  const [lon, lat] = enuToLonLat(origin, preset.east, preset.north);
  const zoom = preset.zoom + Math.log2(Math.max(400, widthPx || PRESET_FRAME_PX) / PRESET_FRAME_PX);
  return { longitude: lon, latitude: lat, zoom, pitch: preset.pitch, bearing: preset.bearing, position: [0, 0, origin.height] };
}

/** The view of one object at [longitude, latitude, height m], keeping the current bearing. */
export function objectView(current: MapViewState, target: readonly number[], origin: GeoOrigin): MapViewState {
  // `position` lifts the camera's target to the object's height: the community sits hundreds of
  // metres above the ellipsoid, and a target at 0 m would push it off the top of the view.
  return { ...current, longitude: target[0], latitude: target[1], zoom: OBJECT_ZOOM, pitch: OBJECT_PITCH, position: [0, 0, target[2] ?? origin.height] };
}

/** `initialViewState` that flies from wherever the camera is to `next`. */
export function flight(next: MapViewState): MapViewState {
  return { ...next, transitionDuration: FLY_MS, transitionInterpolator: new FlyToInterpolator() } as MapViewState;
}

/** Ground metres that 100 px cover at the view's centre (web mercator). */
export function metresPer100px(vs: MapViewState): number {
  return (100 * 156543.03392 * Math.cos((vs.latitude * Math.PI) / 180)) / 2 ** vs.zoom;
}
