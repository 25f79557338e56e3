/**
 * The default demo tour in a real Chromium against the real server with the demo community's
 * twin: played end to end at 20× it arrives at every step with its caption, node and camera
 * (the keyframes on the city map, the presets on the twin), raises the staged fire alarm and
 * handles it acknowledge → dispatch → resolve on screen, and leaves no demo record in the alert
 * list, the statistics or the handover report. The presenter's keys move, pause and end it; a
 * reload mid-tour resumes at the same step; `K` records the camera as a tour keyframe.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/test-app.ts';
import { startDemoTwinApp } from '../support/demo-twin-app.ts';
import { signInPage } from '../support/session.ts';
import { launchChromium } from '../support/chromium.ts';
import { DEMO_COMMUNITY } from '../../twin-models/demo/demo-community.ts';
import { SCENE_PRESETS } from '../../client/twin/camera/scene-presets.ts';
import { validateTour } from '../../streams/tours/validate-tour.ts';
import type { Tour } from '../../streams/tours/tour.ts';
import type { TourProbe } from '../../client/tours/tour-player.ts';

let app: TestApp;
let browser: Browser;
let page: Page;
const tmp = mkdtempSync(join(tmpdir(), 'demo-tour-'));
const errors: string[] = [];
const C = DEMO_COMMUNITY;
const TOUR = JSON.parse(readFileSync(new URL('../../twin-models/tours/default.json', import.meta.url), 'utf8')) as Tour;

beforeAll(async () => {
  app = await startDemoTwinApp();
  const t = Date.now() - 5000;
  const b = C.buildings[0];
  const r = await app.write([
    `energy,community=${C.id},neighbourhood=${b.neighbourhood},building=${b.id},meter=${b.meter},category=${b.category} load_kw=120.5,pv_kw=3.5,ev_kw=1.2 ${t}`,
    // One real alert: it must be all the lists and counts hold once the tour is over.
    `alert,community=${C.id},neighbourhood=n-eling-1,type=perimeter_intrusion,severity=major,device=cam-1 location="周界围墙",message="周界越线告警" ${t - 60_000}`,
  ].join('\n'), 'precision=ms');
  if (r.status !== 204) throw new Error(`test: write answered ${r.status}: ${r.error}`);
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1600, height: 900 }, locale: 'zh-CN' });
  const origin = new URL(app.url).origin;
  // Offline: nothing but the test server answers.
  await context.route('**/*', (route) => (new URL(route.request().url()).origin === origin || route.request().url().startsWith('data:') ? route.continue() : route.abort()));
  // Every state a demo alert is shown in by the alert list, however briefly.
  await context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __demoSeen: string[] }).__demoSeen = seen;
    new MutationObserver(() => {
      for (const el of document.querySelectorAll('[data-testid="alert-item"][data-demo="1"]')) {
        const s = `${el.getAttribute('data-type')}:${el.getAttribute('data-state')}`;
        if (seen[seen.length - 1] !== s) seen.push(s);
      }
    }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state', 'data-demo'] });
  });
  page = await context.newPage();
  await signInPage(page, app.url, app.session);
  page.on('console', (m) => { if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

const probe = () => page.evaluate(() => {
  const p = window.__tour;
  return p ? { arrivals: p.arrivals, incidents: p.incidents, state: p.state() } : null;
}) as Promise<{ arrivals: TourProbe['arrivals']; incidents: string[]; state: ReturnType<TourProbe['state']> } | null>;
const caption = () => page.getByTestId('tour-caption').textContent();

describe('the default tour', () => {
  it('plays end to end at 20×: every step\'s caption, node and camera, the staged fire handled, nothing demo left', async () => {
    await page.goto(`${app.url}/?tour=default&tourSpeed=20`);
    await expect.poll(() => caption(), { timeout: 30_000 }).toBe(TOUR.steps[0].caption.zh);
    await expect.poll(async () => (await probe())?.state.ended, { timeout: 240_000, interval: 500 }).toBe(true);
    const p = (await probe())!;

    expect(p.arrivals.map((a) => a.step)).toEqual(TOUR.steps.map((s) => s.id));
    for (const [i, step] of TOUR.steps.entries()) {
      const a = p.arrivals[i];
      expect(a.timedOut, `${step.id}: its stage never reported`).toBe(false);
      expect(a.caption, step.id).toBe(step.caption.zh);
      expect(a.node, step.id).toBe(step.node);
      const cam = step.camera!;
      if ('keyframes' in cam) {
        const k = cam.keyframes[cam.keyframes.length - 1];
        expect(a.target, step.id).toBe('map');
        expect(a.view!.longitude, step.id).toBeCloseTo(k.longitude, 6);
        expect(a.view!.latitude, step.id).toBeCloseTo(k.latitude, 6);
        expect(a.view!.zoom, step.id).toBeCloseTo(k.zoom, 6);
      } else {
        // A preset's ground position and zoom follow the stage's width; its pitch and bearing do not.
        const preset = SCENE_PRESETS.find((x) => x.key === cam.preset)!;
        expect(a.target, step.id).toBe('twin');
        expect([a.view!.pitch, a.view!.bearing], step.id).toEqual([preset.pitch, preset.bearing]);
      }
    }
    expect(p.incidents).toEqual(['fire-drill:raised', 'fire-drill:acknowledged', 'fire-drill:dispatched', 'fire-drill:resolved']);
    // The alert list showed it as it was handled (a resolved alert leaves the list of open ones).
    // At 20× a state may last less than one 4 Hz redraw on a busy machine: what was shown is in
    // handling order, ends dispatched, and shows at least two of the states.
    const seen = await page.evaluate(() => (window as unknown as { __demoSeen: string[] }).__demoSeen);
    const order = ['fire:raised', 'fire:acknowledged', 'fire:dispatched'];
    expect(seen.length, seen.join(' → ')).toBeGreaterThanOrEqual(2);
    expect(seen.at(-1)).toBe('fire:dispatched');
    expect(seen.map((x) => order.indexOf(x)), seen.join(' → ')).toEqual([...seen.map((x) => order.indexOf(x))].sort((a, b) => a - b));
    expect(seen.every((x) => order.includes(x)), seen.join(' → ')).toBe(true);

    // As it was: no tour in the URL, no overlay, no demo record on screen or in the server's lists.
    expect(new URL(page.url()).searchParams.get('tour')).toBeNull();
    await expect.poll(() => page.getByTestId('tour-overlay').count()).toBe(0);
    await expect.poll(() => page.locator('[data-testid="alert-item"][data-demo="1"]').count()).toBe(0);
    await expect.poll(() => page.getByTestId('alert-item').count(), { timeout: 10_000 }).toBe(1);
    expect(await page.getByTestId('alerts-total').first().textContent()).toBe('1');
    expect(app.tours.staged.size).toBe(0);
    const list = (await app.get(`/api/alerts?node=${C.id}`)).body as { alerts: { id: number; type: string }[] };
    expect(list.alerts.map((a) => a.type)).toEqual(['perimeter_intrusion']);
    expect((await app.get(`/api/alerts/stats?node=${C.id}`)).body.total).toBe(1);
    const handover = JSON.stringify((await app.get(`/api/alerts/handover?node=${C.id}`)).body);
    expect(handover).toContain('cam-1');
    expect(handover).not.toContain('smk-4');
    expect(errors).toEqual([]);
  }, 300_000);

  it('is driven by the presenter\'s keys, resumes at the same step after a reload, and ends with Esc', async () => {
    // Opened from the street's cockpit: the tour goes back there when it ends.
    await page.goto(`${app.url}/?node=500103004000`);
    await expect.poll(() => page.getByTestId('node-name').textContent(), { timeout: 15_000 }).toBe('两路口街道');
    await page.evaluate(() => sessionStorage.clear());
    // The header's button starts the default tour from here.
    expect(await page.getByTestId('tour-start').getAttribute('href')).toBe('?tour=default&node=500103004000');
    await page.goto(`${app.url}/?node=500103004000&tour=default&tourStep=mobility`);
    expect(await page.getByTestId('tour-start').count()).toBe(0);
    await expect.poll(() => caption(), { timeout: 30_000 }).toBe('场景四 · 立体畅行');
    await expect.poll(() => page.locator('.area-parking').getAttribute('data-tour-focus')).toBe('1');
    if (process.env.UPDATE_SCREENSHOT) {
      await page.locator('[data-twin-ready="1"]').waitFor({ timeout: 60_000 });
      await page.waitForTimeout(2500);
      await page.screenshot({ path: resolve('docs/tour-overlay.png') });
    }
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => caption()).toBe('场景五 · 健康颐养');
    await page.keyboard.press('PageDown');
    await expect.poll(() => caption()).toBe('场景六 · 全龄教育');
    await page.keyboard.press('PageUp');
    await expect.poll(() => caption()).toBe('场景五 · 健康颐养');
    await page.keyboard.press(' ');
    await expect.poll(() => page.getByTestId('tour-paused').count()).toBe(1);
    expect(new URL(page.url()).searchParams.get('tourStep')).toBe('health');

    await page.reload();
    await expect.poll(() => caption(), { timeout: 30_000 }).toBe('场景五 · 健康颐养');
    // Paused it was, paused it stays.
    await expect.poll(() => page.getByTestId('tour-paused').count()).toBe(1);
    expect(await page.getByTestId('tour-count').textContent()).toBe('第 9 / 15 步');
    await page.keyboard.press(' ');
    await expect.poll(() => page.getByTestId('tour-paused').count()).toBe(0);

    // Jump to a step: the city view, drawn by the map.
    await page.locator('[data-testid="tour-step"][data-step="district"]').click();
    await expect.poll(() => caption()).toBe(TOUR.steps[1].caption.zh);
    await expect.poll(() => page.getByTestId('node-name').textContent(), { timeout: 15_000 }).toBe('渝中区');

    // English on the toggle.
    await page.getByTestId('lang-toggle').click();
    await expect.poll(() => caption()).toBe(TOUR.steps[1].caption.en);
    await page.getByTestId('lang-toggle').click();

    // K: the camera as a keyframe a tour file takes.
    await page.keyboard.press('k');
    const json = await page.getByTestId('recorded-keyframe').locator('code').textContent();
    const keyframe = JSON.parse(json!);
    expect(Object.keys(keyframe)).toEqual(['longitude', 'latitude', 'zoom', 'pitch', 'bearing', 'duration', 'easing']);
    const check = validateTour({ ...TOUR, steps: [{ ...TOUR.steps[1], camera: { keyframes: [keyframe] } }] });
    expect(check.ok ? [] : check.problems).toEqual([]);

    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('tour-overlay').count()).toBe(0);
    expect(new URL(page.url()).searchParams.get('tourStep')).toBeNull();
    expect(await page.locator('[data-tour-focus]').count()).toBe(0);
    await expect.poll(() => page.getByTestId('node-name').textContent(), { timeout: 15_000 }).toBe('两路口街道');
    expect(errors).toEqual([]);
  }, 180_000);

  it('resumes a staged incident after a reload: the same alert, in the state it had reached, and none left after Esc', async () => {
    await page.goto(`${app.url}/?tour=default&tourStep=fire-drill&tourSpeed=2`);
    const demo = page.locator('[data-testid="alert-item"][data-demo="1"]');
    await expect.poll(() => demo.getAttribute('data-state'), { timeout: 60_000 }).toBe('acknowledged');
    const id = await demo.getAttribute('data-alert-id');
    expect(Number(id)).toBeLessThan(0);
    await page.reload();
    await expect.poll(() => demo.getAttribute('data-state'), { timeout: 30_000 }).toMatch(/^(acknowledged|dispatched)$/);
    expect(await demo.getAttribute('data-alert-id')).toBe(id);
    expect(app.tours.staged.size).toBe(1);
    await page.keyboard.press('Escape');
    await expect.poll(() => demo.count()).toBe(0);
    await expect.poll(() => app.tours.staged.size).toBe(0);

    // A tour that is not there says so, and Esc closes it.
    await page.goto(`${app.url}/?tour=nope`);
    await expect.poll(() => page.getByTestId('tour-overlay').getAttribute('data-state')).toBe('failed');
    expect(await page.getByTestId('tour-overlay').textContent()).toContain('no tour "nope"');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('tour-overlay').count()).toBe(0);
    expect(new URL(page.url()).searchParams.get('tour')).toBeNull();
  }, 180_000);
});
