/**
 * A tour's camera keyframes as deck.gl view states with their transitions, played one after the
 * other; the twin and the city map controllers each own one and stop it on a new request or on
 * dispose (its one timer is the only thing it holds).
 */
import { FlyToInterpolator, LinearInterpolator, type MapViewState } from '@deck.gl/core';
import type { CameraKeyframe, Easing } from '../../streams/tours/tour.ts';

/** Seconds a keyframe's move takes when it does not say. */
export const DEFAULT_KEYFRAME_S = 2;

const EASE: Readonly<Record<Exclude<Easing, 'fly'>, (t: number) => number>> = {
  linear: (t) => t,
  'ease-in': (t) => t * t * t,
  'ease-out': (t) => 1 - (1 - t) ** 3,
  'ease-in-out': (t) => (t < 0.5 ? 4 * t * t * t : 1 - (-2 * t + 2) ** 3 / 2),
};
const LINEAR = new LinearInterpolator({ transitionProps: ['longitude', 'latitude', 'zoom', 'pitch', 'bearing'] });

/** The view state of one keyframe, with its transition (`speed`: the tour's speed factor). */
export function keyframeView(k: CameraKeyframe, speed: number, extra: Partial<MapViewState> = {}): MapViewState {
  const ms = ((k.duration ?? DEFAULT_KEYFRAME_S) * 1000) / speed;
  const easing = k.easing ?? 'fly';
  const view = { ...extra, longitude: k.longitude, latitude: k.latitude, zoom: k.zoom, pitch: k.pitch ?? 0, bearing: k.bearing ?? 0 };
  if (ms <= 0) return view;
  return {
    ...view, transitionDuration: ms,
    ...(easing === 'fly' ? { transitionInterpolator: new FlyToInterpolator() } : { transitionInterpolator: LINEAR, transitionEasing: EASE[easing] }),
  } as MapViewState;
}

export class KeyframeMoves {
  private timer: ReturnType<typeof setTimeout> | undefined;

  /** Moves through the keyframes with `fly`, each after the one before has had its time; returns the first view. */
  play(keyframes: readonly CameraKeyframe[], speed: number, fly: (view: MapViewState) => void, extra?: Partial<MapViewState>): MapViewState {
    this.stop();
    const views = keyframes.map((k) => keyframeView(k, speed, extra));
    let i = 0;
    const step = () => {
      fly(views[i]);
      const wait = ((keyframes[i].duration ?? DEFAULT_KEYFRAME_S) * 1000) / speed;
      i++;
      this.timer = i < views.length ? setTimeout(step, wait) : undefined;
    };
    step();
    return views[0];
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
