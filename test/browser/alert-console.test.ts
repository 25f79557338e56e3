/**
 * The alert console in a real Chromium against the real server: a simulated smoke alarm appears
 * at once with the sound flag and flashing, is acknowledged and resolved through the UI, the
 * cockpit's figures (`/api/alerts/stats`) follow, a second operator sees the acknowledgement live
 * and gets a clear conflict when acting on an old revision, an alert raised during a connection cut
 * shows after the reconnect, hostile text stays text, and the handover downloads and prints.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtClient } from '../support/run-cache.ts';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { signInPage, withSession, type TestSession } from '../support/session.ts';
import { launchChromium } from '../support/chromium.ts';

let app: TestApp;
let browser: Browser;
let desk1: Page;
let desk2: Page;
let desk2Socket = '';
let alertId = 0;
const tmp = mkdtempSync(join(tmpdir(), 'alert-console-'));
const errors: string[] = [];
// No double quote: it also travels inside a line-protocol string field.
const HOSTILE = `<img src=x onerror=window.__xss=1>'; DROP TABLE alerts; --`;
/** The server's video platform (VIDEO_LINK_TEMPLATE); a link's `?video=` must not replace it. */
const VIDEO_TEMPLATE = 'https://video.example.cn/live?cam={camera}';

async function writeOk(lines: string[]): Promise<void> {
  const r = await app.write(lines.join('\n'), 'precision=ms');
  if (r.status !== 204) throw new Error(`test: write answered ${r.status}: ${r.error}`);
}

async function openDesk(session: TestSession): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1600, height: 900 }, locale: 'zh-CN' });
  await signInPage(page, app.url, session);
  page.on('console', (m) => { if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  // The test community has no twin: /api/twins answers 404, which the console expects.
  page.on('response', (r) => { if (r.status() >= 400 && !r.url().includes('/api/twins/') && !r.url().includes('/api/alerts/')) errors.push(`${r.status()} ${r.url()}`); });
  await page.goto(`${app.url}/console.html?node=c-a`);
  await page.waitForSelector('[data-testid="connection-state"][data-phase="live"]', { timeout: 10_000 });
  return page;
}

const row = (page: Page, id: number) => page.locator(`[data-testid="alert-row"][data-alert-id="${id}"]`);
const stats = async () => (await app.get('/api/alerts/stats?node=c-a')).body;

/** The desk acts as its signed-in user, whose name its header shows. */
async function expectOperator(page: Page, name: string): Promise<void> {
  await expect.poll(() => page.getByTestId('user-name').textContent()).toBe(name);
}

const OPERATORS = { zhangsan: '张三', lisi: '李四', wangwu: '王五' } as const;
const operators: Partial<Record<keyof typeof OPERATORS, TestSession>> = {};

beforeAll(async () => {
  const clientDir = await builtClient();
  app = await startTestApp({ config: { clientDir, videoLinkTemplate: VIDEO_TEMPLATE } });
  for (const [username, displayName] of Object.entries(OPERATORS)) {
    operators[username as keyof typeof OPERATORS] = await app.userSession({ username, displayName, scopes: ['s-1'] });
  }
  browser = await launchChromium();
  desk1 = await openDesk(operators.zhangsan!);
  const before = new Set(app.io.of('/').sockets.keys());
  desk2 = await openDesk(operators.lisi!);
  desk2Socket = [...app.io.of('/').sockets.keys()].find((id) => !before.has(id)) ?? '';
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

describe('alert console', () => {
  it('holds sound back until a click (autoplay rule), then turns it on', async () => {
    const first = await desk1.getByTestId('console').getAttribute('data-sound');
    expect(['blocked', 'on']).toContain(first);
    if (first === 'blocked') {
      expect(await desk1.getByTestId('sound-banner').textContent()).toContain('点击此处启用');
      await desk1.getByTestId('sound-banner').click();
    }
    await expect.poll(() => desk1.getByTestId('console').getAttribute('data-sound')).toBe('on');
    expect(await desk1.getByTestId('sound-banner').count()).toBe(0);
    // Acting needs a name: the buttons wait for it.
    await expectOperator(desk1, '张三');
  });

  it('shows a new smoke alarm at once, sounding and flashing, on both desks', async () => {
    const tones = Number(await desk1.getByTestId('console').getAttribute('data-tones'));
    await writeOk([`alert,community=c-a,neighbourhood=n-a1,type=fire,severity=critical,device=smk-1 location="3栋2单元 ${HOSTILE}",message="烟感报警",value=1 ${Date.now()}`]);
    const first = desk1.getByTestId('alert-row').first();
    await expect.poll(() => first.getAttribute('data-type'), { timeout: 5000, interval: 50 }).toBe('fire');
    alertId = Number(await first.getAttribute('data-alert-id'));
    expect(alertId).toBeGreaterThan(0);
    expect(await first.getAttribute('data-new-critical')).toBe('true');
    expect(await first.getAttribute('data-flashing')).toBe('true');
    expect(await first.evaluate((el) => getComputedStyle(el, '::before').animationName)).toBe('flash-opacity');
    expect(await desk1.getByTestId('alarm-frame').count()).toBe(1);
    expect(await first.getByTestId('row-type').textContent()).toBe('消防火警/消防水');
    expect(await first.getByTestId('row-severity').textContent()).toBe('紧急');
    expect(await first.getByTestId('row-state').textContent()).toBe('待确认');
    expect(await first.getByTestId('row-where').textContent()).toBe(`甲一小区 · 3栋2单元 ${HOSTILE}`);
    await expect.poll(() => desk1.getByTestId('console').getAttribute('data-tones')).toBe(String(tones + 1));
    // The clocks count: critical must be acknowledged within 60 s.
    expect(await first.getByTestId('ack-clock').getAttribute('data-status')).toBe('running');
    expect(await first.getByTestId('ack-clock').textContent()).toMatch(/^确认时限 1分00秒: 剩余 (1分00秒|\d+秒)$/);
    await expect.poll(() => row(desk2, alertId).getAttribute('data-flashing'), { timeout: 5000 }).toBe('true');
  });

  it('acknowledges through the UI; the other desk sees it live and the figures change', async () => {
    expect((await stats()).byState.acknowledged ?? 0).toBe(0);
    await row(desk2, alertId).click();
    await row(desk1, alertId).click();
    await expect.poll(() => desk1.getByTestId('detail').getAttribute('data-alert-id')).toBe(String(alertId));
    expect(await desk1.getByTestId('detail-location').textContent()).toBe(`3栋2单元 ${HOSTILE}`);
    expect(await desk1.getByTestId('locate-in-twin').getAttribute('href')).toBe('/twin.html?community=c-a&focus=smk-1');
    expect(await desk1.getByTestId('detail-rule').textContent()).toBe('设备事件，无规则');
    await expect.poll(() => desk1.getByTestId('cameras').getAttribute('data-status')).toBe('noTwin');
    await expect.poll(() => desk1.getByTestId('sensor-chart').getAttribute('data-status'), { timeout: 5000 }).toBe('ok');
    await desk1.getByTestId('act-ack').click();
    await expect.poll(() => desk1.getByTestId('detail-state').textContent()).toBe('已确认');
    expect(await row(desk1, alertId).getAttribute('data-flashing')).toBe('false');
    expect(await row(desk1, alertId).getAttribute('data-new-critical')).toBe('false');
    expect(await row(desk1, alertId).evaluate((el) => getComputedStyle(el, '::before').animationName)).toBe('none');
    expect(await desk1.getByTestId('alarm-frame').count()).toBe(0);
    // The second operator's desk, without reloading.
    await expect.poll(() => row(desk2, alertId).getAttribute('data-state'), { timeout: 5000, interval: 50 }).toBe('acknowledged');
    expect(await row(desk2, alertId).getAttribute('data-flashing')).toBe('false');
    expect(await desk2.getByTestId('detail-state').textContent()).toBe('已确认');
    await expect.poll(() => desk2.getByTestId('history-entry').last().getAttribute('data-action')).toBe('ack');
    const s = await stats();
    expect(s.byState.acknowledged).toBe(1);
    expect(s.timeToAck.count).toBe(1);
    expect(s.timeToAck.median).toBeGreaterThanOrEqual(0);
  });

  it('tells the second operator who acted first when it acts on an old revision (409), and refreshes', async () => {
    await expectOperator(desk2, '李四');
    // Desk 2 stops hearing updates, then a colleague dispatches the alert from elsewhere.
    app.io.of('/').sockets.get(desk2Socket)?.leave('c-a/alert');
    const current = (await app.get(`/api/alerts/${alertId}`)).body.alert;
    const r = await fetch(`${app.url}/api/alerts/${alertId}/dispatch`, withSession(operators.wangwu, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ assignee: '消防维保班', expectedRevision: current.revision }),
    }));
    expect(r.status).toBe(200);
    expect(await desk2.getByTestId('detail-state').textContent()).toBe('已确认');
    await desk2.getByTestId('act-resolve').click();
    await expect.poll(() => desk2.getByTestId('action-outcome').getAttribute('data-kind')).toBe('conflict');
    const text = await desk2.getByTestId('action-outcome').textContent();
    expect(text).toContain('他人已先行操作');
    expect(text).toContain('王五');
    await expect.poll(() => desk2.getByTestId('detail-state').textContent()).toBe('已派单');
    expect(await desk2.getByTestId('detail').getAttribute('data-revision')).toBe(String(current.revision + 1));
  });

  it('resolves through the UI with a hostile comment, shown as text; the figures change', async () => {
    await expect.poll(() => desk1.getByTestId('detail-state').textContent(), { timeout: 5000 }).toBe('已派单');
    await desk1.getByTestId('comment-input').fill(HOSTILE);
    await desk1.getByTestId('act-resolve').click();
    await expect.poll(() => desk1.getByTestId('detail-state').textContent()).toBe('已处置');
    await expect.poll(() => desk1.getByTestId('comment-text').last().textContent()).toBe(HOSTILE);
    expect(await desk1.locator('[data-testid="comments"] img').count()).toBe(0);
    expect(await desk1.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    const s = await stats();
    expect(s.byState.resolved).toBe(1);
    expect(s.open).toBe(0);
    expect(s.timeToResolve.count).toBe(1);
    expect(await row(desk1, alertId).getByTestId('resolve-clock').getAttribute('data-status')).toBe('met');
  });

  it('asks the second operator for a reason before reopening', async () => {
    await desk2.reload();
    await expect.poll(() => desk2.getByTestId('connection-state').getAttribute('data-phase'), { timeout: 10_000 }).toBe('live');
    await row(desk2, alertId).click();
    await expect.poll(() => desk2.getByTestId('detail-state').textContent()).toBe('已处置');
    await desk2.getByTestId('act-reopen').click();
    expect(await desk2.getByTestId('action-outcome').textContent()).toBe('重新打开须填写原因');
    expect((await app.get(`/api/alerts/${alertId}`)).body.alert.state).toBe('resolved');
  });

  it('re-reads the list after a reconnect: an alert raised during the cut appears', async () => {
    for (const s of app.io.of('/').sockets.values()) s.conn.close();
    await expect.poll(() => app.io.of('/').sockets.size, { timeout: 2000, interval: 10 }).toBe(0);
    await writeOk([`alert,community=c-a,neighbourhood=n-a2,type=gas_leak,severity=major,device=gas-2 location="5栋地下车库",message="燃气浓度超限",value=12 ${Date.now()}`]);
    await expect.poll(() => desk1.locator('[data-testid="alert-row"][data-type="gas_leak"]').count(), { timeout: 10_000, interval: 100 }).toBe(1);
    await expect.poll(() => desk1.getByTestId('connection-state').getAttribute('data-phase')).toBe('live');
  });

  it('filters by severity, type and neighbourhood', async () => {
    const types = () => desk1.getByTestId('alert-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-type')));
    expect((await types()).sort()).toEqual(['fire', 'gas_leak']);
    await desk1.getByTestId('filter-severity').selectOption('critical');
    await expect.poll(types).toEqual(['fire']);
    await desk1.getByTestId('filter-severity').selectOption('');
    await desk1.getByTestId('filter-neighbourhood').selectOption('n-a2');
    await expect.poll(types).toEqual(['gas_leak']);
    await desk1.getByTestId('filter-neighbourhood').selectOption('');
    await desk1.getByTestId('filter-type').selectOption('fire');
    await expect.poll(types).toEqual(['fire']);
    await desk1.getByTestId('filter-type').selectOption('');
    await desk1.getByTestId('filter-state').selectOption('open');
    await expect.poll(types).toEqual(['gas_leak']);
    await desk1.getByTestId('filter-state').selectOption('notClosed');
    await expect.poll(async () => (await types()).length).toBe(2);
  });

  it('downloads the handover CSV and opens its printable page', async () => {
    await desk1.getByTestId('handover-open').click();
    const csvHref = await desk1.getByTestId('handover-csv').getAttribute('href');
    expect(csvHref).toMatch(/^\/api\/alerts\/handover\?node=c-a&from=\d+&to=\d+&format=csv$/);
    const csv = await app.fetch(`${csvHref}`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename="alerts-handover-c-a-/);
    expect(await csv.text()).toContain('王五');
    const printHref = await desk1.getByTestId('handover-print').getAttribute('href');
    const print = await browser.newPage({ locale: 'zh-CN' });
    await signInPage(print, app.url, operators.zhangsan!);
    await print.goto(`${app.url}${printHref}`);
    await expect.poll(() => print.getByTestId('handover-page').getAttribute('data-status'), { timeout: 5000 }).toBe('ok');
    expect(await print.getByTestId('handover-row').count()).toBe(2);
    expect(await print.getByTestId('sum-resolved').textContent()).toBe('1');
    expect(await print.locator('img').count()).toBe(0);
    await print.emulateMedia({ media: 'print' });
    expect(await print.locator('.no-print').evaluate((el) => getComputedStyle(el).display)).toBe('none');
    await print.close();
  });

  it('switches to English; units and hostile text stay as they are', async () => {
    await desk1.getByTestId('lang-toggle').click();
    await expect.poll(() => desk1.locator('[data-type="fire"] [data-testid="row-type"]').textContent()).toBe('Fire / fire water');
    expect(await desk1.locator('[data-type="fire"] [data-testid="resolve-clock"]').textContent()).toMatch(/^Resolve target 30 min 00 s: took \d+ s$/);
    await desk1.getByTestId('lang-toggle').click();
  });

  it('takes the video platform from the server, not from ?video= or a value kept in the browser', async () => {
    const page = await browser.newPage();
    await signInPage(page, app.url, operators.zhangsan!);
    await page.addInitScript(() => { if (!sessionStorage.getItem('planted')) { sessionStorage.setItem('planted', '1'); localStorage.setItem('console.videoTemplate', 'https://kept.example/{camera}'); } });
    const config = page.waitForResponse((r) => r.url().endsWith('/api/client-config'));
    await page.goto(`${app.url}/console.html?node=c-a&video=${encodeURIComponent('https://evil.example/{camera}')}`);
    expect((await config).status()).toBe(200);
    await expect.poll(() => page.getByTestId('console').getAttribute('data-video-origin')).toBe('https://video.example.cn');
    // Planted before the page's scripts ran, and gone once they did.
    expect(await page.evaluate(() => sessionStorage.getItem('planted'))).toBe('1');
    expect(await page.evaluate(() => localStorage.getItem('console.videoTemplate'))).toBeNull();
    await page.close();
  });

  it('logged no console errors', () => {
    expect(errors).toEqual([]);
  });
});
