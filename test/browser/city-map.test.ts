/**
 * The city map in the cockpit's centre, in a real Chromium against the real server with the
 * shipped Chongqing tree: the city opens as its districts on a deck.gl canvas with a legend,
 * hovering a district shows its name and figure, a click flies (not jumps) into it and the URL
 * and header name it, the figure picked changes the legend and stays in the URL, and a street
 * centre's map holds its street's communities only. Nothing is fetched from outside.
 */
import { builtClient } from '../support/run-cache.ts';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { signInPage } from '../support/session.ts';
import { loadChongqingSites } from '../../server/sites/chongqing/chongqing-sites.ts';
import { launchChromium } from '../support/chromium.ts';

const SITES = loadChongqingSites();
const CITY = SITES.sites.find((s) => s.level === 'city')!;
const YUZHONG = SITES.sites.find((s) => s.name.zh === '渝中区')!;
const STREET = SITES.sites.find((s) => s.name.zh === '两路口街道' && s.parent === YUZHONG.id)!;
const nameOf = (id: string) => SITES.sites.find((s) => s.id === id)!.name.zh;

let app: TestApp;
let browser: Browser;
let clientDir: string;
const consoleErrors: string[] = [];

async function openPage(session: TestApp['session']): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
  const origin = new URL(app.url).origin;
  // Nothing leaves the machine: a request to anywhere but the test server fails (and is counted).
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (new URL(url).origin === origin || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    consoleErrors.push(`request left the machine: ${url}`);
    return route.abort();
  });
  const page = await context.newPage();
  await signInPage(page, app.url, session);
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(`${m.text()} ${m.location().url}`); });
  page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
  return { context, page };
}

beforeAll(async () => {
  clientDir = await builtClient();
  app = await startTestApp({ sites: SITES, config: { clientDir } });
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

type Feature = { id: string; x: number; y: number; placed: string };
const features = (page: Page) => page.evaluate(() => window.__cityMap?.features() ?? []) as Promise<Feature[]>;
const mapNode = (page: Page) => page.evaluate(() => window.__cityMap?.node ?? null);
const settled = (page: Page) => page.evaluate(() => !!window.__cityMap && !window.__cityMap.moving());
/**
 * Where on the page a feature's label point is, checked by the map's own picking (each pick
 * renders the picking buffer, slow under SwiftShader, so the few nearest the middle are tried).
 */
async function spotOf(page: Page): Promise<{ id: string; x: number; y: number }> {
  const box = (await page.getByTestId('city-map-canvas').boundingBox())!;
  const all = await features(page);
  const middle = (f: Feature) => Math.hypot(f.x - box.width / 2, f.y - box.height / 2);
  for (const f of [...all].sort((a, b) => middle(a) - middle(b)).slice(0, 4)) {
    const picked = await page.evaluate(([x, y]) => window.__cityMap!.pick(x!, y!), [f.x, f.y]);
    if (picked === f.id) return { id: f.id, x: box.x + f.x, y: box.y + f.y };
  }
  throw new Error(`test: none of the ${all.length} features picks at its own label point`);
}

describe('the city map', () => {
  let page: Page;
  let context: BrowserContext;
  beforeAll(async () => { ({ page, context } = await openPage(app.session)); }, 60_000);
  afterAll(async () => { await context?.close(); });

  it('opens the city as its districts on the map with a legend, and names a district on hover', async () => {
    const t0 = Date.now();
    await page.goto(`${app.url}/?node=${CITY.id}`);
    await expect.poll(() => mapNode(page), { timeout: 60_000 }).toBe(CITY.id);
    const drawnAt = Date.now() - t0;
    // deck.gl 9.4 leaves an empty, unsized canvas beside the one it draws on.
    expect(await page.getByTestId('city-map-canvas').locator('canvas[width]').count()).toBe(1);
    expect(await page.getByTestId('twin-stage-note').count()).toBe(0);
    const drawn = await features(page);
    expect(drawn).toHaveLength(38);
    expect(new Set(drawn.map((f) => f.placed))).toEqual(new Set(['boundary']));

    const legend = page.getByTestId('map-legend');
    expect(await legend.getAttribute('data-figure')).toBe('gate');
    expect(await legend.textContent()).toContain('约束性指标达标率 (%)');
    expect(await legend.textContent()).toContain('暂无数据');
    await expect.poll(() => page.getByTestId('map-legend-ticks').locator('span').allTextContents(), { timeout: 30_000 }).toEqual(['0', '50', '100']);

    console.log(`city-map: the city's map was in ${drawnAt} ms after navigation, its figures ${Date.now() - t0} ms`);
    const spot = await spotOf(page);
    await page.mouse.move(spot.x, spot.y);
    const tip = page.getByTestId('map-tooltip');
    await expect.poll(() => tip.getAttribute('data-id'), { timeout: 5000 }).toBe(spot.id);
    expect(await tip.textContent()).toContain(nameOf(spot.id));
    // The figure with its unit: a district's binding-gate ratio over its communities.
    expect(await page.getByTestId('map-tooltip-value').textContent()).toMatch(/^\d+ %$/);
    console.log(`city-map: tooltip ${Date.now() - t0} ms after navigation`);
    expect(consoleErrors).toEqual([]);
  }, 120_000);

  it('flies into the district clicked: the URL and the header name it, and its streets are drawn', async () => {
    await expect.poll(() => settled(page), { timeout: 5000 }).toBe(true);
    const spot = await spotOf(page);
    const flights = await page.evaluate(() => window.__cityMap!.flights);
    // Marks the drawing canvas: after the drill the same one (the same Deck) must still be there.
    await page.evaluate(() => { (document.querySelector('[data-testid="city-map-canvas"] canvas[width]') as HTMLCanvasElement & { mark?: number }).mark = 1; });
    await page.mouse.click(spot.x, spot.y);
    await expect.poll(() => new URL(page.url()).searchParams.get('node'), { timeout: 5000 }).toBe(spot.id);
    await expect.poll(() => page.getByTestId('node-name').first().textContent(), { timeout: 10_000 }).toBe(nameOf(spot.id));
    expect(await page.getByTestId('node-level').first().textContent()).toBe('区县');
    await expect.poll(() => mapNode(page), { timeout: 10_000 }).toBe(spot.id);
    // Animated: one flight to the district, drawn through views in between, by the same Deck.
    expect(await page.evaluate(() => window.__cityMap!.flights)).toBe(flights + 1);
    await expect.poll(() => settled(page), { timeout: 5000 }).toBe(true);
    // A jump draws no view in between; how many a flight draws depends on the frame rate (software GL here).
    expect(await page.evaluate(() => window.__cityMap!.flightSteps)).toBeGreaterThan(0);
    expect(await page.evaluate(() => [...document.querySelectorAll('[data-testid="city-map-canvas"] canvas[width]')].map((c) => (c as HTMLCanvasElement & { mark?: number }).mark))).toEqual([1]);
    const streets = SITES.sites.filter((s) => s.parent === spot.id).map((s) => s.id).sort();
    expect((await features(page)).map((f) => f.id).sort()).toEqual(streets);
    // Streets have no boundary: the legend says their spots are schematic.
    expect(await page.getByTestId('map-legend-schematic').textContent()).toBe('位置示意');
    // The browser's back button flies back to the city.
    await page.goBack();
    await expect.poll(() => mapNode(page), { timeout: 10_000 }).toBe(CITY.id);
    expect(consoleErrors).toEqual([]);
  }, 60_000);

  it('switches the figure: the legend changes, the URL keeps it, a reload shows it again', async () => {
    await page.getByTestId('map-figure').selectOption('intensity');
    const legend = page.getByTestId('map-legend');
    expect(await legend.getAttribute('data-figure')).toBe('intensity');
    expect(await legend.textContent()).toContain('能耗强度 (W/m²)');
    expect(new URL(page.url()).searchParams.get('figure')).toBe('intensity');
    await page.getByTestId('map-figure').selectOption('alerts');
    expect(await legend.textContent()).toContain('未处置告警 (条)');
    await expect.poll(() => page.getByTestId('map-legend-ticks').locator('span').allTextContents(), { timeout: 10_000 }).toEqual(['0', '3', '5']);
    await page.reload();
    await expect.poll(() => mapNode(page), { timeout: 60_000 }).toBe(CITY.id);
    expect(await page.getByTestId('map-legend').getAttribute('data-figure')).toBe('alerts');
    expect(await page.getByTestId('map-figure').inputValue()).toBe('alerts');
    // English too, units kept.
    await page.getByTestId('lang-toggle').click();
    expect(await page.getByTestId('map-legend').textContent()).toContain('Open alerts (alerts)');
    await page.getByTestId('lang-toggle').click();
    expect(consoleErrors).toEqual([]);
  }, 90_000);
});

describe('the city map of a street centre', () => {
  it('shows its street\'s communities only', async () => {
    const user = await app.userSession({ username: 'street-centre', roles: ['centre_operator'], scopes: [STREET.id] });
    const { context, page } = await openPage(user);
    try {
      await page.goto(`${app.url}/?node=${STREET.id}`);
      await expect.poll(() => mapNode(page), { timeout: 60_000 }).toBe(STREET.id);
      const communities = SITES.sites.filter((s) => s.parent === STREET.id).map((s) => s.id).sort();
      expect((await features(page)).map((f) => f.id).sort()).toEqual(communities);
      // The city is outside its scope: the map never draws it.
      await page.goto(`${app.url}/?node=${CITY.id}`);
      await page.waitForTimeout(2000);
      expect(await mapNode(page)).not.toBe(CITY.id);
      const ids = (await features(page)).map((f) => f.id);
      expect(ids.filter((id) => SITES.sites.find((s) => s.id === id)?.level === 'district')).toEqual([]);
    } finally {
      await context.close();
    }
    // A 403 for the city is the expected answer here, not a fault of the page.
    const faults = consoleErrors.filter((e) => !/403/.test(e));
    expect(faults).toEqual([]);
  }, 120_000);
});
