/**
 * Cameras near an alert play live in a real Chromium: the server is configured with a video
 * platform on another origin (a local stand-in serving an H.264 HLS stream made with ffmpeg), an
 * alert is raised at a camera of the demo twin, and the console's nearest cameras panel plays it
 * (the picture moves, through hls.js and its worker, within the Content-Security-Policy). Playback
 * asks the platform for the alert's time; a camera whose stream is not there says so, naming the
 * camera, and shows its snapshot; the twin's camera card plays too. A WHEP platform (a second
 * Chromium page sending a canvas, as a media server sends a camera) plays over WebRTC, and its
 * session is ended when the player switches camera. Nothing leaves the machine.
 */
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/test-app.ts';
import { startDemoTwinApp } from '../support/demo-twin-app.ts';
import { DEMO_COMMUNITY, DEMO_PLAN } from '../../twin-models/demo/demo-community.ts';
import { nearestCameras, type LonLat } from '../../client/console/model/nearest-cameras.ts';
import { signInPage } from '../support/session.ts';
import { launchChromium } from '../support/chromium.ts';
import { startVideoPlatform, videoToolsMissing, WEBRTC_LOCAL_ARGS, whepSender, type VideoPlatform } from '../support/video-platform.ts';

const missing = videoToolsMissing();
if (missing) {
  console.warn(`camera video: ${missing}; the video tests are skipped`);
  it.skip(missing, () => {});
}

const C = DEMO_COMMUNITY;
let app: TestApp;
let platform: VideoPlatform;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const errors: string[] = [];
const blocked: string[] = [];
const cspViolations: string[] = [];
let raisedAt = 0;
/** The alert's camera (plays) and the next nearest (its stream is missing). */
let cam = '';
let dead = '';
let deadName = '';

/** What the page's player shows: status, picture size, clock. */
const player = (p: Page = page) => p.evaluate(() => {
  const p = document.querySelector('[data-testid="camera-player"]') as HTMLElement | null;
  const v = p?.querySelector('video');
  return { camera: p?.dataset.camera, status: p?.dataset.status, mode: p?.dataset.mode, width: v?.videoWidth ?? 0, time: v?.currentTime ?? 0 };
});

describe.skipIf(missing !== null)('camera video', () => {
  beforeAll(async () => {
    platform = await startVideoPlatform();
    app = await startDemoTwinApp({
      VIDEO_LIVE_TEMPLATE: `${platform.origin}/live/{camera}/index.m3u8?community={community}`,
      VIDEO_SNAPSHOT_TEMPLATE: `${platform.origin}/snapshot/{camera}.jpg`,
      VIDEO_PLAYBACK_TEMPLATE: `${platform.origin}/playback/{camera}/index.m3u8?start={start}&cn={start_cn}`,
      VIDEO_PLAYBACK_LEAD_S: '30',
    });
    const layer = await (await app.fetch(`/twins/${C.id}/layers/cameras.geojson`)).json();
    const first = DEMO_PLAN.cameras[0];
    const at = layer.features.find((f: { properties: { id: string } }) => f.properties.id === first.id).geometry.coordinates.slice(0, 2) as LonLat;
    const near = nearestCameras(at, layer, 3);
    [cam, dead] = [near[0].id, near[1].id];
    deadName = DEMO_PLAN.cameras.find((c) => c.id === dead)?.name ?? dead;
    expect(cam).toBe(first.id);
    platform.live.add(cam);

    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, locale: 'zh-CN' });
    const allowed = new Set([new URL(app.url).origin, platform.origin]);
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (allowed.has(new URL(url).origin) || url.startsWith('data:')) return route.continue();
      blocked.push(url);
      return route.abort();
    });
    page = await context.newPage();
    await signInPage(page, app.url, app.session);
    page.on('console', (m) => {
      if (/Content.Security.Policy/i.test(m.text())) cspViolations.push(m.text());
      else if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));

    raisedAt = Date.now();
    const c = DEMO_PLAN.cameras[0];
    const w = await app.write(`alert,community=${C.id},neighbourhood=${c.neighbourhood},type=crowding_danger_zone,severity=critical,device=${cam} location="${c.name}",message="人员聚集",value=1 ${raisedAt}`, 'precision=ms');
    expect(w.status).toBe(204);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await platform?.close();
  });

  it('plays the nearest camera live in the alert detail, from the other origin, within the CSP', { timeout: 60_000 }, async () => {
    const csp = (await app.fetch('/console.html')).headers.get('content-security-policy') ?? '';
    for (const d of ['media-src', 'connect-src', 'img-src']) expect(csp).toMatch(new RegExp(`${d} [^;]*${platform.origin.replaceAll('.', '\\.')}`));
    await page.goto(`${app.url}/console.html?node=${C.id}`);
    await page.getByTestId('alert-row').first().click();
    await expect.poll(() => page.getByTestId('cameras').getAttribute('data-status'), { timeout: 15_000 }).toBe('ok');
    await expect.poll(async () => (await player()).status, { timeout: 20_000 }).toBe('playing');
    const a = await player();
    expect(a.camera).toBe(cam);
    expect(a.width).toBe(320);
    // The picture moves: the clock advances while playing.
    await expect.poll(async () => (await player()).time, { timeout: 10_000 }).toBeGreaterThan(a.time + 1);
    expect(await page.locator('[data-testid="camera"][data-selected="true"]').getAttribute('data-camera')).toBe(cam);
    expect(platform.requests.some((u) => u.pathname === `/live/${cam}/index.m3u8` && u.searchParams.get('community') === C.id)).toBe(true);
    expect(platform.requests.some((u) => u.pathname.startsWith(`/live/${cam}/seg`))).toBe(true);
    // hls.js transmuxes in its worker, served from the app itself.
    expect(page.workers().map((w) => new URL(w.url()).pathname).some((p) => /\/assets\/hls\.worker-[\w-]+\.js$/.test(p))).toBe(true);
    expect(await page.getByTestId('camera-mode').textContent()).toBe('实时');
  });

  it('plays back from the alert\'s time less the lead ("回放"), and returns to live', { timeout: 60_000 }, async () => {
    await page.getByTestId('camera-playback').click();
    await expect.poll(async () => (await player()).mode).toBe('playback');
    await expect.poll(async () => (await player()).status, { timeout: 20_000 }).toBe('playing');
    const asked = platform.requests.find((u) => u.pathname === `/playback/${cam}/index.m3u8`)!;
    const from = raisedAt - 30_000;
    expect(asked.searchParams.get('start')).toBe(`${new Date(from).toISOString().slice(0, 19)}Z`);
    expect(asked.searchParams.get('cn')).toBe(new Date(from + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' '));
    expect(await page.getByTestId('camera-mode').textContent()).toMatch(/^回放 · 自 \d\d:\d\d:\d\d 起$/);
    await page.getByTestId('camera-playback').click();
    await expect.poll(async () => (await player()).mode).toBe('live');
    await expect.poll(async () => (await player()).status, { timeout: 20_000 }).toBe('playing');
  });

  it('says a camera\'s stream cannot be reached, naming the camera, and shows its snapshot', { timeout: 60_000 }, async () => {
    await page.locator(`[data-testid="camera"][data-camera="${dead}"] [data-testid="camera-pick"]`).click();
    await expect.poll(async () => (await player()).camera).toBe(dead);
    // Two retries (2 s, 4 s) and hls.js's own, then the message.
    await expect.poll(async () => (await player()).status, { timeout: 30_000 }).toBe('unreachable');
    const text = await page.getByTestId('camera-status').textContent();
    expect(text).toContain(`无法连接摄像头“${deadName}”的视频流（${new URL(platform.origin).host}）`);
    expect(text).toContain('下方为快照');
    const snap = page.getByTestId('camera-snapshot');
    await expect.poll(() => snap.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(320);
    expect(await snap.getAttribute('src')).toBe(`${platform.origin}/snapshot/${dead}.jpg`);
    // The snapshot lies over the (empty) video.
    expect(await page.evaluate(() => {
      const img = document.querySelector('[data-testid="camera-snapshot"]')!.getBoundingClientRect();
      return document.elementFromPoint(img.x + img.width / 2, img.y + img.height / 4)?.getAttribute('data-testid');
    })).toBe('camera-snapshot');
    // In English too.
    await page.getByTestId('lang-toggle').click();
    expect(await page.getByTestId('camera-status').textContent()).toContain('could not be reached');
    await page.getByTestId('lang-toggle').click();
    // Back to the first camera: it plays again.
    await page.locator(`[data-testid="camera"][data-camera="${cam}"] [data-testid="camera-pick"]`).click();
    await expect.poll(async () => (await player()).status, { timeout: 20_000 }).toBe('playing');
  });

  it('leaves nothing behind when switching cameras: the old stream stops asking, one worker, one video', { timeout: 60_000 }, async () => {
    const pick = (id: string) => page.locator(`[data-testid="camera"][data-camera="${id}"] [data-testid="camera-pick"]`).click();
    for (let i = 0; i < 6; i++) {
      await pick(i % 2 ? cam : dead);
      await expect.poll(async () => (await player()).camera).toBe(i % 2 ? cam : dead);
    }
    await pick(cam);
    await expect.poll(async () => (await player()).status, { timeout: 20_000 }).toBe('playing');
    // The unreachable camera's retries were cancelled with its player.
    const deadAsks = () => platform.requests.filter((u) => u.pathname.startsWith(`/live/${dead}/`)).length;
    const before = deadAsks();
    await new Promise((r) => setTimeout(r, 7000));
    expect(deadAsks()).toBe(before);
    expect(await page.locator('video').count()).toBe(1);
    expect(page.workers().filter((w) => /hls\.worker/.test(w.url())).length).toBe(1);
  });

  it('plays in the twin\'s camera card', { timeout: 120_000 }, async () => {
    await page.goto(`${app.url}/twin.html?community=${C.id}&focus=${encodeURIComponent(cam)}`);
    await expect.poll(() => page.getByTestId('twin-card').getAttribute('data-object'), { timeout: 60_000 }).toBe(cam);
    // Beside a twin drawn in software GL, the stream takes longer to start on a busy machine.
    await expect.poll(async () => (await player()).status, { timeout: 40_000 }).toBe('playing');
    expect((await player()).width).toBe(320);
    // The camera's open alert gives the card its playback.
    expect(await page.getByTestId('camera-playback').count()).toBe(1);
  });

  it('left nothing unexplained: no page error, no CSP violation, no request off the machine', () => {
    expect(errors).toEqual([]);
    expect(cspViolations).toEqual([]);
    expect(blocked).toEqual([]);
  });
});

describe.skipIf(missing !== null)('camera video over WebRTC (WHEP)', () => {
  let whepApp: TestApp;
  let whepPlatform: VideoPlatform;
  let whepBrowser: Browser;
  let desk: Page;
  const whepErrors: string[] = [];

  beforeAll(async () => {
    whepPlatform = await startVideoPlatform();
    whepApp = await startDemoTwinApp({
      VIDEO_LIVE_TEMPLATE: `${whepPlatform.origin}/whep/{camera}`,
      VIDEO_LIVE_PROTOCOL: 'whep',
      VIDEO_SNAPSHOT_TEMPLATE: `${whepPlatform.origin}/snapshot/{camera}.jpg`,
    });
    whepPlatform.live.add(cam);
    whepBrowser = await launchChromium(WEBRTC_LOCAL_ARGS);
    // The media server's side, in a context of its own.
    whepPlatform.whep = await whepSender(await (await whepBrowser.newContext()).newPage());
    const ctx = await whepBrowser.newContext({ viewport: { width: 1600, height: 1000 }, locale: 'zh-CN' });
    const allowed = new Set([new URL(whepApp.url).origin, whepPlatform.origin]);
    await ctx.route('**/*', (route) => {
      const url = route.request().url();
      if (allowed.has(new URL(url).origin) || url.startsWith('data:')) return route.continue();
      blocked.push(url);
      return route.abort();
    });
    desk = await ctx.newPage();
    await signInPage(desk, whepApp.url, whepApp.session);
    desk.on('console', (m) => { if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) whepErrors.push(m.text()); });
    desk.on('pageerror', (e) => whepErrors.push(`pageerror: ${e.message}`));
    const c = DEMO_PLAN.cameras[0];
    const w = await whepApp.write(`alert,community=${C.id},neighbourhood=${c.neighbourhood},type=crowding_danger_zone,severity=critical,device=${cam} location="${c.name}",message="人员聚集",value=1 ${Date.now()}`, 'precision=ms');
    expect(w.status).toBe(204);
  }, 240_000);

  afterAll(async () => {
    await whepBrowser?.close();
    await whepApp?.stop();
    await whepPlatform?.close();
  });

  it('plays the nearest camera over WebRTC, and ends its session when switching to a camera the platform lacks', { timeout: 90_000 }, async () => {
    await desk.goto(`${whepApp.url}/console.html?node=${C.id}`);
    await desk.getByTestId('alert-row').first().click();
    await expect.poll(async () => (await player(desk)).status, { timeout: 30_000 }).toBe('playing');
    const a = await player(desk);
    expect([a.camera, a.width]).toEqual([cam, 320]);
    await expect.poll(async () => (await player(desk)).time, { timeout: 10_000 }).toBeGreaterThan(a.time + 1);
    expect(await desk.getByTestId('camera-video').evaluate((v: HTMLVideoElement) => v.srcObject instanceof MediaStream)).toBe(true);

    await desk.locator(`[data-testid="camera"][data-camera="${dead}"] [data-testid="camera-pick"]`).click();
    await expect.poll(() => whepPlatform.whepDeleted).toEqual([`${cam}/1`]);
    await expect.poll(async () => (await player(desk)).status, { timeout: 30_000 }).toBe('unreachable');
    expect((await player(desk)).camera).toBe(dead);
    expect(await desk.locator('[data-testid="camera-player"]').getAttribute('data-reason')).toBe('whep-404');
    expect(await desk.getByTestId('camera-status').textContent()).toContain(`无法连接摄像头“${deadName}”的视频流`);
    await expect.poll(() => desk.getByTestId('camera-snapshot').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(320);
    expect(whepErrors).toEqual([]);
    expect(blocked).toEqual([]);
  });
});
