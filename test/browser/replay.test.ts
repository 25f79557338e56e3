/**
 * Replay of a past window in a real Chromium against the real server: a known hour, opened from
 * the URL, shows the values stored for it at each moment the slider is put on (the value a series
 * held before the window included), plays to its end at 3600×, and leaves the live data untouched:
 * what arrived while the screen replayed is on screen the moment it goes back to live. The
 * header's 回放 form starts one too. No request leaves the machine, no console error.
 */
import { builtClient } from '../support/run-cache.ts';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { signInPage } from '../support/session.ts';
import { launchChromium } from '../support/chromium.ts';

const MIN = 60_000;
let app: TestApp;
let browser: Browser;
let page: Page;
let t0: number;
const consoleErrors: string[] = [];
const outside: string[] = [];

const energy = (n: string, b: string, kw: number, t: number) =>
  `energy,community=c-a,neighbourhood=${n},building=${b},meter=m-${b},category=residential load_kw=${kw},pv_kw=0,ev_kw=0 ${t}`;

async function writeOk(lines: string[]): Promise<void> {
  const r = await app.write(lines.join('\n'), 'precision=ms');
  if (r.status !== 204) throw new Error(`test: write answered ${r.status}: ${r.error}`);
}

beforeAll(async () => {
  const clientDir = await builtClient();
  app = await startTestApp({ config: { clientDir } });
  // The hour replayed: three hours back, on the hour. b1 held 7 kW before it, then 100 + minute
  // every 10 minutes from minute 1; b2 50 kW from minute 5. Now: b1 777.
  t0 = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3 * 3_600_000;
  const lines = [energy('n-a1', 'b1', 7, t0 - 10 * MIN)];
  for (let m = 1; m < 60; m += 10) lines.push(energy('n-a1', 'b1', 100 + m, t0 + m * MIN));
  lines.push(energy('n-a2', 'b2', 50, t0 + 5 * MIN), energy('n-a1', 'b1', 777, Date.now() - 5000));
  // The other panels' families, so none of them asks for a series that does not exist.
  lines.push(`parking,community=c-a,neighbourhood=n-a1,lot=p-1,kind=resident occupied=40i,capacity=100i ${Date.now() - 5000}`);
  await writeOk(lines);
  await app.writer.flush();
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
  const origin = new URL(app.url).origin;
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (new URL(url).origin === origin || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    outside.push(url);
    return route.abort();
  });
  page = await context.newPage();
  await signInPage(page, app.url, app.session);
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(`${m.text()} ${m.location().url}`); });
  page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const load = () => page.getByTestId('value-energy.load_kw').first().textContent();
const bar = () => page.getByTestId('replay-bar');
const clock = async () => Number(await bar().getAttribute('data-clock'));

/** Puts the slider on a moment, as a viewer dragging it would (React reads the input event). */
async function seek(t: number): Promise<void> {
  await page.getByTestId('replay-slider').evaluate((el, value) => {
    const input = el as HTMLInputElement;
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, String(value));
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }, t);
  await expect.poll(async () => ({ clock: await clock(), status: await bar().getAttribute('data-status') }), { timeout: 15_000 })
    .toEqual({ clock: t, status: 'paused' });
}

it('replays a known hour: the stored values at each moment, to its end at 3600×, with live data kept', async () => {
  await page.goto(`${app.url}/?node=c-a`);
  await expect.poll(load, { timeout: 20_000 }).toBe('827.0');

  const range = `${new Date(t0).toISOString()}..${new Date(t0 + 60 * MIN).toISOString()}`;
  await page.goto(`${app.url}/?node=c-a&replay=${encodeURIComponent(range)}&speed=60`);
  await bar().waitFor({ timeout: 20_000 });
  expect(await page.locator('.cockpit').getAttribute('data-replay')).toBe('true');
  await expect.poll(() => bar().getAttribute('data-status'), { timeout: 15_000 }).toBe('playing');
  // At 60× a minute passes every second.
  const c1 = await clock();
  await expect.poll(clock, { timeout: 10_000 }).toBeGreaterThan(c1 + 60_000);
  await page.getByTestId('replay-toggle').click();
  await expect.poll(() => bar().getAttribute('data-status')).toBe('paused');

  // The window's first moment: only what b1 held before it.
  await seek(t0);
  await expect.poll(load, { timeout: 10_000 }).toBe('7.0');
  expect(await page.getByTestId('replay-clock').textContent()).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:00:00$/);
  // Minute 25: b1's sample of minute 21, b2's of minute 5.
  await seek(t0 + 25 * MIN);
  await expect.poll(load, { timeout: 10_000 }).toBe('171.0');
  await seek(t0 + 45 * MIN);
  await expect.poll(load, { timeout: 10_000 }).toBe('191.0');

  // Live data goes on arriving while the screen replays; the screen still shows the past.
  await writeOk([energy('n-a1', 'b1', 888, Date.now())]);
  await page.waitForTimeout(1500);
  expect(await load()).toBe('191.0');

  // 3600×: the last quarter hour plays in under a second, and it ends on the window's end.
  await page.getByTestId('replay-speed').last().selectOption('3600');
  await page.getByTestId('replay-toggle').click();
  await expect.poll(() => bar().getAttribute('data-status'), { timeout: 15_000 }).toBe('ended');
  expect(await clock()).toBe(t0 + 60 * MIN);
  await expect.poll(load, { timeout: 10_000 }).toBe('201.0');

  // Back to live: what arrived meanwhile is there at once, and the URL no longer names a replay.
  await page.getByTestId('replay-exit').click();
  await bar().waitFor({ state: 'detached' });
  await expect.poll(load, { timeout: 10_000 }).toBe('938.0');
  expect(new URL(page.url()).searchParams.get('replay')).toBeNull();
  expect(await page.locator('.cockpit').getAttribute('data-replay')).toBeNull();
}, 120_000);

it('starts a replay from the header\'s 回放 form, the last hour by default', async () => {
  await page.goto(`${app.url}/?node=c-a`);
  await page.getByTestId('replay-open').click();
  const form = page.getByTestId('replay-form');
  await form.waitFor();
  expect(await page.getByTestId('replay-from').inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
  // A window that ends before it starts cannot be started.
  const from = await page.getByTestId('replay-from').inputValue();
  await page.getByTestId('replay-to').fill('2020-01-01T00:00');
  expect(await page.getByTestId('replay-start').isDisabled()).toBe(true);
  await page.getByTestId('replay-to').fill(from.replace(/T(\d{2})/, (_, h: string) => `T${String(Math.min(23, Number(h) + 1)).padStart(2, '0')}`));
  await page.getByTestId('replay-start').click();
  await bar().waitFor({ timeout: 15_000 });
  expect(new URL(page.url()).searchParams.get('replay')).toMatch(/\.\./);
  await page.getByTestId('replay-exit').click();
  await bar().waitFor({ state: 'detached' });
}, 60_000);

it('let no request leave the machine and logged no console error', () => {
  expect(outside).toEqual([]);
  expect(consoleErrors, consoleErrors.join("\n")).toEqual([]);
});
