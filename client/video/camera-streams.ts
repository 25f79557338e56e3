/**
 * The stream, snapshot and playback URLs of one camera: the server's templates (VIDEO_*_TEMPLATE,
 * `GET /api/client-config`) filled for the camera, or the camera's own URLs from its GIS feature
 * (`properties.hls` or `properties.whep` as the live protocol is, `properties.snapshot`,
 * `properties.playback`, templates themselves) when they
 * are on a host of the configured templates: the Content-Security-Policy lets the page reach those
 * hosts only, so a URL elsewhere could not play anyway.
 */
import { fillVideoTemplate, templateOrigin, type VideoTemplates } from '../../streams/video-templates.ts';

/** A camera's own URLs, from its feature in the twin's cameras layer. */
export interface CameraOverride {
  hls?: string;
  whep?: string;
  snapshot?: string;
  playback?: string;
}

export interface CameraStreams {
  live: string | null;
  liveProtocol: 'hls' | 'whep';
  snapshot: string | null;
  /** Recorded stream from the alert's time less the lead; null without a playback template or an alert. */
  playback: string | null;
  /** Where playback starts, ms since the epoch (null without playback). */
  playbackFromMs: number | null;
}

/** The override a camera feature's properties give (strings only). */
export function cameraOverride(properties: Record<string, unknown> | undefined): CameraOverride {
  const s = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
  const out: CameraOverride = {};
  const hls = s(properties?.hls);
  const whep = s(properties?.whep);
  const snapshot = s(properties?.snapshot);
  const playback = s(properties?.playback);
  if (hls) out.hls = hls;
  if (whep) out.whep = whep;
  if (snapshot) out.snapshot = snapshot;
  if (playback) out.playback = playback;
  return out;
}

export function cameraStreams(
  templates: VideoTemplates,
  camera: { id: string; override?: CameraOverride },
  community: string,
  alertRaisedAtMs?: number,
): CameraStreams {
  const allowed = new Set([templates.live, templates.snapshot, templates.playback].map(templateOrigin).filter(Boolean));
  const pick = (own: string | undefined, configured: string | null) => (own && allowed.has(templateOrigin(own)) ? own : configured);
  const values = { camera: camera.id, community };
  const fromMs = alertRaisedAtMs === undefined ? null : alertRaisedAtMs - templates.playbackLeadS * 1000;
  const playback = fromMs === null ? null : fillVideoTemplate(pick(camera.override?.playback, templates.playback), { ...values, startMs: fromMs });
  return {
    live: fillVideoTemplate(pick(camera.override?.[templates.liveProtocol], templates.live), values),
    liveProtocol: templates.liveProtocol,
    snapshot: fillVideoTemplate(pick(camera.override?.snapshot, templates.snapshot), values),
    playback,
    playbackFromMs: playback ? fromMs : null,
  };
}
