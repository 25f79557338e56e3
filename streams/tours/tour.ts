/**
 * A demo tour as data: the steps an inspection visit is shown, each with the place (a node of the
 * sites tree), the camera, the layers, the panel to point at, a caption and narration in Chinese
 * and English, how long it lasts, and optionally a staged incident handled in front of the
 * visitors. Tour files live in twin-models/tours/ (`tour.schema.json` describes them for editors);
 * `validateTour` (validate-tour.ts) checks one and names the step and field of every problem.
 */
import type { CockpitPanel, ScenePresetKey, TwinLayerName } from '../cockpit-vocabulary.ts';
import type { Severity } from '../alerts.ts';

/** Text in both languages of the cockpit. */
export interface Bilingual {
  zh: string;
  en: string;
}

/** How a camera move eases: `fly` zooms out and in along the way (deck.gl's FlyToInterpolator). */
export const EASINGS = ['fly', 'linear', 'ease-in', 'ease-out', 'ease-in-out'] as const;
export type Easing = (typeof EASINGS)[number];

/** One camera position to move to, in the twin's or the city map's web-mercator view. */
export interface CameraKeyframe {
  /** Degrees east, -180 to 180. */
  longitude: number;
  /** Degrees north, -85 to 85. */
  latitude: number;
  /** Web-mercator zoom, 0 to 24. */
  zoom: number;
  /** Degrees from looking straight down, 0 to 85. Default 0. */
  pitch?: number;
  /** Degrees clockwise from north, -360 to 360. Default 0. */
  bearing?: number;
  /** Seconds the move to this keyframe takes, 0 to 60. Default 2. */
  duration?: number;
  /** Default 'fly'. */
  easing?: Easing;
}

/**
 * Where the camera goes on a step: a twin preset by name, or keyframes played in order. A step
 * without one leaves the camera where the node puts it (a map fits its area, a twin its overview).
 */
export type TourCamera = { preset: ScenePresetKey } | { keyframes: CameraKeyframe[] };

/** Incidents a tour can stage; each becomes an alert of one type (INCIDENT_KINDS). */
export const INCIDENT_KIND_NAMES = ['leak', 'fire', 'lift_trapped', 'intrusion', 'storm'] as const;
export type IncidentKind = (typeof INCIDENT_KIND_NAMES)[number];

/** What each staged incident raises, and the device ids it expects (by their prefix in the demo community). */
export const INCIDENT_KINDS: Readonly<Record<IncidentKind, { type: string; severity: Severity; label: Bilingual }>> = {
  leak: { type: 'pipe_leak', severity: 'major', label: { zh: '管网泄漏', en: 'Pipe leak' } },
  fire: { type: 'fire', severity: 'critical', label: { zh: '楼栋火警', en: 'Fire alarm in a tower' } },
  lift_trapped: { type: 'elevator_trapped', severity: 'critical', label: { zh: '电梯困人', en: 'Passenger trapped in a lift' } },
  intrusion: { type: 'perimeter_intrusion', severity: 'major', label: { zh: '周界入侵', en: 'Perimeter intrusion' } },
  storm: { type: 'waterlogging', severity: 'major', label: { zh: '暴雨内涝', en: 'Storm and waterlogging' } },
};

/** The console's steps a staged incident is handled through, in this order (resolve may follow ack). */
export const HANDLING_ACTIONS = ['ack', 'dispatch', 'resolve'] as const;
export type HandlingAction = (typeof HANDLING_ACTIONS)[number];

export interface HandlingStep {
  action: HandlingAction;
  /** Seconds after the step starts, within its duration. */
  at: number;
  /** `dispatch`: who is sent. */
  assignee?: Bilingual;
  /** What the operator notes with the action. Default none. */
  comment?: Bilingual;
}

/**
 * An incident staged on a step: an alert marked as demo, held only by the screen playing the tour
 * (never stored, listed, counted or reported), then handled acknowledge → dispatch → resolve.
 */
export interface StagedIncident {
  kind: IncidentKind;
  /** The device that "raises" it (a sensor, detector, lift or camera id of the twin). */
  device: string;
  /** The neighbourhood it happens in (a node under the step's node, or the step's node itself). */
  neighbourhood: string;
  location: Bilingual;
  message: Bilingual;
  /** Default: the kind's (INCIDENT_KINDS). */
  severity?: Severity;
  /** Seconds after the step starts. Default 1. */
  at?: number;
  handling: HandlingStep[];
}

export interface TourStep {
  /** Unique in the tour: lower-case letters, digits and dashes (it names the step in the URL). */
  id: string;
  /** A node of the sites tree: the cockpit drills to it. */
  node: string;
  camera?: TourCamera;
  /** Twin layers shown (all others hidden). Default: the preset's, else as they are. */
  layers?: TwinLayerName[];
  /** The cockpit panel pointed at. Default none. */
  panel?: CockpitPanel;
  caption: Bilingual;
  /** What the presenter says (shown under the caption). */
  narration: Bilingual;
  /** Seconds the step lasts when the tour plays by itself, 2 to 600. */
  duration: number;
  incident?: StagedIncident;
}

export interface Tour {
  /** Lower-case letters, digits and dashes; the file is `<id>.json`. */
  id: string;
  title: Bilingual;
  description?: Bilingual;
  /** The tour the cockpit offers first; at most one tour is the default. */
  default?: boolean;
  steps: TourStep[];
}

/** A tour as the list (`GET /api/tours`) shows it. */
export interface TourSummary {
  id: string;
  title: Bilingual;
  description?: Bilingual;
  default: boolean;
  steps: number;
  /** Seconds, the steps' durations added up. */
  duration: number;
}

/** `GET /api/tours/:id`: the tour with the steps the caller may be shown, and why any are left out. */
export interface TourAnswer {
  tour: Tour;
  skipped: { step: string; reason: string }[];
}

export function summarise(t: Tour): TourSummary {
  return {
    id: t.id, title: t.title, ...(t.description ? { description: t.description } : {}), default: t.default === true,
    steps: t.steps.length, duration: t.steps.reduce((s, x) => s + x.duration, 0),
  };
}
