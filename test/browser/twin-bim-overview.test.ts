/**
 * BIM in the community overview, in a real Chromium against the real server and the demo twin:
 * from the overview every building is its massing; flown close to a tower, the tower's massing
 * gives way to its BIM shell (its own layer, one mesh from buildings/<id>.shell.glb) and a click on
 * it still opens the tower's card; pulled back to the overview, the massing returns and the shell
 * is released (its layer gone from deck.gl). No request leaves the machine.
 */
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/test-app.ts';
import { startDemoTwinApp } from '../support/demo-twin-app.ts';
import { DEMO_COMMUNITY } from '../../twin-models/demo/demo-community.ts';
import { signInPage } from '../support/session.ts';
import { launchChromium } from '../support/chromium.ts';

let app: TestApp;
let browser: Browser;
let page: Page;
const errors: string[] = [];
const leaving: string[] = [];
const shellsFetched: string[] = [];
const SCREENSHOT = process.env.UPDATE_SCREENSHOT ? resolve('docs/twin-bim-shell.png') : join(tmpdir(), `twin-bim-shell-${process.pid}.png`);

const C = DEMO_COMMUNITY;
const b1 = C.buildings[0];

type Shells = { shown: string[]; loading: string[]; failed: { id: string; message: string }[]; triangles: number; released: number; candidates: number; layersHeld: number; massingHidden: string[] };
const shells = () => page.evaluate(() => (window as any).__twin.bimShells()) as Promise<Shells>;
const shellLayers = () => page.evaluate(() => Object.keys((window as any).__twin.layerCounts()).filter((id) => id.startsWith('bim-shell-'))) as Promise<string[]>;

beforeAll(async () => {
  app = await startDemoTwinApp();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1600, height: 900 }, locale: 'zh-CN' });
  await page.route('**/*', (route) => {
    const u = new URL(route.request().url());
    if (u.hostname === '127.0.0.1' || u.hostname === 'localhost') return route.continue();
    leaving.push(u.href);
    return route.abort('blockedbyclient');
  });
  page.on('request', (r) => { if (r.url().endsWith('.shell.glb')) shellsFetched.push(new URL(r.url()).pathname); });
  await signInPage(page, app.url, app.session);
  page.on('console', (m) => { if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('response', (r) => { if (r.status() >= 400 && !r.url().includes('/api/')) errors.push(`${r.status()} ${r.url()}`); });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('BIM in the overview', () => {
  it('from the overview every building is its massing and no shell is fetched', { timeout: 120_000 }, async () => {
    await page.goto(`${app.url}/twin.html?community=${C.id}`);
    await page.waitForSelector('[data-twin-ready="1"]', { timeout: 90_000 });
    await page.waitForTimeout(1800); // the fly-in
    const s = await shells();
    expect(s.candidates).toBe(C.buildings.length); // every demo building has its shell in the manifest
    expect(s.shown).toEqual([]);
    expect(s.massingHidden).toEqual([]);
    expect(await shellLayers()).toEqual([]);
    expect(shellsFetched).toEqual([]);
  });

  it('flown close to a tower, its massing gives way to its BIM shell, which a click still opens', { timeout: 120_000 }, async () => {
    await page.goto(`${app.url}/twin.html?community=${C.id}&focus=${b1.id}`);
    await page.waitForSelector('[data-twin-ready="1"]', { timeout: 90_000 });
    await expect.poll(async () => (await shells()).shown, { timeout: 30_000 }).toContain(b1.id);
    const s = await shells();
    expect(s.shown.length).toBeLessThanOrEqual(6);
    expect(s.massingHidden.sort()).toEqual([...s.shown].sort());
    expect(s.failed).toEqual([]);
    expect(s.triangles).toBeGreaterThan(100);
    expect(await shellLayers()).toContain(`bim-shell-${b1.id}`);
    expect(shellsFetched).toContain(`/twins/${C.id}/buildings/${b1.id}.shell.glb`);
    // Only the buildings near the camera: not the whole community's.
    expect(new Set(shellsFetched).size).toBeLessThan(C.buildings.length);
    await page.waitForTimeout(1500);
    await page.screenshot({ path: SCREENSHOT });
    // The massing of the tower is filtered out, so what answers at its roof is the shell.
    await expect.poll(async () => {
      const xy = await page.evaluate((id) => (window as any).__twin.project(id), b1.id);
      return xy ? (await page.evaluate(([x, y]) => (window as any).__twin.pick(x, y), xy))?.id ?? null : null;
    }, { timeout: 10_000 }).toBe(b1.id);
  });

  it('pulled back to the overview, the massing returns and the shells are released', { timeout: 60_000 }, async () => {
    const before = await shells();
    await page.locator('[data-preset]').first().click();
    await expect.poll(async () => (await shells()).shown, { timeout: 20_000 }).toEqual([]);
    const s = await shells();
    expect(s.massingHidden).toEqual([]);
    expect(s.released).toBeGreaterThanOrEqual(before.shown.length);
    // deck.gl drops (and finalises) a layer that left the list on its next render.
    await expect.poll(async () => (await shells()).layersHeld, { timeout: 5000 }).toBe(0);
    expect(s.triangles).toBe(0);
    expect(await shellLayers()).toEqual([]);
  });

  it('no request left the machine and the page logged no error', () => {
    expect(leaving).toEqual([]);
    expect(errors).toEqual([]);
  });
});
