/**
 * The video platform's templates (VIDEO_LIVE_TEMPLATE, VIDEO_SNAPSHOT_TEMPLATE,
 * VIDEO_PLAYBACK_TEMPLATE): a template the browser could not use safely stops the server at start,
 * naming the variable; filled per camera, every value is URL-encoded and stays in its place, a
 * hostile camera id never chooses the host, and a camera's own URLs are taken only on the
 * configured hosts (those the Content-Security-Policy lets the page reach).
 */
import { describe, expect, it } from 'vitest';
import { configFromEnv, videoOrigins } from '../../server/config.ts';
import { securityHeaders } from '../../server/access/security-headers.ts';
import { fillVideoTemplate, templateOrigin } from '../../streams/video-templates.ts';
import { cameraOverride, cameraStreams } from '../../client/video/camera-streams.ts';

const LIVE = 'https://gw.example.cn/rtp/{camera}/hls.m3u8?community={community}';
const PLAYBACK = 'https://gw.example.cn/playback/{camera}.m3u8?from={start}&s={start_s}&ms={start_ms}&cn={start_cn}';
const SNAPSHOT = 'https://img.example.cn/snap/{camera}.jpg';
/** 2026-12-04T01:02:03.456Z, 09:02:03 in China. */
const T = Date.UTC(2026, 11, 4, 1, 2, 3, 456);

describe('filling a template', () => {
  it('encodes every value, keeping it in its place', () => {
    const url = fillVideoTemplate(LIVE, { camera: '34020000001320000001', community: 'c-eling' });
    expect(url).toBe('https://gw.example.cn/rtp/34020000001320000001/hls.m3u8?community=c-eling');
  });

  it.each([
    ['a query break-out', 'cam&community=x#frag'],
    ['a path break-out and another host', '../../evil.example.cn/@x'],
    ['HTML', '<img src=x onerror=alert(1)>'],
    ['SQL', "'; DROP TABLE alerts; --"],
    ['an authority', '@evil.example/'],
  ])('a hostile camera id (%s) is URL-encoded and cannot change the host or the path', (_name, camera) => {
    const url = new URL(fillVideoTemplate(LIVE, { camera, community: 'c-eling' })!);
    expect(url.origin).toBe('https://gw.example.cn');
    expect(decodeURIComponent(url.pathname)).toBe(`/rtp/${camera}/hls.m3u8`);
    expect(url.pathname.split('/').length).toBe(4);
    expect(url.searchParams.get('community')).toBe('c-eling');
    expect(url.hash).toBe('');
  });

  it.each(['.', '..'])('gives no URL for the id "%s" (it would walk up the path)', (camera) => {
    expect(fillVideoTemplate(LIVE, { camera, community: 'c-eling' })).toBeNull();
  });

  it('fills the playback start in each of its forms', () => {
    const url = new URL(fillVideoTemplate(PLAYBACK, { camera: 'cam 1', community: 'c', startMs: T })!);
    expect(url.pathname).toBe('/playback/cam%201.m3u8');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      from: '2026-12-04T01:02:03Z', s: String(Math.floor(T / 1000)), ms: String(T), cn: '2026-12-04 09:02:03',
    });
  });

  it('gives no playback URL without a start time, and none without a template', () => {
    expect(fillVideoTemplate(PLAYBACK, { camera: 'c1', community: 'c' })).toBeNull();
    expect(fillVideoTemplate(null, { camera: 'c1', community: 'c' })).toBeNull();
  });
});

describe('a camera\'s streams', () => {
  const templates = { live: LIVE, liveProtocol: 'hls' as const, snapshot: SNAPSHOT, playback: PLAYBACK, playbackLeadS: 10 };

  it('starts playback the lead before the alert, and has none without an alert', () => {
    const s = cameraStreams(templates, { id: 'c1' }, 'c-eling', T);
    expect(s.playbackFromMs).toBe(T - 10_000);
    expect(new URL(s.playback!).searchParams.get('from')).toBe('2026-12-04T01:01:53Z');
    expect(cameraStreams(templates, { id: 'c1' }, 'c-eling').playback).toBeNull();
  });

  it('takes the camera\'s own URLs from its feature on a configured host only', () => {
    const override = cameraOverride({ id: 'c1', hls: 'https://gw.example.cn/special/{camera}.m3u8', snapshot: 'https://evil.example/{camera}.jpg', playback: 42 });
    expect(override).toEqual({ hls: 'https://gw.example.cn/special/{camera}.m3u8', snapshot: 'https://evil.example/{camera}.jpg' });
    const s = cameraStreams(templates, { id: 'c1', override }, 'c-eling');
    expect(s.live).toBe('https://gw.example.cn/special/c1.m3u8');
    expect(s.snapshot).toBe('https://img.example.cn/snap/c1.jpg');
    // A WHEP platform takes the camera's `whep`, not its `hls`.
    const whep = cameraStreams({ ...templates, live: 'https://gw.example.cn/index/api/whep?app=rtp&stream={camera}', liveProtocol: 'whep' },
      { id: 'c1', override: { ...override, whep: 'https://gw.example.cn/whep/special' } }, 'c-eling');
    expect(whep).toMatchObject({ live: 'https://gw.example.cn/whep/special', liveProtocol: 'whep' });
  });
});

describe('the settings', () => {
  it('are none by default, with a 10 s playback lead', () => {
    expect(configFromEnv({}).video).toEqual({ live: null, liveProtocol: 'hls', snapshot: null, playback: null, playbackLeadS: 10 });
    expect(configFromEnv({ VIDEO_LIVE_PROTOCOL: 'WHEP' }).video.liveProtocol).toBe('whep');
  });

  it.each([
    ['VIDEO_LIVE_TEMPLATE', 'javascript:alert({camera})', /^config: VIDEO_LIVE_TEMPLATE=".*" is not an absolute http or https URL/],
    ['VIDEO_SNAPSHOT_TEMPLATE', '/snap/{camera}.jpg', /^config: VIDEO_SNAPSHOT_TEMPLATE=".*" is not an absolute http or https URL/],
    ['VIDEO_LIVE_TEMPLATE', 'https://{camera}.gw.example/live.m3u8', /has a placeholder in its host/],
    ['VIDEO_LIVE_TEMPLATE', 'https://gw.example/{channel}.m3u8', /has unknown placeholders \{channel\}; known: \{camera\}, \{community\}, \{start\}/],
    ['VIDEO_LIVE_TEMPLATE', 'https://gw.example/{camera}.m3u8?t={start}', /has \{start\}, which only VIDEO_PLAYBACK_TEMPLATE is given$/],
    ['VIDEO_LIVE_PROTOCOL', 'rtsp', /^config: VIDEO_LIVE_PROTOCOL="rtsp" is not one of hls, whep$/],
    ['VIDEO_PLAYBACK_LEAD_S', '-5', /^config: VIDEO_PLAYBACK_LEAD_S="-5" is not a number from 0 to 3600$/],
  ])('refuse %s=%s at start, naming it', (name, raw, message) => {
    expect(() => configFromEnv({ [name]: raw })).toThrow(message);
  });

  it('let the page reach the templates\' hosts, and only those, for media, fetches and images', () => {
    const config = configFromEnv({ VIDEO_LIVE_TEMPLATE: LIVE, VIDEO_SNAPSHOT_TEMPLATE: SNAPSHOT, VIDEO_PLAYBACK_TEMPLATE: PLAYBACK });
    const origins = videoOrigins(config);
    expect(origins).toEqual(['https://gw.example.cn', 'https://img.example.cn']);
    expect(templateOrigin(PLAYBACK)).toBe('https://gw.example.cn');
    let csp = '';
    securityHeaders(origins)({} as never, { setHeader: (k: string, v: string) => { if (k.toLowerCase() === 'content-security-policy') csp = v; }, removeHeader() {} } as never, () => {});
    const directive = (d: string) => csp.split(';').find((x) => x.startsWith(`${d} `));
    expect(directive('media-src')).toBe("media-src 'self' blob: https://gw.example.cn https://img.example.cn");
    expect(directive('connect-src')).toBe("connect-src 'self' https://gw.example.cn https://img.example.cn");
    expect(directive('img-src')).toBe("img-src 'self' data: blob: https://gw.example.cn https://img.example.cn");
    expect(directive('script-src')).toBe("script-src 'self' 'wasm-unsafe-eval'");
    expect(directive('worker-src')).toBe("worker-src 'self' blob:");
  });
});
