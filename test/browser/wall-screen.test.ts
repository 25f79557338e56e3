/**
 * A wall screen at `/display/<id>#token=…` in a real Chromium against the real server: it signs in
 * with the display token (which leaves the address bar), shows the profile's node, layout and
 * language with a status line, turns its carousel by itself; a forced WebGL context loss and a
 * thrown error are each reported to the server and recovered by reloading; panels say their data
 * is stale while the server is stopped, and stop saying so once it is back on the same port; a
 * clock 60 s fast is called out.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtClient } from '../support/run-cache.ts';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../server/app.ts';
import { configFromEnv, type ServerConfig } from '../../server/config.ts';
import { SqliteStore } from '../../server/store/sqlite/sqlite-store.ts';
import { TEST_HIERARCHY } from '../support/test-app.ts';
import { signIn, signInPage, withSession, TEST_ADMIN_PASSWORD, type TestSession } from '../support/session.ts';
import { launchChromium } from '../support/chromium.ts';

let tmp = '';
let config: ServerConfig;
let app: RunningApp | undefined;
let admin: TestSession;
let browser: Browser;
let context: BrowserContext;
let secret = '';
let writer: ReturnType<typeof setInterval> | undefined;
const pageErrors: string[] = [];

/** Starts the server on `config` (the same data directory and, once known, the same port). */
async function start(): Promise<RunningApp> {
  const running = await startApp({ hierarchy: TEST_HIERARCHY, config, store: new SqliteStore({ path: join(config.dataDir, 'test.sqlite') }) });
  config = { ...config, port: running.port };
  admin = await signIn(running.url, 'admin', TEST_ADMIN_PASSWORD);
  return running;
}
async function stop(): Promise<void> {
  const running = app;
  app = undefined;
  if (!running) return;
  await running.close();
  running.http.closeAllConnections();
  await new Promise<void>((r) => running.http.close(() => r()));
}
const api = (path: string, init: RequestInit = {}) => fetch(`${app!.url}${path}`, withSession(admin, { ...init, headers: { 'content-type': 'application/json', ...init.headers } }));
/** Energy of both neighbourhoods of c-a, every 400 ms while the server is up (a live community). */
function keepWriting(): void {
  writer = setInterval(() => {
    if (!app) return;
    const line = (n: string, kw: number) => `energy,community=c-a,neighbourhood=${n},building=b1,meter=m-${n},category=residential load_kw=${kw}`;
    void api('/write', { method: 'POST', body: `${line('n-a1', 100 + Math.random())}\n${line('n-a2', 50 + Math.random())}`, headers: { 'content-type': 'text/plain' } }).then((r) => r.arrayBuffer(), () => {});
  }, 400);
}
async function display(body: Record<string, unknown>): Promise<void> {
  const tokens = await (await api('/api/admin/tokens')).json() as { tokens: { id: string; name: string }[] };
  const res = await api('/api/admin/displays', { method: 'POST', body: JSON.stringify({ tokenId: tokens.tokens.find((t) => t.name === 'wall-street')!.id, ...body }) });
  expect(res.status, await res.clone().text()).toBe(201);
}
async function status(id: string) {
  const list = await (await api('/api/admin/displays')).json() as { displays: { profile: { id: string }; reloads: number; lastReloadReason: string | null; lastReloadDetail: string | null; version: string | null; width: number | null }[] };
  return list.displays.find((d) => d.profile.id === id)!;
}
async function openWall(id: string, viewport = { width: 1600, height: 900 }): Promise<Page> {
  const page = await context.newPage();
  await page.setViewportSize(viewport);
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(`${app!.url}/display/${id}#token=${encodeURIComponent(secret)}`);
  await page.waitForSelector('[data-testid="wall-status"]', { timeout: 20_000 });
  return page;
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'wall-screen-'));
  const clientDir = await builtClient();
  const dataDir = join(tmp, 'data');
  config = { ...configFromEnv({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, SIMULATOR: 'off', ADMIN_PASSWORD: TEST_ADMIN_PASSWORD }), clientDir };
  app = await start();
  const made = await (await api('/api/admin/tokens', { method: 'POST', body: JSON.stringify({ kind: 'display', name: 'wall-street', scopes: ['s-1'] }) })).json() as { secret: string };
  secret = made.secret;
  keepWriting();
  browser = await launchChromium();
  context = await browser.newContext({ locale: 'zh-CN' });
  const origin = new URL(app.url).origin;
  // No request may leave the machine.
  await context.route('**/*', (route) => (new URL(route.request().url()).origin === origin || route.request().url().startsWith('data:') ? route.continue() : route.abort()));
}, 240_000);

afterAll(async () => {
  clearInterval(writer);
  await browser?.close();
  await stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

// A test that failed while the server was stopped leaves it stopped; the next one starts it again.
beforeEach(async () => { app ??= await start(); }, 60_000);

describe('a wall screen', () => {
  it('signs in with its token, shows the profile\'s node, layout and language with a status line, and turns its carousel', async () => {
    await display({
      id: 'carousel', name: '街道大屏', layout: '32x9', lang: 'zh',
      views: [{ node: 'c-a', panel: 'energy', durationS: 3 }, { node: 'n-a1', scene: 3, durationS: 3 }],
    });
    const page = await openWall('carousel', { width: 1920, height: 540 });
    expect(page.url()).not.toContain('token=');
    expect(await page.locator('.cockpit').getAttribute('data-layout')).toBe('32x9');
    // It never signs out: no user menu on a wall.
    expect(await page.locator('[data-testid="user-menu"]').count()).toBe(0);
    // What the wall shows, read at one instant.
    const view = () => page.evaluate(() => ({
      step: document.querySelector('[data-testid="wall-status"]')?.getAttribute('data-step'),
      node: document.querySelector('[data-testid="node-name"]')?.textContent,
      featured: document.querySelector('.cockpit')?.getAttribute('data-featured') ?? null,
      scene: (document.querySelector('[data-testid="filter-scene"]') as HTMLSelectElement | null)?.value ?? null,
    }));
    await expect.poll(view, { timeout: 10_000 }).toMatchObject({ step: '0', node: '甲社区', featured: 'energy' });
    // The status line, read at one instant: each carousel turn opens a new subscription, so the
    // connection reads 连接中 for a moment at every turn.
    const statusLine = () => page.evaluate(() => {
      const text = (id: string) => document.querySelector(`[data-testid="${id}"]`)?.textContent ?? null;
      return {
        phase: document.querySelector('[data-testid="wall-status"]')?.getAttribute('data-phase'),
        age: text('wall-data-age'), connection: text('wall-connection'), version: text('wall-version'),
      };
    });
    await expect.poll(statusLine, { timeout: 10_000 }).toMatchObject({
      phase: 'connected', age: expect.stringMatching(/^数据 \d+ 秒前$/), connection: '已连接', version: expect.stringMatching(/^版本 \d+\.\d+\.\d+/),
    });
    // The carousel turns by itself: the neighbourhood with scene 3 on the items table, then back.
    await expect.poll(view, { timeout: 10_000 }).toMatchObject({ step: '1', node: '甲一小区', featured: null, scene: '3' });
    await expect.poll(view, { timeout: 10_000 }).toMatchObject({ step: '0', node: '甲社区', featured: 'energy' });
    // Its first heartbeat reached the admin list.
    await expect.poll(async () => (await status('carousel')).version, { timeout: 10_000 }).toMatch(/^\d+\.\d+\.\d+/);
    expect((await status('carousel')).width).toBeGreaterThan(0);
    await page.close();
  }, 60_000);

  it('reloads itself when a WebGL context is lost, having told the server why', async () => {
    await display({ id: 'webgl', name: '甲社区大屏', node: 'c-a' });
    const page = await openWall('webgl');
    await page.waitForSelector('[data-testid="twin-stage"] canvas', { timeout: 20_000 });
    const loaded = page.waitForEvent('load', { timeout: 20_000 });
    const lost = await page.evaluate(() => {
      const canvas = document.querySelector('[data-testid="twin-stage"] canvas') as HTMLCanvasElement;
      const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGLRenderingContext | null;
      const ext = gl?.getExtension('WEBGL_lose_context');
      ext?.loseContext();
      return Boolean(ext);
    });
    expect(lost).toBe(true);
    await loaded;
    await page.waitForSelector('[data-testid="wall-reloads"]', { timeout: 20_000 });
    expect(await page.getByTestId('wall-reloads').textContent()).toBe('已自动重载 1 次');
    const s = await status('webgl');
    expect(s.lastReloadReason).toBe('webgl-context-lost');
    expect(s.lastReloadDetail).toMatch(/webglcontextlost/);
    // Signed in again by its cookie alone: the token left the address on the first load.
    await expect.poll(() => page.getByTestId('wall-status').getAttribute('data-phase'), { timeout: 10_000 }).toBe('connected');
    await page.close();
  }, 60_000);

  it('reloads itself after an unhandled error, having told the server why', async () => {
    await display({ id: 'error', name: '甲社区大屏', node: 'c-a' });
    const page = await openWall('error');
    await expect.poll(() => page.getByTestId('wall-status').getAttribute('data-phase'), { timeout: 10_000 }).toBe('connected');
    const loaded = page.waitForEvent('load', { timeout: 20_000 });
    await page.evaluate(() => { setTimeout(() => { throw new Error('wall test: a panel broke'); }, 0); });
    await loaded;
    await page.waitForSelector('[data-testid="wall-reloads"]', { timeout: 20_000 });
    const s = await status('error');
    expect(s).toMatchObject({ reloads: 1, lastReloadReason: 'error' });
    expect(s.lastReloadDetail).toMatch(/wall test: a panel broke/);
    await page.close();
  }, 60_000);

  // The thresholds come from the profile, so these trip within seconds.
  const TRIPS: [string, Record<string, number>, string, RegExp, (() => void) | null][] = [
    // A browser that stopped drawing: frames never come (as when a GPU process hangs).
    ['no animation frame for noFrameS', { noFrameS: 2 }, 'no-frame', /no animation frame for \d+ s/, () => { window.requestAnimationFrame = () => 0; }],
    // Any cockpit's heap is past 16 MB.
    ['a JS heap past heapLimitMb', { heapLimitMb: 16 }, 'heap', /JS heap [\d.]+ MB in use, over the limit of 16 MB/, null],
  ];
  for (const [what, watchdog, reason, detail, init] of TRIPS) {
    it(`reloads itself after ${what}, having told the server why`, async () => {
      const id = `trip-${reason}`;
      await display({ id, name: '甲社区大屏', node: 'c-a', watchdog });
      const page = await context.newPage();
      if (init) await page.addInitScript(init);
      const loads: number[] = [];
      page.on('load', () => loads.push(Date.now()));
      await page.goto(`${app!.url}/display/${id}#token=${encodeURIComponent(secret)}`);
      await expect.poll(() => loads.length, { timeout: 30_000 }).toBeGreaterThan(1);
      const s = await status(id);
      expect(s.lastReloadReason).toBe(reason);
      expect(s.lastReloadDetail).toMatch(detail);
      await page.close();
    }, 60_000);
  }

  it('marks panels stale while the server is stopped, and clears the marks once it is back', async () => {
    await display({ id: 'stale', name: '甲社区大屏', node: 'c-a', watchdog: { staleAfterS: 2 } });
    const page = await openWall('stale');
    const energy = page.locator('.panel-energy');
    await expect.poll(() => page.getByTestId('wall-status').getAttribute('data-phase'), { timeout: 10_000 }).toBe('connected');
    await expect.poll(() => energy.locator('.metric-value').first().textContent(), { timeout: 10_000 }).toMatch(/\d/);
    const staleOnes = () => page.evaluate(() => [...document.querySelectorAll('[data-stale="true"]')].map((e) => `${e.className}: ${e.querySelector('[data-testid="stale-marker"]')?.textContent}`));
    expect(await staleOnes()).toEqual([]);

    await stop();
    await expect.poll(() => energy.getAttribute('data-stale'), { timeout: 15_000 }).toBe('true');
    expect(await energy.getByTestId('stale-marker').textContent()).toMatch(/^数据已 \d+ 秒未更新$/);
    await expect.poll(() => page.getByTestId('alerts-panel').getAttribute('data-stale'), { timeout: 10_000 }).toBe('true');
    expect(await page.getByTestId('wall-status').getAttribute('data-phase')).not.toBe('connected');

    app = await start();
    // Socket.IO's back-off reaches the server again (at most 5 s apart); data flows, the marks go.
    await expect.poll(() => page.getByTestId('wall-status').getAttribute('data-phase'), { timeout: 30_000 }).toBe('connected');
    await expect.poll(() => page.locator('[data-testid="stale-marker"]').count(), { timeout: 15_000 }).toBe(0);
    expect(await energy.getAttribute('data-stale')).toBeNull();
    // The outage was the server's, not the page's: no reload.
    expect(await page.locator('[data-testid="wall-reloads"]').count()).toBe(0);
    await page.close();
  }, 180_000);

  it('says when its clock is more than a few seconds off the server\'s', async () => {
    await display({ id: 'drift', name: '甲社区大屏', node: 'c-a', watchdog: { maxDriftS: 5 } });
    const page = await context.newPage();
    // The wall PC's clock runs 60 s fast.
    await page.addInitScript(() => { const real = Date.now.bind(Date); Date.now = () => real() + 60_000; });
    await page.goto(`${app!.url}/display/drift#token=${encodeURIComponent(secret)}`);
    await expect.poll(() => page.locator('[data-testid="wall-clock-drift"]').textContent(), { timeout: 20_000 }).toBe('本机时钟比服务器快 60 秒');
    await page.close();
    const honest = await openWall('drift');
    await expect.poll(() => honest.getByTestId('wall-status').getAttribute('data-phase'), { timeout: 10_000 }).toBe('connected');
    expect(await honest.locator('[data-testid="wall-clock-drift"]').count()).toBe(0);
    await honest.close();
  }, 60_000);

  it('is listed on the admin page with its last heartbeat, version, resolution, heap and reloads', async () => {
    const page = await context.newPage();
    await signInPage(page, app!.url, admin);
    await page.goto(`${app!.url}/admin.html?tab=displays`);
    const row = page.locator('[data-testid="display-row"][data-display-id="webgl"]');
    await row.waitFor({ timeout: 15_000 });
    expect(await row.getByTestId('display-reloads').textContent()).toBe('1');
    expect(await row.getByTestId('display-last-reload').textContent()).toMatch(/^webgl-context-lost · \d{4}-\d\d-\d\d \d\d:\d\d:\d\d · webglcontextlost/);
    expect(await row.getByTestId('display-version').textContent()).toMatch(/^\d+\.\d+\.\d+/);
    expect(await row.getByTestId('display-resolution').textContent()).toMatch(/^\d+ × \d+ px$/);
    expect(await row.getByTestId('display-heap').textContent()).toMatch(/^\d+ MB$/);
    expect(await row.getByTestId('display-last-seen').textContent()).toMatch(/^\d{4}-\d\d-\d\d/);
    // A profile defined but never opened has no heartbeat yet.
    await display({ id: 'unopened', name: '未接入大屏' });
    await page.reload();
    const silent = page.locator('[data-testid="display-row"][data-display-id="unopened"]');
    await silent.waitFor({ timeout: 15_000 });
    expect(await silent.getAttribute('data-silent')).toBe('true');
    expect(await silent.getByTestId('display-last-seen').textContent()).toBe('从未');
    await page.close();
  }, 60_000);

  it('raised no page error but the one it was made to throw', () => {
    expect(pageErrors.filter((e) => !/wall test: a panel broke/.test(e))).toEqual([]);
  });
});
