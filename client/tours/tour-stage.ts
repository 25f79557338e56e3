/**
 * What a playing tour asks of the cockpit, and what the cockpit answers, as one zustand vanilla
 * store: the camera request of the current step (for the twin or the city map, whichever shows
 * its node), the panel to point at, and the stage's report that the step's view is in place. The
 * player (tour-player.ts) writes requests; the twin and map shells pass them to their controllers
 * and report back. Also the cameras' sources for recording a keyframe (camera-recorder.ts).
 */
import { createStore } from 'zustand/vanilla';
import type { MapViewState } from '@deck.gl/core';
import type { CockpitPanel, TwinLayerName } from '../../streams/cockpit-vocabulary.ts';
import type { TourCamera } from '../../streams/tours/tour.ts';

/** A step's camera, for the stage that shows its node. */
export interface CameraRequest {
  /** Increases with every request; a report names the one it answers. */
  seq: number;
  /** 'twin': a community's twin (`community`); 'map': the city map of `node`. */
  target: 'twin' | 'map';
  node: string;
  /** The twin's community (target 'twin'). */
  community: string | null;
  /** Null: leave the camera where the stage puts it. */
  camera: TourCamera | null;
  /** Twin layers shown, or null to keep the preset's (or the current) ones. */
  layers: readonly TwinLayerName[] | null;
  /** Tour speed factor: camera moves take 1/speed of their time. */
  speed: number;
}

/** A camera position as the stages hold it. */
export type CameraView = Pick<MapViewState, 'longitude' | 'latitude' | 'zoom' | 'pitch' | 'bearing'>;

export interface TourStageState {
  request: CameraRequest | null;
  /** The request whose view is in place, with the view the camera went to. */
  arrived: { seq: number; target: 'twin' | 'map'; view: CameraView } | null;
  /** The panel the step points at. */
  panel: CockpitPanel | null;
}

export const tourStage = createStore<TourStageState>()(() => ({ request: null, arrived: null, panel: null }));

/** Called by a stage once it applied a request. */
export function reportArrived(seq: number, target: 'twin' | 'map', view: CameraView): void {
  if (tourStage.getState().request?.seq !== seq) return;
  tourStage.setState({ arrived: { seq, target, view: pickView(view) } });
}

/**
 * Follows the camera requests for one stage until the returned function is called: `accepts`
 * says whether a request is this stage's (whatever its target: a community without a twin is
 * shown by the map), `apply` moves its camera and calls `done` with the view.
 */
export function followCameraRequests(stage: 'twin' | 'map', accepts: (r: CameraRequest) => boolean, apply: (r: CameraRequest, done: (view: CameraView) => void) => void): () => void {
  let applied = -1;
  const check = (s: TourStageState) => {
    const r = s.request;
    if (!r || r.seq === applied || !accepts(r)) return;
    applied = r.seq;
    apply(r, (view) => reportArrived(r.seq, stage, view));
  };
  check(tourStage.getState());
  return tourStage.subscribe(check);
}

export function pickView(v: CameraView): CameraView {
  return { longitude: v.longitude, latitude: v.latitude, zoom: v.zoom, pitch: v.pitch ?? 0, bearing: v.bearing ?? 0 };
}

const cameraSources: (() => CameraView)[] = [];

/** The camera shown now, for recording a keyframe; the newest stage registered wins. Returns the release. */
export function registerCameraSource(view: () => CameraView): () => void {
  cameraSources.push(view);
  return () => {
    const i = cameraSources.lastIndexOf(view);
    if (i >= 0) cameraSources.splice(i, 1);
  };
}

export function currentCamera(): CameraView | null {
  const src = cameraSources[cameraSources.length - 1];
  return src ? pickView(src()) : null;
}
