/**
 * Indicator evidence and assessment entry in a real Chromium against the real server and the
 * generated demo twin (鹅岭社区): the evidence tab shows 12.1 with its walking distance in metres
 * and its threshold, and choosing it draws the walking routes on the twin; an assessor changes an
 * item's status and note in the drawer, a leader in another browser sees the change live and its
 * history (who and when) without any edit control, and a change made against a stale revision
 * says who changed the item and shows their version.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/test-app.ts';
import { startDemoTwinApp } from '../support/demo-twin-app.ts';
import { signInPage, withSession, type TestSession } from '../support/session.ts';
import { DEMO_COMMUNITY } from '../../twin-models/demo/demo-community.ts';
import { launchChromium } from '../support/chromium.ts';

const C = DEMO_COMMUNITY;
const tmp = mkdtempSync(join(tmpdir(), 'indicator-evidence-'));
let app: TestApp;
let browser: Browser;
const errors: string[] = [];
const users: Record<'assessor' | 'other' | 'leader', TestSession> = {} as never;
const pages: Record<'assessor' | 'leader', Page> = {} as never;

async function openPage(session: TestSession): Promise<Page> {
  const context: BrowserContext = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
  // Nothing leaves the machine: a request to anywhere but the test server fails.
  const origin = new URL(app.url).origin;
  await context.route('**/*', (route) => (new URL(route.request().url()).origin === origin || route.request().url().startsWith('data:') ? route.continue() : route.abort()));
  const page = await context.newPage();
  await signInPage(page, app.url, session);
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  await page.goto(`${app.url}/?node=${C.id}`);
  await page.locator('[data-testid="connection-state"][data-phase="connected"]').waitFor({ timeout: 60_000 });
  await page.locator('[data-testid="twin-canvas"][data-twin-ready="1"]').waitFor({ timeout: 120_000 });
  // The flowing pipes redraw every frame; two software-rendered twins at once would starve the pages.
  await press(page.locator('[data-layer="pipes"]'));
  return page;
}

beforeAll(async () => {
  app = await startDemoTwinApp();
  users.assessor = await app.userSession({ username: 'wang', displayName: '王审核', roles: ['centre_operator'], scopes: [C.id] });
  users.other = await app.userSession({ username: 'zhao', displayName: '赵复核', roles: ['centre_operator'], scopes: [C.id] });
  users.leader = await app.userSession({ username: 'li', displayName: '李领导', roles: ['leader'], scopes: [C.id] });
  browser = await launchChromium();
  pages.assessor = await openPage(users.assessor);
  pages.leader = await openPage(users.leader);
}, 400_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

/**
 * A click delivered in the page. Playwright's own waits for the element to hold still over two
 * animation frames, which a page software-rendering its twin on a busy machine may not give in time.
 */
const press = (l: Locator) => l.evaluate((el) => (el as HTMLElement).click());

/** Layers the twin draws and how many objects each, from the twin's probe. */
const layerCounts = (page: Page) => page.evaluate(() => window.__twin?.layerCounts() ?? {});

describe('indicator evidence where leaders look', () => {
  it('shows 12.1 with its walking distance and threshold, and draws the routes on the twin when it is chosen', async () => {
    const page = pages.leader;
    await press(page.getByTestId('tab-evidence'));
    const row = page.locator('[data-testid="evidence-row"][data-item="12.1"]');
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
    expect(await row.getByTestId('evidence-value').textContent()).toMatch(/^[\d,]+(\.\d)? m$/);
    expect(await row.getByTestId('evidence-threshold').textContent()).toBe('≤ 500 m · 导则');
    expect(['达标', '未达标', '无法判定']).toContain(await row.getByTestId('evidence-verdict').textContent());
    expect(await row.getByTestId('evidence-text').textContent()).toMatch(/个主要出入口：.+ [\d,.]+ m/);
    // Every data-judged item is listed, each with a verdict.
    expect(await page.getByTestId('evidence-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-check'))))
      .toEqual(['walk-to-bus', 'walk-to-rail', 'walkway-density', 'energy-metering', 'drainage-monitoring', 'warning-delay']);

    // No route is drawn until asked for.
    expect((await layerCounts(page))['walk-routes']).toBeUndefined();
    await press(row);
    expect(await page.getByTestId('show-routes').isChecked()).toBe(true);
    await expect.poll(async () => (await layerCounts(page))['walk-routes'] ?? 0, { timeout: 5000 }).toBeGreaterThan(0);
    const counts = await layerCounts(page);
    expect(counts['walk-route-labels']).toBe(counts['walk-routes']);
    // The toggle hides them again.
    await press(page.getByTestId('show-routes'));
    await expect.poll(async () => (await layerCounts(page))['walk-routes'], { timeout: 5000 }).toBeUndefined();
    await press(page.getByTestId('tab-items'));
  }, 120_000);
});

describe('assessment entry', () => {
  /** Narrows a page's table to scene 四's binding items (12.1, 13.1, 14.1, 14.2), so the item stays on the one page. */
  const narrow = async (page: Page) => {
    await page.getByTestId('filter-scene').selectOption('4');
    await page.getByTestId('filter-type').selectOption('binding');
    await expect.poll(() => page.getByTestId('items-page').textContent()).toMatch(/^第 1\/1 页/);
  };
  const row = (page: Page, item: string) => page.locator(`[data-testid="item-row"][data-item="${item}"]`);

  it('lets an assessor change an item; a leader sees it live, with its history and no edit control', async () => {
    const { assessor, leader } = pages;
    await narrow(assessor);
    await narrow(leader);
    // The leader may read, not assess.
    expect(await leader.getByTestId('item-edit').count()).toBe(0);
    expect(await row(leader, '13.1').getByTestId('item-history').count()).toBe(1);

    await row(assessor, '13.1').getByTestId('item-edit').click();
    const drawer = assessor.getByTestId('assessment-drawer');
    await drawer.getByTestId('edit-status').selectOption('in_progress');
    await drawer.getByTestId('edit-note').fill('已完成现场踏勘，待补充测绘图');
    await drawer.getByTestId('edit-links').fill('https://example.org/survey');
    await drawer.getByTestId('edit-add-attachment').click();
    await drawer.getByTestId('edit-attachment-name').fill('踏勘记录.pdf');
    await drawer.getByTestId('edit-attachment-ref').fill('doc-2026-118');
    await drawer.getByTestId('edit-save').click();
    await expect.poll(() => drawer.getByTestId('edit-message').getAttribute('data-kind')).toBe('ok');
    expect(await drawer.getByTestId('edit-message').textContent()).toBe('已保存（第 1 版）');
    // The history is read again once the revision moves.
    await expect.poll(() => drawer.getByTestId('history-entry').count()).toBe(1);

    // The leader's table follows without a reload.
    await expect.poll(() => row(leader, '13.1').getByTestId('item-status').textContent(), { timeout: 5000, interval: 100 }).toBe('推进中');
    expect(await row(leader, '13.1').getByTestId('evidence-note').textContent()).toBe('已完成现场踏勘，待补充测绘图');
    await row(leader, '13.1').getByTestId('item-history').click();
    const read = leader.getByTestId('assessment-drawer');
    expect(await read.getByTestId('read-only').count()).toBe(1);
    expect(await read.getByTestId('assessment-form').count()).toBe(0);
    expect(await read.locator('input, textarea, select').count()).toBe(0);
    const entry = read.getByTestId('history-entry').first();
    await expect.poll(() => entry.getByTestId('history-who').textContent(), { timeout: 5000 }).toBe('王审核 (wang)');
    expect(await entry.getByTestId('history-at').textContent()).toMatch(/^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(await entry.getByTestId('history-what').textContent()).toBe('状态 推进中；说明已修改；链接 1 条；附件 1 个');
  }, 60_000);

  it('says who changed the item when a change is made against a stale revision, and shows their version', async () => {
    const { assessor, leader } = pages;
    const drawer = assessor.getByTestId('assessment-drawer');
    expect(await drawer.getByTestId('assessment-form').getAttribute('data-revision')).toBe('1');
    // Someone else signs the item off meanwhile, from another desk.
    const res = await fetch(`${app.url}/api/indicators/assessments/${C.id}/13.1`, withSession(users.other, {
      method: 'PUT', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'met', expectedRevision: 1, evidence: { note: '测绘图已归档' } }),
    }));
    expect(res.status).toBe(200);
    // Both tables and the leader's open history follow.
    await expect.poll(() => row(leader, '13.1').getByTestId('item-status').textContent(), { timeout: 5000, interval: 100 }).toBe('已达标');
    await expect.poll(() => leader.getByTestId('assessment-drawer').getByTestId('history-entry').count(), { timeout: 5000 }).toBe(2);
    expect(await leader.getByTestId('history-who').first().textContent()).toBe('赵复核 (zhao)');
    await expect.poll(() => drawer.getByTestId('changed-meanwhile').count(), { timeout: 5000 }).toBe(1);

    await drawer.getByTestId('edit-note').fill('补充：已与物业核对');
    await drawer.getByTestId('edit-save').click();
    await expect.poll(() => drawer.getByTestId('edit-message').getAttribute('data-kind')).toBe('stale');
    expect(await drawer.getByTestId('edit-message').textContent()).toMatch(/^未保存：此项已被 赵复核 \(zhao\) 于 \d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2} 修改为“已达标”/);
    // The form now holds their version, at its revision, to work from.
    expect(await drawer.getByTestId('assessment-form').getAttribute('data-revision')).toBe('2');
    expect(await drawer.getByTestId('edit-status').inputValue()).toBe('met');
    expect(await drawer.getByTestId('edit-note').inputValue()).toBe('测绘图已归档');
    // Nothing was stored by the refused change.
    const history = await app.get(`/api/indicators/assessments/${C.id}/13.1/history`);
    expect(history.body.history).toHaveLength(2);
    expect(errors).toEqual([]);
  }, 60_000);
});
