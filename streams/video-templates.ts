/**
 * The customer's video platform as URL templates (README, docs/video.md): the camera link
 * (VIDEO_LINK_TEMPLATE), the live stream (HLS or WHEP), a snapshot image and a playback stream from the
 * alert's time. The server checks the templates at start; browsers fill them per camera.
 *
 * Filling keeps to the template's host: every value is URL-encoded, and a value that would leave
 * its place in the URL (`..` as a path segment) gives no URL at all.
 */
import { CHINA_OFFSET_MS } from './china-time.ts';

/** The placeholders a template may hold, and what each becomes. */
export const VIDEO_PLACEHOLDERS = {
  camera: 'the camera id (the feature id of the twin\'s cameras layer, a GB/T 28181 channel id on most platforms)',
  community: 'the community id',
  start: 'playback start, ISO 8601 UTC: 2026-12-04T01:02:03Z',
  start_s: 'playback start, Unix epoch seconds',
  start_ms: 'playback start, Unix epoch milliseconds',
  start_cn: 'playback start, China time (UTC+8) as "2026-12-04 09:02:03", the form GB/T 28181 platforms take',
} as const;
export type VideoPlaceholder = keyof typeof VIDEO_PLACEHOLDERS;

/** Placeholders of the playback start: only the playback template has a time to give them. */
export const START_PLACEHOLDERS: readonly VideoPlaceholder[] = ['start', 'start_s', 'start_ms', 'start_cn'];

/** The video platform's templates as browsers get them (`GET /api/client-config`); null: not configured. */
export interface VideoTemplates {
  /** Live stream (VIDEO_LIVE_TEMPLATE): an HLS playlist (`.m3u8`) or a WebRTC WHEP endpoint, as `liveProtocol` says. */
  live: string | null;
  /** What the live template points at (VIDEO_LIVE_PROTOCOL, default `hls`). Playback is HLS always. */
  liveProtocol: 'hls' | 'whep';
  /** A still image of the camera (VIDEO_SNAPSHOT_TEMPLATE), shown when the stream cannot be reached. */
  snapshot: string | null;
  /** Recorded HLS from the alert's time (VIDEO_PLAYBACK_TEMPLATE). */
  playback: string | null;
  /** Playback starts this many seconds before the alert was raised (VIDEO_PLAYBACK_LEAD_S). */
  playbackLeadS: number;
}

export const NO_VIDEO: VideoTemplates = { live: null, liveProtocol: 'hls', snapshot: null, playback: null, playbackLeadS: 0 };

/** What a camera's URLs are made of. `startMs` only for playback. */
export interface VideoValues {
  camera: string;
  community: string;
  startMs?: number;
}

const PLACEHOLDER = /\{([a-z_]+)\}/g;

/** The placeholders of a template that are not in VIDEO_PLACEHOLDERS. */
export function unknownPlaceholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]).filter((p) => !(p in VIDEO_PLACEHOLDERS));
}

/**
 * The URL of a camera from a template: placeholders replaced by URL-encoded values. Null without a
 * template, when the result is not an absolute http(s) URL on the template's own host, when an id
 * is `.` or `..` (they survive encoding and would walk up the template's path), or when the
 * template needs a start time and none is given.
 */
export function fillVideoTemplate(template: string | null | undefined, v: VideoValues): string | null {
  if (!template || [v.camera, v.community].some((id) => id === '.' || id === '..')) return null;
  const values = startValues(v.startMs);
  let missing = false;
  const fill = (camera: string, community: string) => template.replace(PLACEHOLDER, (m, name: string) => {
    if (name === 'camera') return camera;
    if (name === 'community') return community;
    const value = values?.[name as VideoPlaceholder];
    if (value === undefined) { missing = missing || name in VIDEO_PLACEHOLDERS; return m; }
    return encodeURIComponent(value);
  });
  const url = absoluteHttp(fill(encodeURIComponent(v.camera), encodeURIComponent(v.community)));
  const shape = absoluteHttp(fill('camera', 'community'));
  return !missing && url && shape && url.origin === shape.origin ? url.href : null;
}

/** The origin (`https://video.example`) a template's URLs go to, or null when it is not an absolute http(s) template. */
export function templateOrigin(template: string | null | undefined): string | null {
  if (!template) return null;
  return absoluteHttp(template.replace(PLACEHOLDER, 'x'))?.origin ?? null;
}

function startValues(ms: number | undefined): Partial<Record<VideoPlaceholder, string>> | undefined {
  if (ms === undefined || !Number.isFinite(ms)) return undefined;
  const iso = new Date(ms).toISOString();
  const cn = new Date(ms + CHINA_OFFSET_MS).toISOString();
  return {
    start: `${iso.slice(0, 19)}Z`,
    start_s: String(Math.floor(ms / 1000)),
    start_ms: String(Math.floor(ms)),
    start_cn: `${cn.slice(0, 10)} ${cn.slice(11, 19)}`,
  };
}

function absoluteHttp(s: string): URL | null {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u : null;
  } catch {
    return null;
  }
}
