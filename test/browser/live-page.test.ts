/**
 * The cockpit page in a real Chromium against the real server: live values with units, updates
 * within seconds, alerts with their Chinese labels, nothing lost across a connection cut, the
 * English toggle, a full-viewport layout at 1080p and 4K, and no console errors. Leaves a
 * screenshot (in docs/screenshot.png when UPDATE_SCREENSHOT=1).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';

const HOUR = 3_600_000;
const STEP = 5 * 60_000;
const CST = 8 * HOUR;
// The README's screenshot is refreshed on request (UPDATE_SCREENSHOT=1), so a test run leaves the tree clean.
const SCREENSHOT = process.env.UPDATE_SCREENSHOT ? resolve('docs/screenshot.png') : join(tmpdir(), `twin-screenshot-${process.pid}.png`);

let app: TestApp;
let browser: Browser;
let page: Page;
let clientDir: string;
const consoleErrors: string[] = [];

/** A residential building's load in kW: low at night, a morning bump, a larger evening peak (Chongqing time). */
function residentialLoad(t: number): number {
  const h = ((t + CST) % 86_400_000) / HOUR;
  const bump = (centre: number, width: number, height: number) => {
    const d = Math.min(Math.abs(h - centre), 24 - Math.abs(h - centre)); // around the clock, no step at midnight
    return height * Math.exp(-(d ** 2) / (2 * width * width));
  };
  return 38 + bump(7.8, 1.1, 34) + bump(12.3, 1.4, 18) + bump(20.3, 1.9, 82) + 3 * Math.sin(t / 1_300_000) + 2 * Math.sin(t / 410_000);
}

const r1 = (x: number) => Math.round(x * 10) / 10;
const E = (n: string, b: string, cat = 'residential') => `energy,community=c-a,neighbourhood=${n},building=${b},meter=m-${b},category=${cat}`;
const fmt1 = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** Latest load of each building, kW, as written; the energy card shows their sum. */
const load: Record<string, number> = {};

async function writeOk(lines: string[]): Promise<void> {
  const r = await app.write(lines.join('\n'), 'precision=ms');
  if (r.status !== 204) throw new Error(`test: write answered ${r.status}: ${r.error}`);
}

async function seed(): Promise<void> {
  const now = Date.now();
  // 24 hours of 5-minute history for one building, so the load curve has a day to draw.
  const history: string[] = [];
  for (let t = now - 24 * HOUR; t < now - 60_000; t += STEP) history.push(`${E('n-a1', 'b-1')} load_kw=${r1(residentialLoad(t))} ${t}`);
  await writeOk(history);

  const t = now - 5_000;
  load['b-1'] = r1(residentialLoad(t));
  load['b-2'] = 120.5;
  load['b-3'] = 64.3;
  await writeOk([
    `${E('n-a1', 'b-1')} load_kw=${load['b-1']},pv_kw=35.2,ev_kw=12.8 ${t}`,
    `${E('n-a1', 'b-2')} load_kw=${load['b-2']},pv_kw=0,ev_kw=0 ${t}`,
    `${E('n-a2', 'b-3', 'public_service')} load_kw=${load['b-3']},pv_kw=18.6,ev_kw=6.4 ${t}`,
    `parking,community=c-a,neighbourhood=n-a1,lot=p-1,kind=resident occupied=132i,capacity=200i ${t}`,
    `parking,community=c-a,neighbourhood=n-a2,lot=p-2,kind=visitor occupied=45i,capacity=80i ${t}`,
    `pipe,community=c-a,neighbourhood=n-a1,network=water_supply,sensor=ws-1 pressure_kpa=312.5,flow_m3h=18.2,status="normal" ${t}`,
    `pipe,community=c-a,neighbourhood=n-a2,network=water_supply,sensor=ws-2 pressure_kpa=298,flow_m3h=12.6,status="normal" ${t}`,
    `pipe,community=c-a,neighbourhood=n-a1,network=drainage,sensor=dr-1 level_m=0.42,flow_m3h=6.1,status="warning" ${t}`,
    `env,community=c-a,neighbourhood=n-a1,walkway=w-1,sensor=e-1 temperature_c=18.6,humidity_pct=72,pm25_ugm3=35,noise_db=48.2 ${t}`,
    `env,community=c-a,neighbourhood=n-a2,walkway=w-2,sensor=e-2 temperature_c=19.4,humidity_pct=68,pm25_ugm3=41,noise_db=52.6 ${t}`,
    // Alerts from before the page opened: the list starts with them.
    `alert,community=c-a,neighbourhood=n-a1,type=perimeter_intrusion,severity=major,device=cam-07 location="北门围墙",message="周界越线告警",value=1 ${now - 12 * 60_000}`,
    `alert,community=c-a,neighbourhood=n-a2,type=charger_overheat,severity=warning,device=evc-03 location="地下车库B区",message="充电桩温度68°C",value=68 ${now - 31 * 60_000}`,
  ]);
  // The 5-minute windows come from rollups, merged a moment after the write.
  const deadline = Date.now() + 5000;
  for (;;) {
    const r = await app.get('/api/query?measurement=energy&field=load_kw&tag.building=b-1&from=now-24h&window=5m');
    if (r.status === 200 && r.body.series[0]?.t.length > 200) break;
    if (Date.now() > deadline) throw new Error(`test: history not queryable: ${JSON.stringify(r.body).slice(0, 200)}`);
    await new Promise((res) => setTimeout(res, 100));
  }
}

const totalLoad = () => fmt1.format(Object.values(load).reduce((a, b) => a + b, 0));
const text = (testId: string) => page.getByTestId(testId).first().textContent();

beforeAll(async () => {
  const started = Date.now();
  clientDir = mkdtempSync(join(tmpdir(), 'cockpit-client-'));
  await build({ configFile: 'vite.config.ts', build: { outDir: clientDir, emptyOutDir: true }, logLevel: 'warn' });
  const built = Date.now();
  // test-app merges `config` over the defaults, so a partial config is enough; its type asks for a whole one.
  app = await startTestApp({ config: { clientDir } });
  await seed();
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-background-networking'],
  });
  page = await browser.newPage({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
  console.log(`live-page: client built in ${built - started} ms, server, data and browser ready in ${Date.now() - built} ms`);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  if (clientDir) rmSync(clientDir, { recursive: true, force: true });
});

describe('cockpit page, live', () => {
  it('connects and shows the latest values of every family with units', async () => {
    await page.goto(`${app.url}/?node=c-a`);
    await expect.poll(() => page.getByTestId('connection-state').getAttribute('data-phase'), { timeout: 10_000 }).toBe('connected');
    expect(await text('connection-state')).toBe('实时连接');
    expect(await text('node-name')).toBe('甲社区');
    await expect.poll(() => text('value-energy.load_kw'), { timeout: 5000 }).toBe(totalLoad());
    expect(await text('unit-energy.load_kw')).toBe('kW');
    expect(await text('metric-energy.load_kw')).toBe(`用电负荷${totalLoad()}kW`);
    expect(await text('value-energy.pv_kw')).toBe('53.8');
    expect(await text('value-parking.free')).toBe('103');
    expect(await text('unit-parking.free')).toBe('个');
    expect(await text('value-parking.occupancy')).toBe('63');
    expect(await text('value-pipe.pressure_kpa')).toBe('305');
    expect(await text('unit-pipe.flow_m3h')).toBe('m³/h');
    expect(await text('pipe-status-normal')).toBe('2');
    expect(await text('pipe-status-warning')).toBe('1');
    expect(await text('value-env.temperature_c')).toBe('19.0');
    expect(await text('spread-env.temperature_c')).toBe('2 个传感器 · 18.6–19.4');
    expect(await text('unit-env.pm25_ugm3')).toBe('µg/m³');
    expect(await text('store-health')).toBe('存储正常');
    expect(await page.getByTestId('data-stale').count()).toBe(0);
    // Alerts from before the page opened, newest first.
    expect(await page.getByTestId('alert-type').allTextContents()).toEqual(['周界入侵', '充电桩过热']);
  });

  it('shows a newly written value within a few seconds', async () => {
    load['b-2'] = 150.5;
    await writeOk([`${E('n-a1', 'b-2')} load_kw=${load['b-2']} ${Date.now()}`]);
    await expect.poll(() => text('value-energy.load_kw'), { timeout: 5000, interval: 100 }).toBe(totalLoad());
    await writeOk([`parking,community=c-a,neighbourhood=n-a1,lot=p-1,kind=resident occupied=190i,capacity=200i ${Date.now()}`]);
    await expect.poll(() => text('value-parking.free'), { timeout: 5000, interval: 100 }).toBe('45');
  });

  it('lists a new alert first, with its Chinese type label, place and severity', async () => {
    await writeOk(['alert,community=c-a,neighbourhood=n-a1,type=fire,severity=critical,device=smk-1 location="3栋2单元",message="烟感报警",value=1']);
    const first = page.getByTestId('alert-item').first();
    await expect.poll(() => first.getAttribute('data-type'), { timeout: 5000, interval: 100 }).toBe('fire');
    expect(await first.getByTestId('alert-type').textContent()).toBe('消防火警/消防水');
    expect(await first.getByTestId('alert-location').textContent()).toBe('甲一小区 · 3栋2单元');
    expect(await first.getAttribute('data-severity')).toBe('critical');
    expect(await first.textContent()).toContain('紧急');
    expect(await first.textContent()).toContain('烟感报警');
  });

  it('loses nothing across a connection cut: an alert raised meanwhile shows after the reconnect', async () => {
    for (const s of app.io.of('/').sockets.values()) s.conn.close();
    await expect.poll(() => app.io.of('/').sockets.size, { timeout: 2000, interval: 10 }).toBe(0);
    await writeOk([`alert,community=c-a,neighbourhood=n-a2,type=gas_leak,severity=major,device=gas-2 location="5栋地下车库",message="燃气浓度超限",value=12 ${Date.now()}`]);
    const first = page.getByTestId('alert-item').first();
    await expect.poll(() => first.getAttribute('data-type'), { timeout: 10_000, interval: 100 }).toBe('gas_leak');
    expect(await first.getByTestId('alert-type').textContent()).toBe('燃气泄漏');
    await expect.poll(() => page.getByTestId('connection-state').getAttribute('data-phase'), { timeout: 5000 }).toBe('connected');
    expect(await page.getByTestId('alert-item').count()).toBe(4);
    // One socket for the page: the reconnect replaced the old one rather than adding another.
    expect(app.io.of('/').sockets.size).toBe(1);
  });

  it('switches labels to English and back; units stay', async () => {
    await page.getByTestId('lang-toggle').click();
    await expect.poll(() => page.getByTestId('card-energy').locator('h2').textContent()).toBe('Energy load');
    expect(await text('connection-state')).toBe('Live');
    expect(await page.getByTestId('alert-type').first().textContent()).toBe('Gas leak');
    expect(await text('metric-energy.load_kw')).toBe(`Load${totalLoad()}kW`);
    expect(await text('unit-parking.free')).toBe('spaces');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.getByTestId('lang-toggle').click();
    await expect.poll(() => page.getByTestId('card-energy').locator('h2').textContent()).toBe('能源负荷');
  });

  it('extends the load curve live and leaves a screenshot', async () => {
    await expect.poll(() => page.getByTestId('load-curve-chart').getAttribute('data-status'), { timeout: 10_000 }).toBe('ok');
    expect(await text('load-curve-building')).toContain('甲一小区 · 楼栋 b-1');
    // A few live samples after the history, as the meter would send them.
    for (let i = 0; i < 3; i++) {
      const t = Date.now();
      load['b-1'] = r1(residentialLoad(t) + i * 1.5);
      await writeOk([`${E('n-a1', 'b-1')} load_kw=${load['b-1']} ${t}`]);
      await new Promise((r) => setTimeout(r, 250));
    }
    await expect.poll(() => text('value-energy.load_kw'), { timeout: 5000, interval: 100 }).toBe(totalLoad());
    // The chart's canvas has drawn something (not a blank host).
    const canvas = page.getByTestId('load-curve-chart').locator('canvas');
    expect(await canvas.count()).toBeGreaterThan(0);
    await page.waitForTimeout(800);
    mkdirSync(resolve('docs'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
  });

  it('fills 1920×1080 and 3840×2160 without scrollbars or clipped panels', async () => {
    for (const viewport of [{ width: 1920, height: 1080 }, { width: 3840, height: 2160 }]) {
      const at = `${viewport.width}×${viewport.height}`;
      await page.setViewportSize(viewport);
      // The chart follows the resize (ResizeObserver): its canvas spans the chart area.
      await expect.poll(() => page.evaluate(() => {
        const host = document.querySelector('[data-testid="load-curve-chart"]')!;
        return Math.abs(host.querySelector('canvas')!.getBoundingClientRect().width - host.getBoundingClientRect().width) < 1;
      }), { timeout: 5000, message: `chart width at ${at}` }).toBe(true);
      const layout = await page.evaluate(() => {
        const doc = document.documentElement;
        const clipped = [...document.querySelectorAll<HTMLElement>('.panel')]
          .filter((p) => p.scrollHeight > p.clientHeight + 1 || p.scrollWidth > p.clientWidth + 1)
          .map((p) => p.className);
        return { scroll: [doc.scrollWidth, doc.scrollHeight], rootFont: parseFloat(getComputedStyle(doc).fontSize), clipped };
      });
      expect(layout.scroll, at).toEqual([viewport.width, viewport.height]);
      expect(layout.clipped, at).toEqual([]);
      // Text scales with the wall: 16 px at 1080p, 32 px at 4K.
      expect(layout.rootFont, at).toBeCloseTo(viewport.width * 0.0084, 0);
    }
    await page.setViewportSize({ width: 1920, height: 1080 });
  });

  it('logged no console errors', () => {
    expect(consoleErrors).toEqual([]);
  });
});
