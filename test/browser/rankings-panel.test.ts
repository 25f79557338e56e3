/**
 * The rankings panel in a real Chromium against the real server: at a district it ranks the
 * streets by binding-gate compliance with the value and its unit, switches to energy intensity
 * (W/m²) and to the communities failing the gate with their items, draws compliance over time, fits
 * its slot without scrollbars at 1920×1080 and 7680×2160, and a click on the first row drills to
 * that street (the URL names it, the header shows it). At a community the item table is back.
 */
import { join } from 'node:path';
import { builtClient } from '../support/run-cache.ts';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { signInPage } from '../support/session.ts';
import type { HierarchyNode } from '../../streams/hierarchy.ts';
import { ITEMS } from '../../streams/indicators/catalogue.ts';
import { AssessmentStore } from '../../server/indicators/assessment-store.ts';
import { launchChromium } from '../support/chromium.ts';

const node = (id: string, level: HierarchyNode['level'], parent: string | null, zh: string): HierarchyNode => ({ id, level, parent, name: { zh, en: id } });
const TREE: HierarchyNode[] = [
  node('cq', 'city', null, '重庆市'), node('d-yz', 'district', 'cq', '渝中区'),
  node('s-1', 'street', 'd-yz', '两路口街道'), node('s-2', 'street', 'd-yz', '上清寺街道'),
  node('c-a', 'community', 's-1', '甲社区'), node('n-a1', 'neighbourhood', 'c-a', '甲一小区'),
  node('c-b', 'community', 's-1', '乙社区'), node('n-b1', 'neighbourhood', 'c-b', '乙一小区'),
  node('c-c', 'community', 's-2', '丙社区'), node('n-c1', 'neighbourhood', 'c-c', '丙一小区'),
];

let app: TestApp;
let browser: Browser;
let page: Page;
let clientDir: string;
const consoleErrors: string[] = [];

beforeAll(async () => {
  clientDir = await builtClient();
  app = await startTestApp({ config: { clientDir }, hierarchy: TREE });
  const t = Date.now() - 5000;
  const lines = [
    `energy,community=c-a,neighbourhood=n-a1,building=b-1,meter=m-1,category=residential load_kw=100,pv_kw=5,ev_kw=2 ${t}`,
    `energy,community=c-c,neighbourhood=n-c1,building=b-2,meter=m-2,category=residential load_kw=30,pv_kw=0,ev_kw=0 ${t}`,
    `parking,community=c-a,neighbourhood=n-a1,lot=p-1,kind=resident occupied=40i,capacity=100i ${t}`,
    `parking,community=c-c,neighbourhood=n-c1,lot=p-2,kind=resident occupied=10i,capacity=20i ${t}`,
  ];
  expect((await app.write(lines.join('\n'), 'precision=ms')).status).toBe(204);
  app.facts.setCommunity('c-a', [{ neighbourhood: 'n-a1', floorAreaM2: 20_000, households: 200 }], 'simulator');
  app.facts.setCommunity('c-c', [{ neighbourhood: 'n-c1', floorAreaM2: 2_000, households: 20 }], 'simulator');
  // c-c passes the binding gate; c-a is part-way (fails it on all but one item); c-b has nothing.
  const store = new AssessmentStore(app.records);
  const evidence = { note: '', links: [], attachments: [] };
  for (const it of ITEMS.filter((x) => x.type === 'binding')) store.apply('c-c', it.id, { status: 'met', operator: 'system', expectedRevision: 0, evidence });
  store.apply('c-a', ITEMS[0].id, { status: 'met', operator: 'system', expectedRevision: 0, evidence });

  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
  // Nothing leaves the machine: a request to anywhere but the test server fails.
  const origin = new URL(app.url).origin;
  await context.route('**/*', (route) => (new URL(route.request().url()).origin === origin || route.request().url().startsWith('data:') ? route.continue() : route.abort()));
  page = await context.newPage();
  await signInPage(page, app.url, app.session);
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(`${m.text()} ${m.location().url}`); });
  page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const rows = () => page.getByTestId('ranking-row');
const rowNodes = () => rows().evaluateAll((els) => els.map((e) => e.getAttribute('data-node')));
const values = () => page.getByTestId('ranking-value').allInnerTexts();

/**
 * No scrollbar and nothing cut off: no box in the panel scrolls, the panel is no taller than its
 * slot, and every ranking row shown lies inside the list's box.
 */
async function overflowing(): Promise<string[]> {
  return page.getByTestId('panel-rankings').evaluate((panel) => {
    const out = [panel, ...panel.querySelectorAll('*')]
      .filter((el) => ['auto', 'scroll'].includes(getComputedStyle(el).overflowY) && el.scrollHeight > el.clientHeight + 1)
      .map((el) => `scrolls: ${el.tagName}.${el.className}`);
    const slot = panel.parentElement!.getBoundingClientRect();
    if (panel.getBoundingClientRect().bottom > slot.bottom + 1) out.push('panel taller than its slot');
    const box = panel.querySelector('.ranking-box')!.getBoundingClientRect();
    for (const row of panel.querySelectorAll('.ranking-row')) if (row.getBoundingClientRect().bottom > box.bottom + 1) out.push(`row cut off: ${row.getAttribute('data-node')}`);
    return out;
  });
}

describe('the rankings panel', () => {
  it('ranks a district\'s streets with units, fits its slot, and drills to the first on a click', async () => {
    await page.goto(`${app.url}/?node=d-yz`);
    await expect.poll(() => rowNodes(), { timeout: 15_000 }).toEqual(['s-2', 's-1']);
    expect(await values()).toEqual(['100.0%', '0.0%']);
    expect(await page.getByTestId('panel-items').count()).toBe(0);
    expect(await page.getByTestId('panel-rankings').locator('.panel-note').innerText()).toContain('街道');

    await page.getByTestId('ranking-tab-intensity').click();
    await expect.poll(() => rowNodes(), { timeout: 5000 }).toEqual(['s-2', 's-1']);
    expect(await values()).toEqual(['15.0W/m²', '5.0W/m²']);

    await page.getByTestId('ranking-tab-failing').click();
    await expect.poll(() => page.getByTestId('failing-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-node'))), { timeout: 5000 }).toEqual(['c-a']);
    expect(await page.getByTestId('failing-count').innerText()).toBe('未达标 1 个社区 · 显示 1 个 · 未评估 1 个');
    expect(await page.getByTestId('failing-row').innerText()).toContain('1.2');

    // Compliance over time is drawn (a canvas in the chart's box).
    await expect.poll(() => page.getByTestId('compliance-chart').locator('canvas').count(), { timeout: 5000 }).toBeGreaterThan(0);
    expect(await overflowing()).toEqual([]);
    await page.setViewportSize({ width: 7680, height: 2160 });
    await page.getByTestId('ranking-tab-gateRatio').click();
    await expect.poll(() => rowNodes(), { timeout: 5000 }).toEqual(['s-2', 's-1']);
    expect(await overflowing()).toEqual([]);
    await page.setViewportSize({ width: 1920, height: 1080 });

    await rows().first().click();
    await expect.poll(() => new URL(page.url()).searchParams.get('node'), { timeout: 5000 }).toBe('s-2');
    await expect.poll(() => page.getByTestId('node-name').innerText(), { timeout: 10_000 }).toBe('上清寺街道');
    // The street ranks its community now.
    await expect.poll(() => rowNodes(), { timeout: 10_000 }).toEqual(['c-c']);
    expect(consoleErrors).toEqual([]);
  }, 90_000);

  it('gives a community its item table back, and speaks English', async () => {
    await page.goto(`${app.url}/?node=s-1`);
    await expect.poll(() => rowNodes(), { timeout: 15_000 }).toEqual(['c-a', 'c-b']);
    await page.getByTestId('lang-toggle').click();
    await expect.poll(() => page.getByTestId('ranking-tab-gateRatio').innerText(), { timeout: 5000 }).toBe('Binding gate passed');
    await page.getByTestId('lang-toggle').click();
    await rows().first().click();
    await expect.poll(() => page.getByTestId('node-name').innerText(), { timeout: 10_000 }).toBe('甲社区');
    await expect.poll(() => page.getByTestId('item-row').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await page.getByTestId('panel-rankings').count()).toBe(0);
    expect(consoleErrors).toEqual([]);
  }, 60_000);
});
