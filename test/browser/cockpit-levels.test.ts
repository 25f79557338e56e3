/**
 * The cockpit opened at each of the five levels of the tree (city → district → street → community
 * → neighbourhood) in a real Chromium against the real server: no subscription is refused, the
 * header names the node and its level, nothing stays loading, and every panel shows figures (the
 * level's totals: a street's load is its communities' sum) or, where it is drawn from a
 * community's own devices, says to choose a community, in Chinese and in English.
 */
import { join } from 'node:path';
import { builtClient } from '../support/run-cache.ts';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { signInPage } from '../support/session.ts';
import { launchChromium } from '../support/chromium.ts';

let app: TestApp;
let browser: Browser;
let page: Page;
let clientDir: string;
const consoleErrors: string[] = [];

const fmt1 = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** Latest load per neighbourhood, kW, and car park spaces: what each level should total. */
const LOAD = { 'n-a1': 120.5 + 64.25, 'n-a2': 48.5, 'n-b1': 210.75 } as const;
const PARKING = { 'n-a1': [132, 200], 'n-a2': [45, 80], 'n-b1': [60, 150] } as const;
type Hood = keyof typeof LOAD;

async function seed(): Promise<void> {
  const t = Date.now() - 5000;
  const community = (n: Hood) => (n.startsWith('n-a') ? 'c-a' : 'c-b');
  const tags = (n: Hood) => `community=${community(n)},neighbourhood=${n}`;
  const lines = [
    `energy,${tags('n-a1')},building=b-1,meter=m-1,category=residential load_kw=120.5,pv_kw=20,ev_kw=4 ${t}`,
    `energy,${tags('n-a1')},building=b-2,meter=m-2,category=residential load_kw=64.25,pv_kw=0,ev_kw=0 ${t}`,
    `energy,${tags('n-a2')},building=b-3,meter=m-3,category=public_service load_kw=48.5,pv_kw=6,ev_kw=2 ${t}`,
    `energy,${tags('n-b1')},building=b-9,meter=m-9,category=residential load_kw=210.75,pv_kw=12,ev_kw=9 ${t}`,
    ...(Object.keys(PARKING) as Hood[]).map((n) => `parking,${tags(n)},lot=p-${n},kind=resident occupied=${PARKING[n][0]}i,capacity=${PARKING[n][1]}i ${t}`),
    `pipe,${tags('n-a1')},network=water_supply,sensor=ws-1 pressure_kpa=312.5,flow_m3h=18.2,status="normal" ${t}`,
    `pipe,${tags('n-a1')},network=drainage,sensor=dr-1 level_m=0.42,flow_m3h=6.1,status="normal" ${t}`,
    `pipe,${tags('n-b1')},network=water_supply,sensor=ws-9 pressure_kpa=290,flow_m3h=11,status="normal" ${t}`,
    `pipe,${tags('n-b1')},network=drainage,sensor=dr-9 level_m=0.61,flow_m3h=4,status="warning" ${t}`,
    `env,${tags('n-a1')},walkway=w-1,sensor=e-1 temperature_c=18.5,humidity_pct=72,pm25_ugm3=35,noise_db=48 ${t}`,
    `env,${tags('n-b1')},walkway=w-9,sensor=e-9 temperature_c=20.5,humidity_pct=64,pm25_ugm3=41,noise_db=52 ${t}`,
    `elevator,${tags('n-a1')},building=b-1,lift=l-1 state="normal",floor=12i,door_open=false,running_h=8345.5 ${t}`,
    `fire_water,${tags('n-b1')},building=b-9,tank=fw-9 level_m=1.8,pressure_kpa=158 ${t}`,
    `alert,${tags('n-a1')},type=perimeter_intrusion,severity=major,device=cam-07 location="北门围墙",message="周界越线告警",value=1 ${t - 60_000}`,
    `alert,${tags('n-b1')},type=charger_overheat,severity=warning,device=evc-03 location="地下车库",message="充电桩温度68°C",value=68 ${t - 120_000}`,
  ];
  const r = await app.write(lines.join('\n'), 'precision=ms');
  if (r.status !== 204) throw new Error(`test: write answered ${r.status}: ${r.error}`);
}

beforeAll(async () => {
  clientDir = await builtClient();
  app = await startTestApp({ config: { clientDir } });
  await seed();
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

const text = (testId: string) => page.getByTestId(testId).first().textContent();
const hintsIn = (card: string) => page.getByTestId(card).getByTestId('community-hint').count();
const sum = (hoods: readonly Hood[], f: (n: Hood) => number) => hoods.reduce((a, n) => a + f(n), 0);

const LEVELS = [
  { node: 'cq', name: '重庆市', level: '市', hoods: ['n-a1', 'n-a2', 'n-b1'], area: true, alerts: 2 },
  { node: 'd-yz', name: '渝中区', level: '区县', hoods: ['n-a1', 'n-a2', 'n-b1'], area: true, alerts: 2 },
  { node: 's-1', name: '两路口街道', level: '街道', hoods: ['n-a1', 'n-a2', 'n-b1'], area: true, alerts: 2 },
  { node: 'c-a', name: '甲社区', level: '社区', hoods: ['n-a1', 'n-a2'], area: false, alerts: 1 },
  { node: 'n-a1', name: '甲一小区', level: '小区', hoods: ['n-a1'], area: false, alerts: 1 },
] as const;

/** The panels that are drawn from devices: above the community each says to choose one. */
const DEVICE_CARDS = ['card-parking', 'card-pipe', 'card-env', 'card-services'];

describe('the cockpit at every level of the tree', () => {
  for (const l of LEVELS) {
    it(`opens at the ${l.level} ${l.name} with figures, without a refused subscription`, async () => {
      await page.goto(`${app.url}/?node=${l.node}`);
      await expect.poll(() => page.getByTestId('connection-state').getAttribute('data-phase'), { timeout: 10_000 }).toBe('connected');
      expect(await text('node-name')).toBe(l.name);
      expect(await text('node-level')).toBe(l.level);

      // The level's own totals, rolled up from the neighbourhoods under it.
      await expect.poll(() => text('value-energy.load_kw'), { timeout: 10_000 }).toBe(fmt1.format(sum(l.hoods, (n) => LOAD[n])));
      await expect.poll(() => text('value-parking.free'), { timeout: 5000 })
        .toBe(String(sum(l.hoods, (n) => PARKING[n][1] - PARKING[n][0])));
      await expect.poll(() => text('alerts-total'), { timeout: 5000 }).toBe(String(l.alerts));
      await expect.poll(() => page.getByTestId('alert-item').count(), { timeout: 5000 }).toBe(l.alerts);
      // Indicator progress of the area (its communities) or of the community.
      await expect.poll(() => page.getByTestId('panel-progress').getByTestId('gate').count(), { timeout: 5000 }).toBe(1);
      if (l.area) expect(await page.getByTestId('panel-progress').textContent()).toContain('/ 2');
      else expect(await text('gate-verdict')).toBe('未通过');

      if (l.area) {
        for (const card of DEVICE_CARDS) expect(await hintsIn(card), card).toBe(1);
        // The area's load curve comes from the roll-up history: nothing to choose first.
        expect(await hintsIn('card-energy')).toBe(0);
        expect(await page.getByTestId('card-pipe').getByTestId('community-hint').textContent()).toBe('管网传感器状态按社区查看，请选择社区');
        // Pressure sensors of water supply and level sensors of drainage, and the highest level.
        await expect.poll(() => text('value-pipe.sensors'), { timeout: 5000 }).toBe('4');
        expect(await text('value-pipe.level_m')).toBe('0.61');
        expect(await text('value-env.temperature_c')).toBe('19.5');
        // The item table is a community's; above it, the children are ranked in its place.
        await expect.poll(() => page.getByTestId('ranking-row').count(), { timeout: 10_000 }).toBeGreaterThan(0);
        expect(await page.getByTestId('panel-items').count()).toBe(0);
      } else {
        for (const card of DEVICE_CARDS) expect(await hintsIn(card), card).toBe(0);
        // The community's own devices: each sensor, each car park.
        await expect.poll(() => page.getByTestId('env-row').count(), { timeout: 5000 }).toBe(1);
        await expect.poll(() => page.getByTestId('lot-row').count(), { timeout: 5000 }).toBe(l.hoods.length);
        expect(await text('pipe-status-normal')).toBe('2');
        await expect.poll(() => page.getByTestId('item-row').count(), { timeout: 5000 }).toBeGreaterThan(0);
      }

      // Nothing is left loading, and the telemetry a community adds did not turn into a refusal.
      await expect.poll(() => page.locator('.cockpit').innerText(), { timeout: 10_000 }).not.toContain('加载中');
      const all = await page.locator('.cockpit').innerText();
      expect(all).not.toContain('订阅被拒绝');
      expect(all).not.toContain('only for communities');
      expect(await page.getByTestId('connection-state').getAttribute('data-phase')).toBe('connected');
      expect(consoleErrors).toEqual([]);
    });
  }

  it('drills up by the breadcrumb and the up button, and back and forward retrace the levels', async () => {
    const shows = async (node: string, name: string, hoods: readonly Hood[]) => {
      await expect.poll(() => new URL(page.url()).searchParams.get('node'), { timeout: 5000 }).toBe(node);
      await expect.poll(() => text('node-name'), { timeout: 10_000 }).toBe(name);
      await expect.poll(() => page.getByTestId('connection-state').getAttribute('data-phase'), { timeout: 10_000 }).toBe('connected');
      // The figures are the new node's, not left over from the one before.
      await expect.poll(() => text('value-energy.load_kw'), { timeout: 10_000 }).toBe(fmt1.format(sum(hoods, (n) => LOAD[n])));
    };
    await page.goto(`${app.url}/?node=n-a1`);
    await shows('n-a1', '甲一小区', ['n-a1']);
    const entries = await page.evaluate(() => history.length);

    await page.getByTestId('node-path').locator('[data-node="c-a"]').click();
    await shows('c-a', '甲社区', ['n-a1', 'n-a2']);
    await page.getByTestId('node-path').locator('[data-node="s-1"]').click();
    await shows('s-1', '两路口街道', ['n-a1', 'n-a2', 'n-b1']);
    await page.getByTestId('node-up').click();
    await shows('d-yz', '渝中区', ['n-a1', 'n-a2', 'n-b1']);
    expect(await text('node-level')).toBe('区县');
    // One history entry per drill, no reload: the page's own state survived.
    expect(await page.evaluate(() => history.length)).toBe(entries + 3);

    await page.goBack();
    await shows('s-1', '两路口街道', ['n-a1', 'n-a2', 'n-b1']);
    await page.goBack();
    await page.goBack();
    await shows('n-a1', '甲一小区', ['n-a1']);
    await page.goForward();
    await shows('c-a', '甲社区', ['n-a1', 'n-a2']);
    expect(await page.locator('.cockpit').innerText()).not.toContain('订阅被拒绝');
    expect(consoleErrors).toEqual([]);
  }, 60_000);

  it('names the node it chose in the URL when none was given, so the view can be bookmarked', async () => {
    await page.goto(`${app.url}/`);
    await expect.poll(() => new URL(page.url()).searchParams.get('node'), { timeout: 10_000 }).not.toBeNull();
    const node = new URL(page.url()).searchParams.get('node')!;
    await expect.poll(() => page.getByTestId('connection-state').getAttribute('data-phase'), { timeout: 10_000 }).toBe('connected');
    const name = await text('node-name');
    await page.reload();
    await expect.poll(() => text('node-name'), { timeout: 10_000 }).toBe(name);
    expect(new URL(page.url()).searchParams.get('node')).toBe(node);
    expect(consoleErrors).toEqual([]);
  }, 60_000);

  it('says to choose a community in English too', async () => {
    await page.goto(`${app.url}/?node=s-1`);
    await expect.poll(() => page.getByTestId('connection-state').getAttribute('data-phase'), { timeout: 10_000 }).toBe('connected');
    await page.getByTestId('lang-toggle').click();
    expect(await text('node-level')).toBe('Street');
    expect(await page.getByTestId('card-pipe').getByTestId('community-hint').textContent()).toBe('Pipe sensors are shown per community: choose a community');
    await expect.poll(() => page.getByTestId('energy-chart').getAttribute('data-legend'), { timeout: 5000 }).toBe('Today / Yesterday / PV generation / EV charging');
    await page.getByTestId('lang-toggle').click();
    expect(await text('node-level')).toBe('街道');
    expect(consoleErrors).toEqual([]);
  });
});
