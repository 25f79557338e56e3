/**
 * The printable reports page in a real Chromium against the real server: known energy points
 * written through /write show as the month's total on the page, in both languages with their
 * units; the Excel download holds the same figure; printing hides the controls and lays the
 * report out on A4 pages.
 */
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtClient } from '../support/run-cache.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { launchChromium } from '../support/chromium.ts';
import { TEST_ADMIN_PASSWORD } from '../support/session.ts';
import { CHINA_OFFSET_MS, DAY_MS, HOUR_MS, chinaDayStart } from '../../streams/china-time.ts';

const base = chinaDayStart(Date.now()) - 2 * DAY_MS + 10 * HOUR_MS;
const month = new Date(base + CHINA_OFFSET_MS).toISOString().slice(0, 7);
const HOSTILE = '<img src=x onerror=alert(1)> =cmd|calc';

describe('the reports page', () => {
  let app: TestApp;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    const clientDir = await builtClient();
    app = await startTestApp({ config: { clientDir } });
    const lines: string[] = [];
    for (let i = 0; i < 10; i++) {
      lines.push(`energy,community=c-a,neighbourhood=n-a1,building=b-1,meter=m-b-1,category=residential load_kw=120.5,pv_kw=20 ${base + i * HOUR_MS}`);
    }
    expect((await app.write(lines.join('\n'), 'precision=ms')).status).toBe(204);
    const assessed = await app.fetch('/api/indicators/assessments/c-a/1.1', {
      method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status: 'met', expectedRevision: 0, evidence: { note: HOSTILE } }),
    });
    expect(assessed.status).toBe(200);
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
    const origin = new URL(app.url).origin;
    await context.route('**/*', (route) => (new URL(route.request().url()).origin === origin || route.request().url().startsWith('data:') ? route.continue() : route.abort()));
    page = await context.newPage();
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('dialog', (d) => { problems.push(`dialog: ${d.message()}`); void d.dismiss(); });
    page.on('console', (m) => { if (/Content Security Policy|Refused to/.test(m.text())) problems.push(m.text()); });
    const target = `/reports.html?kind=energy&node=c-a&month=${month}`;
    await page.goto(`${app.url}/login.html?next=${encodeURIComponent(target)}`);
    await page.getByTestId('login-username').fill('admin');
    await page.getByTestId('login-password').fill(TEST_ADMIN_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.waitForSelector('[data-testid="reports-page"][data-status="ok"]', { timeout: 20_000 });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  const totalLoad = () => page.locator('[data-testid="section-days"] [data-testid="totals"] td[data-key="loadKwh"]').textContent();

  it('shows the month total with its unit, in Chinese and in English', async () => {
    // 10 hours × 120.5 kW.
    await expect.poll(async () => {
      await page.reload();
      await page.waitForSelector('[data-testid="reports-page"][data-status="ok"]');
      return totalLoad();
    }).toBe('1,205.0');
    expect(await page.locator('[data-testid="section-days"] th').nth(1).textContent()).toBe('用电量 (kWh)');
    expect(await page.locator('[data-testid="section-days"] [data-testid="totals"] td[data-key="date"]').textContent()).toBe('本月合计');
    expect(await page.getByTestId('report-node').textContent()).toContain('甲社区');
    await page.getByTestId('lang-toggle').click();
    expect(await page.locator('[data-testid="section-days"] th').nth(1).textContent()).toBe('Electricity (kWh)');
    expect(await page.locator('[data-testid="section-days"] [data-testid="totals"] td[data-key="date"]').textContent()).toBe('Month total');
    expect(await page.locator('[data-testid="section-factors"] td[data-key="source"]').first().textContent()).toContain('MEE');
    await page.getByTestId('lang-toggle').click();
    expect(problems).toEqual([]);
  });

  it('the Excel download holds the figure the page shows', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-xlsx').click()]);
    expect(download.suggestedFilename()).toBe(`能耗与碳排放月报-甲社区-${month}.xlsx`);
    const wb = new ExcelJS.Workbook();
    const bytes = readFileSync((await download.path())!);
    await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    const ws = wb.getWorksheet('逐日')!;
    let total: unknown;
    ws.eachRow((row) => { if (row.getCell(1).value === '本月合计') total = row.getCell(2).value; });
    expect(total).toBeCloseTo(1205, 6);
  });

  it('a node from the picker and the shift report load in place', async () => {
    await page.getByTestId('node-picker').selectOption('s-1');
    await expect.poll(() => page.locator('[data-testid="section-children"] tbody td[data-key="id"]').allTextContents()).toEqual(['c-a', 'c-b']);
    expect(new URL(page.url()).searchParams.get('node')).toBe('s-1');
    await page.getByTestId('kind-shift').click();
    await page.waitForSelector('[data-testid="report"][data-kind="shift"]');
    expect(await page.locator('[data-testid="section-alerts"] h2').textContent()).toBe('告警明细');
  });

  it('shows an evidence note as text, and prints on A4 without the controls', async () => {
    await page.getByTestId('kind-indicators').click();
    await page.getByTestId('node-picker').selectOption('c-a');
    await page.waitForSelector('[data-testid="section-items"]');
    expect(await page.locator('[data-testid="section-items"] tbody tr').first().locator('td[data-key="note"]').textContent()).toBe(HOSTILE);
    expect(await page.locator('[data-testid="section-items"] img').count()).toBe(0);
    expect(await page.locator('[data-testid="section-scenes"] [data-testid="totals"] td[data-key="bindingMet"]').textContent()).toBe('1');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.report-controls').isVisible()).toBe(false);
    expect(await page.getByTestId('report').isVisible()).toBe(true);
    const pdf = await page.pdf({ preferCSSPageSize: true });
    const text = pdf.toString('latin1');
    // A4 portrait is 595 × 842 points, landscape 842 × 595; wide sections go on landscape pages.
    const boxes = [...text.matchAll(/\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/g)].map((b) => `${Math.round(Number(b[1]))}x${Math.round(Number(b[2]))}`);
    expect(boxes).toContain('595x842');
    expect(boxes).toContain('842x595');
    expect(boxes.every((b) => b === '595x842' || b === '842x595')).toBe(true);
    await page.emulateMedia({ media: 'screen' });
    expect(problems).toEqual([]);
  });
});
