/**
 * The street cockpit in a real Chromium against the real server draws today against yesterday
 * from the roll-up history: the energy panel's load (with PV and EV), the parking panel's
 * occupancy and the drainage level, each with both days' lines and the legend 今日 / 昨日, and
 * today's peak read from the street's history (its communities' sum).
 */
import { join } from 'node:path';
import { builtClient } from '../support/run-cache.ts';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { signInPage } from '../support/session.ts';
import { DAY_MS, chinaDayStart } from '../../streams/china-time.ts';
import { launchChromium } from '../support/chromium.ts';

let app: TestApp;
let browser: Browser;
let page: Page;
let clientDir: string;
const consoleErrors: string[] = [];

const MIN = 60_000;
const BUCKET = 5 * MIN;

/** Per community at each recorded minute: load (kW), parking occupied of 100, drainage level (m). */
const TODAY = { 'c-a': { kw: 150, occ: 40, level: 0.3 }, 'c-b': { kw: 200, occ: 70, level: 0.5 } } as const;
const YESTERDAY = { 'c-a': { kw: 120, occ: 20, level: 0.2 }, 'c-b': { kw: 180, occ: 50, level: 0.4 } } as const;

function lines(day: typeof TODAY | typeof YESTERDAY, t: number): string {
  return (Object.keys(day) as (keyof typeof day)[]).flatMap((c) => {
    const n = c === 'c-a' ? 'n-a1' : 'n-b1';
    const f = day[c];
    return [
      `energy,community=${c},neighbourhood=${n},building=b-${c},meter=m-${c},category=residential load_kw=${f.kw},pv_kw=10,ev_kw=5 ${t}`,
      `parking,community=${c},neighbourhood=${n},lot=p-${c},kind=resident occupied=${f.occ}i,capacity=100i ${t}`,
      `pipe,community=${c},neighbourhood=${n},network=drainage,sensor=dr-${c} level_m=${f.level},flow_m3h=3,status="normal" ${t}`,
    ];
  }).join('\n');
}

/** Three minutes of yesterday at 10:00 China time and today's latest whole bucket, recorded as the server would. */
async function seedHistory(): Promise<void> {
  app.history.hold();
  const now = Date.now();
  const dayStart = chinaDayStart(now);
  const yesterday = dayStart - DAY_MS + 10 * 3_600_000;
  const todayBucket = Math.max(dayStart, Math.floor((now - BUCKET) / BUCKET) * BUCKET);
  const minutes: [typeof TODAY | typeof YESTERDAY, number][] = [
    [YESTERDAY, yesterday], [YESTERDAY, yesterday + MIN], [YESTERDAY, yesterday + 2 * MIN],
    [TODAY, todayBucket], ...(todayBucket + MIN < now ? [[TODAY, todayBucket + MIN] as [typeof TODAY, number]] : []),
  ];
  for (const [day, t] of minutes) {
    const r = await app.write(lines(day, t), 'precision=ms');
    if (r.status !== 204) throw new Error(`test: write answered ${r.status}: ${r.error}`);
    await app.history.record(t);
  }
  await app.writer.flush();
}

beforeAll(async () => {
  clientDir = await builtClient();
  app = await startTestApp({ config: { clientDir } });
  await seedHistory();
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

const points = async (testId: string) => {
  const host = page.getByTestId(testId);
  return { today: Number(await host.getAttribute('data-today-points')), yesterday: Number(await host.getAttribute('data-yesterday-points')) };
};

it('draws the street\'s curves of today against yesterday, with the legend and the unit', { timeout: 60_000 }, async () => {
  await page.goto(`${app.url}/?node=s-1`);
  await expect.poll(() => page.getByTestId('connection-state').getAttribute('data-phase'), { timeout: 10_000 }).toBe('connected');
  expect(await page.getByTestId('node-level').first().textContent()).toBe('街道');

  for (const chart of ['energy-chart', 'parking-days-chart', 'pipes-days-chart']) {
    await expect.poll(() => points(chart), { timeout: 10_000 }).toMatchObject({ yesterday: 1 });
    expect((await points(chart)).today, chart).toBeGreaterThanOrEqual(1);
    // Drawn, not only given data: the chart's canvas is there and has a size.
    const box = await page.getByTestId(chart).locator('canvas').first().boundingBox();
    expect(box && box.width > 50 && box.height > 30, `${chart} canvas ${JSON.stringify(box)}`).toBe(true);
  }
  expect(await page.getByTestId('energy-chart').getAttribute('data-legend')).toBe('今日 / 昨日 / 光伏发电 / 充电桩负荷');
  expect(await page.getByTestId('parking-days-chart').getAttribute('data-legend')).toBe('今日 / 昨日');
  expect(await page.getByTestId('card-parking').textContent()).toContain('占用率 今日 vs 昨日');
  expect(await page.getByTestId('card-pipe').textContent()).toContain('排水最高液位 今日 vs 昨日');

  // Today's peak is the street's load from its history: the sum of its two communities.
  await expect.poll(() => page.getByTestId('value-energy.peak').first().textContent(), { timeout: 5000 }).toBe(String(TODAY['c-a'].kw + TODAY['c-b'].kw));
  expect(await page.locator('.cockpit').innerText()).not.toContain('负荷曲线按社区绘制');
  expect(consoleErrors).toEqual([]);
});

it('keeps the community\'s own charts at community level', { timeout: 30_000 }, async () => {
  await page.goto(`${app.url}/?node=c-a`);
  await expect.poll(() => page.getByTestId('connection-state').getAttribute('data-phase'), { timeout: 10_000 }).toBe('connected');
  await expect.poll(() => page.getByTestId('parking-chart').isVisible(), { timeout: 5000 }).toBe(true);
  expect(await page.getByTestId('parking-days-chart').count()).toBe(0);
  expect(await page.getByTestId('pipes-days-chart').count()).toBe(0);
  await expect.poll(() => page.getByTestId('energy-chart').getAttribute('data-legend'), { timeout: 5000 }).toBe('今日 / 昨日');
  expect(consoleErrors).toEqual([]);
});
