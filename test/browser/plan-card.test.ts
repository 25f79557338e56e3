/**
 * The emergency plan card in a real Chromium against the real server: a fire alert's plan shows
 * in the alert detail with its steps, roles, targets and tel: links; ticking a step's checklist
 * and marking it done shows who did it, and a second console watching the node sees the ticks
 * live; a drill started from the console is marked as a drill and its printable report lists the
 * step against its target.
 */
import { builtClient } from '../support/run-cache.ts';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { signInPage, type TestSession } from '../support/session.ts';
import { launchChromium } from '../support/chromium.ts';

let app: TestApp;
let browser: Browser;
let desk1: Page;
let desk2: Page;
let zhang: TestSession;
const errors: string[] = [];

async function openDesk(session: TestSession): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 }, locale: 'zh-CN' });
  await signInPage(page, app.url, session);
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  await page.goto(`${app.url}/console.html?node=c-a`);
  await page.waitForSelector('[data-testid="connection-state"][data-phase="live"]', { timeout: 10_000 });
  return page;
}

beforeAll(async () => {
  const clientDir = await builtClient();
  app = await startTestApp({ config: { clientDir } });
  zhang = await app.userSession({ username: 'zhang', displayName: '张值班', roles: ['property_operator'], scopes: ['c-a'] });
  const li = await app.userSession({ username: 'li', displayName: '李值班', roles: ['property_operator'], scopes: ['c-a'] });
  browser = await launchChromium();
  desk1 = await openDesk(zhang);
  desk2 = await openDesk(li);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('plan card', () => {
  it('ticks a step off and marks it done, seen live on another console', async () => {
    expect((await app.write('alert,community=c-a,neighbourhood=n-a1,type=fire,severity=critical,device=smoke-9 location="9栋",message="烟感报警"')).status).toBe(204);
    const row = (p: Page) => p.locator('[data-testid="alert-row"][data-device="smoke-9"]');
    await row(desk1).click();
    await row(desk2).click();
    const card = desk1.getByTestId('plan-card');
    await expect.poll(() => card.getAttribute('data-status')).toBe('ok');
    expect(await desk1.getByTestId('plan-name').textContent()).toBe('消防火警处置预案');
    const steps = desk1.getByTestId('plan-step');
    expect(await steps.count()).toBe(4);
    const first = steps.first();
    expect(await first.getByTestId('plan-role').textContent()).toBe('物业值班员');
    expect(await first.getByTestId('plan-clock').textContent()).toMatch(/^剩余/);
    expect(await desk1.locator('[data-testid="plan-tel"][href="tel:119"]').count()).toBeGreaterThan(0);
    expect(await first.getByTestId('plan-step-done').isDisabled()).toBe(true);

    const items = first.getByTestId('plan-item');
    await items.nth(0).check();
    await expect.poll(() => desk1.getByTestId('plan-item').nth(0).isChecked()).toBe(true);
    await items.nth(1).check();
    await expect.poll(() => first.getByTestId('plan-step-done').isDisabled()).toBe(false);
    await first.getByTestId('plan-step-done').click();
    await expect.poll(() => desk1.getByTestId('plan-step').first().getAttribute('data-status')).toBe('done');
    expect(await desk1.getByTestId('plan-step').first().getByTestId('plan-clock').textContent()).toMatch(/张值班 \(zhang\) 于 .* 完成，用时 .* · 达标/);

    // The other desk was told live: the step is done there too, and the history says so.
    await expect.poll(() => desk2.getByTestId('plan-step').first().getAttribute('data-status'), { timeout: 5000 }).toBe('done');
    expect(await desk2.getByTestId('plan-item').nth(0).isChecked()).toBe(true);
    await expect.poll(() => desk2.locator('[data-testid="history-entry"][data-action="plan"]').count()).toBeGreaterThanOrEqual(4);

    // English on the toggle.
    await desk1.getByTestId('lang-toggle').click();
    await expect.poll(() => desk1.getByTestId('plan-name').textContent()).toBe('Fire response plan');
    await desk1.getByTestId('lang-toggle').click();
  });

  it('starts a drill from the console, marked as a drill, with a printable report', async () => {
    await desk1.getByTestId('drill-open').click();
    await desk1.getByTestId('drill-template').selectOption('lift-trapped');
    await desk1.getByTestId('drill-node').selectOption('n-a2');
    await desk1.getByTestId('drill-start').click();
    await expect.poll(() => desk1.getByTestId('detail-drill').count()).toBe(1);
    await expect.poll(() => desk1.getByTestId('plan-card').getAttribute('data-drill')).toBe('true');
    const id = Number(await desk1.getByTestId('detail').getAttribute('data-alert-id'));
    expect(await desk1.locator(`[data-testid="alert-row"][data-alert-id="${id}"]`).getAttribute('data-drill')).toBe('true');
    const first = desk1.getByTestId('plan-step').first();
    for (const box of await first.getByTestId('plan-item').all()) {
      await box.check();
      await expect.poll(() => box.isChecked()).toBe(true);
    }
    await first.getByTestId('plan-step-done').click();
    await expect.poll(() => desk1.getByTestId('plan-step').first().getAttribute('data-status')).toBe('done');
    await desk1.getByTestId('drill-finish').click();
    await expect.poll(() => desk1.getByTestId('plan-card').getAttribute('data-finished')).toBe('true');

    const href = await desk1.getByTestId('drill-report-link').getAttribute('href');
    const report = await browser.newPage({ locale: 'zh-CN' });
    await signInPage(report, app.url, zhang);
    await report.goto(`${app.url}${href}`);
    await expect.poll(() => report.getByTestId('drill-report').getAttribute('data-status')).toBe('ok');
    expect(await report.getByTestId('drill-plan').textContent()).toBe('电梯困人处置预案');
    expect(await report.locator('[data-testid="drill-step"][data-step="talk"]').getAttribute('data-met')).toBe('true');
    expect(await report.getByTestId('drill-summary').textContent()).toMatch(/共 4 步：完成 1，达标 1/);
    await report.close();
    expect(errors).toEqual([]);
  });
});
