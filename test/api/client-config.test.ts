/**
 * The alert console's camera links come from the server's configuration (VIDEO_LINK_TEMPLATE,
 * served by GET /api/client-config): a template that is not absolute http(s) stops the server at
 * start, no query parameter changes what is served, and links built from it keep to its host.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFromEnv } from '../../server/config.ts';
import { videoOrigin, videoUrl } from '../../client/console/model/nearest-cameras.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

const TEMPLATE = 'https://video.example.cn/live?cam={camera}&community={community}';
/** No stream templates: the video platform is linked to, not played. */
const NO_STREAMS = { live: null, liveProtocol: 'hls', snapshot: null, playback: null, playbackLeadS: 10 };

describe('VIDEO_LINK_TEMPLATE', () => {
  it.each([
    ['unset', undefined, null],
    ['empty', '', null],
    ['blank', '   ', null],
    ['an https template', TEMPLATE, TEMPLATE],
    ['an http template with the camera in the path', 'http://10.0.0.5:8000/cams/{camera}/live', 'http://10.0.0.5:8000/cams/{camera}/live'],
  ])('%s → %s', (_name, raw, want) => {
    expect(configFromEnv(raw === undefined ? {} : { VIDEO_LINK_TEMPLATE: raw }).videoLinkTemplate).toBe(want);
  });

  it.each([
    ['javascript:', 'javascript:alert({camera})'],
    ['data:', 'data:text/html,{camera}'],
    ['a relative path', '/video?cam={camera}'],
    ['a protocol-relative URL', '//video.example/?cam={camera}'],
    ['ftp', 'ftp://video.example/{camera}'],
  ])('refuses %s at start, naming the variable', (_name, raw) => {
    expect(() => configFromEnv({ VIDEO_LINK_TEMPLATE: raw })).toThrow(/^config: VIDEO_LINK_TEMPLATE=".*" is not an absolute http or https URL/);
  });

  it.each(['https://{community}.video.example/live?cam={camera}', 'https://video.{community}.example/{camera}'])('refuses a placeholder in the host (%s)', (raw) => {
    expect(() => configFromEnv({ VIDEO_LINK_TEMPLATE: raw })).toThrow(/has a placeholder in its host; put \{camera\} and \{community\} in the path or query$/);
  });
});

describe('GET /api/client-config', () => {
  let configured: TestApp;
  let bare: TestApp;
  beforeAll(async () => {
    configured = await startTestApp({ env: { VIDEO_LINK_TEMPLATE: TEMPLATE } });
    bare = await startTestApp();
  });
  afterAll(async () => {
    await configured?.stop();
    await bare?.stop();
  });

  it.each([
    ['', TEMPLATE],
    ['?video=https://evil.example/{camera}', TEMPLATE],
    ['?videoLinkTemplate=javascript:alert(1)', TEMPLATE],
  ])('serves the configured template whatever the query (%s)', async (query, want) => {
    const res = await configured.fetch(`/api/client-config${query}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(await res.json()).toEqual({ videoLinkTemplate: want, video: NO_STREAMS, demoGuest: false });
  });

  it('serves null without a template (the console says no video platform is connected)', async () => {
    expect((await bare.get('/api/client-config?video=https://evil.example/{camera}')).body).toEqual({ videoLinkTemplate: null, video: NO_STREAMS, demoGuest: false });
    expect(videoOrigin(null)).toBe('none');
  });

  it('serves the video platform\'s stream templates to signed-in callers only (the sign-in page reads this too)', async () => {
    const streams = await startTestApp({ env: { VIDEO_LIVE_TEMPLATE: 'https://media.example.cn/rtp/{camera}/hls.m3u8', VIDEO_PLAYBACK_LEAD_S: '20' } });
    try {
      expect((await (await streams.fetch('/api/client-config')).json()).video).toEqual({ ...NO_STREAMS, live: 'https://media.example.cn/rtp/{camera}/hls.m3u8', playbackLeadS: 20 });
      const anonymous = await fetch(`${streams.url}/api/client-config`);
      expect(anonymous.status).toBe(200);
      expect((await anonymous.json()).video).toEqual({ ...NO_STREAMS, playbackLeadS: 20 });
    } finally {
      await streams.stop();
    }
  });

  it('links built from the served template keep to its host and encode the ids', async () => {
    const { videoLinkTemplate } = (await configured.get('/api/client-config')).body as { videoLinkTemplate: string };
    expect(videoOrigin(videoLinkTemplate)).toBe('https://video.example.cn');
    const href = videoUrl(videoLinkTemplate, 'cam-1&community=x#@evil.example/', 'c-a')!;
    expect(href).toBe('https://video.example.cn/live?cam=cam-1%26community%3Dx%23%40evil.example%2F&community=c-a');
    expect(new URL(href).origin).toBe('https://video.example.cn');
    expect(new URL(href).searchParams.get('cam')).toBe('cam-1&community=x#@evil.example/');
  });
});
