/**
 * Recording a camera keyframe while writing a tour: `K` in the cockpit takes the view of the twin
 * or the city map as shown, as the JSON of a tour keyframe, logs it to the console, copies it to
 * the clipboard (where the browser allows) and shows it on screen for a while.
 */
import { createStore } from 'zustand/vanilla';
import type { CameraKeyframe } from '../../streams/tours/tour.ts';
import { currentCamera } from './tour-stage.ts';
import { isTyping } from './presenter-keys.ts';

/** How long the recorded keyframe stays on screen, ms. */
export const RECORDED_SHOWN_MS = 8000;

/** The keyframe last recorded, as shown (null when none or its time is over). */
export const recordedKeyframe = createStore<{ json: string | null; copied: boolean }>()(() => ({ json: null, copied: false }));

/** The camera shown now as a keyframe (rounded to what a tour file needs), or null without a stage. */
export function cameraKeyframe(): CameraKeyframe | null {
  const v = currentCamera();
  if (!v) return null;
  const r = (x: number | undefined, d: number) => Number((x ?? 0).toFixed(d));
  return { longitude: r(v.longitude, 6), latitude: r(v.latitude, 6), zoom: r(v.zoom, 2), pitch: r(v.pitch, 1), bearing: r(v.bearing, 1), duration: 2, easing: 'fly' };
}

/** Listens for `K` until the returned function is called. */
export function listenForCameraRecording(): () => void {
  let hide: ReturnType<typeof setTimeout> | undefined;
  const onKey = (e: KeyboardEvent) => {
    if (e.key !== 'k' && e.key !== 'K') return;
    if (e.altKey || e.ctrlKey || e.metaKey || isTyping(e.target)) return;
    const k = cameraKeyframe();
    if (!k) return;
    const json = JSON.stringify(k);
    console.info(`tour keyframe: ${json}`);
    recordedKeyframe.setState({ json, copied: false });
    navigator.clipboard?.writeText(json).then(
      () => { if (recordedKeyframe.getState().json === json) recordedKeyframe.setState({ copied: true }); },
      () => { /* No clipboard (an insecure origin): the console and the screen have it. */ },
    );
    clearTimeout(hide);
    hide = setTimeout(() => recordedKeyframe.setState({ json: null, copied: false }), RECORDED_SHOWN_MS);
  };
  window.addEventListener('keydown', onKey);
  return () => {
    clearTimeout(hide);
    window.removeEventListener('keydown', onKey);
  };
}
