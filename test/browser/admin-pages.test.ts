/**
 * The admin pages in a real Chromium against the real server, signed in as the administrator:
 * a user created with a hostile display name is shown as text (no element, no script run); a
 * display token is created, its link signs a wall screen in without a user menu, and once revoked
 * the link is refused; the sites tree opens level by level and finds a place by search; the audit
 * log lists what was done; a refused line shows on the dead-letter tab and is replayed. Runs once the server's sign-in (server/auth/index.ts) exists.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { builtClient } from '../support/run-cache.ts';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { launchChromium } from '../support/chromium.ts';
import { startHttpReceiver } from '../support/http-receiver.ts';

const serverHasAuth = existsSync(resolve('server/auth/index.ts'));
const ADMIN_PASSWORD = 'Cq-admin-2026!test';
const HOSTILE = '<img src=x onerror=alert(1)>';

describe.skipIf(!serverHasAuth)('admin pages', () => {
  let app: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let displayLink = '';
  let tmp = '';
  const problems: string[] = [];
  /** Every alert() a page ran: a hostile name that became markup would add one. */
  const alerts: string[] = [];

  async function newContext(): Promise<BrowserContext> {
    const c = await browser.newContext({ viewport: { width: 1600, height: 1000 }, locale: 'zh-CN' });
    const origin = new URL(app.url).origin;
    await c.route('**/*', (route) => (new URL(route.request().url()).origin === origin || route.request().url().startsWith('data:') ? route.continue() : route.abort()));
    c.on('page', (p) => {
      p.on('console', (m) => { if (/Content Security Policy|Refused to/.test(m.text())) problems.push(m.text()); });
      p.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      p.on('dialog', (d) => {
        if (d.type() === 'alert') alerts.push(d.message());
        void d.accept();
      });
    });
    return c;
  }

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'auth-pages-'));
    const clientDir = await builtClient();
    app = await startTestApp({ env: { ADMIN_PASSWORD }, config: { clientDir } });
    browser = await launchChromium();
    context = await newContext();
    page = await context.newPage();
    await page.goto(`${app.url}/login.html?next=${encodeURIComponent('/admin.html')}`);
    await page.getByTestId('login-username').fill('admin');
    await page.getByTestId('login-password').fill(ADMIN_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.waitForURL(`${app.url}/admin.html`, { timeout: 10_000 });
    await page.waitForSelector('[data-testid="users-tab"]', { timeout: 10_000 });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('creates a user with a hostile name and shows the name as text', async () => {
    await page.getByTestId('user-new').click();
    await page.getByTestId('user-form-username').fill('zhang.san');
    await page.getByTestId('user-form-display-name').fill(HOSTILE);
    await page.getByTestId('user-form-password').fill('Initial-pw-2026!');
    await page.getByTestId('role-centre_operator').check();
    await page.getByTestId('site-search').fill('甲社区');
    await page.locator('[data-testid="site-result"][data-site-id="c-a"]').click();
    expect(await page.locator('[data-testid="scope-chip"][data-site-id="c-a"]').count()).toBe(1);
    await page.getByTestId('user-form-save').click();
    const row = page.locator('[data-testid="user-row"][data-username="zhang.san"]');
    await expect.poll(() => row.count(), { timeout: 5000 }).toBe(1);
    expect(await row.getByTestId('user-display-name').textContent()).toBe(HOSTILE);
    expect(await page.locator('[data-testid="users-table"] img').count()).toBe(0);
    expect(alerts).toEqual([]);
    expect(await row.textContent()).toContain('治理中心值班员');
  });

  it('disables and re-enables the user', async () => {
    const row = page.locator('[data-testid="user-row"][data-username="zhang.san"]');
    await row.getByTestId('user-toggle-disabled').click();
    await expect.poll(() => row.getByTestId('user-status').textContent()).toContain('已停用');
    await row.getByTestId('user-toggle-disabled').click();
    await expect.poll(() => row.getByTestId('user-status').textContent()).toContain('正常');
  });

  it('creates a display token: the secret once, a link that signs a wall screen in without a menu', async () => {
    await page.getByTestId('tab-tokens').click();
    await page.getByTestId('token-new').click();
    await page.getByTestId('token-form-kind').selectOption('display');
    await page.getByTestId('token-form-name').fill('渝中区大屏 1');
    await page.getByTestId('site-search').fill('甲社区');
    await page.locator('[data-testid="site-result"][data-site-id="c-a"]').click();
    await page.getByTestId('token-form-save').click();
    await page.waitForSelector('[data-testid="token-secret-panel"]', { timeout: 5000 });
    const secret = (await page.getByTestId('token-secret').textContent()) ?? '';
    displayLink = (await page.getByTestId('token-display-link').textContent()) ?? '';
    expect(secret.length).toBeGreaterThan(16);
    expect(displayLink).toBe(`${app.url}/display.html#token=${encodeURIComponent(secret)}`);
    await page.getByTestId('token-secret-dismiss').click();
    expect(await page.getByTestId('token-secret').count()).toBe(0);

    const wall = await newContext();
    const screen = await wall.newPage();
    await screen.goto(displayLink);
    await screen.waitForURL(`${app.url}/`, { timeout: 10_000 });
    await screen.waitForSelector('[data-testid="node-name"]', { timeout: 10_000 });
    // Give the menu its chance to load the session; a display must still show none.
    await expect.poll(() => screen.evaluate(() => fetch('/api/auth/me').then((r) => r.json()).then((b: { principal: { kind: string } }) => b.principal.kind))).toBe('display');
    expect(await screen.getByTestId('user-menu').count()).toBe(0);
    await wall.close();
  });

  it('revokes the token: the list marks it and its link is refused', async () => {
    const row = page.locator('[data-testid="token-row"][data-token-name="渝中区大屏 1"]');
    await expect.poll(() => row.count()).toBe(1);
    await row.getByTestId('token-revoke').click();
    await expect.poll(() => row.getAttribute('data-revoked'), { timeout: 5000 }).toBe('true');
    expect(await row.getByTestId('token-status').textContent()).toMatch(/^已撤销/);

    const wall = await newContext();
    const screen = await wall.newPage();
    await screen.goto(displayLink);
    await screen.waitForSelector('[data-testid="display-error"]', { timeout: 10_000 });
    // The secret left the address bar at once, refused or not.
    expect(new URL(screen.url()).hash).toBe('');
    await wall.close();
  });

  it('opens the sites tree level by level and finds a place by search', async () => {
    await page.getByTestId('tab-sites').click();
    await page.waitForSelector('[data-testid="tree-row"]', { timeout: 5000 });
    const before = await page.getByTestId('tree-row').count();
    await page.getByTestId('tree-row').first().getByTestId('tree-toggle').click();
    await expect.poll(() => page.getByTestId('tree-row').count(), { timeout: 5000 }).toBeGreaterThan(before);
    await page.getByTestId('sites-search').fill('甲社区');
    await page.getByTestId('sites-search-run').click();
    await page.locator('[data-testid="sites-result"][data-site-id="c-a"]').click();
    await expect.poll(() => page.getByTestId('site-detail-id').textContent(), { timeout: 5000 }).toBe('c-a');
    expect(await page.getByTestId('site-detail-name').textContent()).toBe('甲社区');
  });

  it('shows a hostile place name, imported through the API, as text', async () => {
    const hostile = '<img src=x onerror=alert(2)>丙社区';
    const imported = await app.fetch('/api/admin/sites/import', {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ format: 'community-twin-sites/1', sites: [{ id: 'c-hostile', level: 'community', parent: 's-1', code: null, name: { zh: hostile, en: '<script>alert(3)</script>' } }] }),
    });
    expect(imported.status).toBe(200);
    await page.getByTestId('sites-search').fill('丙社区');
    await page.getByTestId('sites-search-run').click();
    await page.locator('[data-testid="sites-result"][data-site-id="c-hostile"]').click();
    await expect.poll(() => page.getByTestId('site-detail-name').textContent(), { timeout: 5000 }).toBe(hostile);
    expect(await page.locator('.admin img').count()).toBe(0);
  });

  it('sets up a WeCom channel on the 通知 tab: a test reaches the robot, the key is never shown, an edit keeps it', async () => {
    const robot = await startHttpReceiver();
    try {
      const key = 'robot-key-5d7e9f';
      await page.getByTestId('tab-notify').click();
      await page.waitForSelector('[data-testid="routing-default"]', { timeout: 5000 });
      await page.getByTestId('channel-new').click();
      const form = page.getByTestId('channel-form');
      await form.getByTestId('channel-name').fill('甲一小区物业群');
      await form.getByTestId('site-search').fill('甲一小区');
      await form.locator('[data-testid="site-result"][data-site-id="n-a1"]').click();
      await form.getByTestId('channel-field-url').fill(`${robot.url}/cgi-bin/webhook/send?key=${key}`);
      await form.getByTestId('channel-form-save').click();
      const row = page.getByTestId('channel-row');
      await expect.poll(() => row.count(), { timeout: 5000 }).toBe(1);
      expect(await row.textContent()).toContain('企业微信群机器人');
      expect(await row.textContent()).not.toContain(key);

      await row.getByTestId('channel-test').click();
      await expect.poll(() => row.getByTestId('channel-test-result').textContent(), { timeout: 5000 }).toContain('测试消息已送达');
      expect(robot.requests.at(-1)!.query.get('key')).toBe(key);

      // Saved as shown (the key field blank): the key is kept.
      await row.getByTestId('channel-edit').click();
      expect(await page.getByTestId('channel-form').getByTestId('channel-field-url').inputValue()).toBe('');
      await page.getByTestId('channel-form').getByTestId('channel-name').fill('甲一小区物业值班群');
      await page.getByTestId('channel-form').getByTestId('channel-form-save').click();
      await expect.poll(() => row.textContent(), { timeout: 5000 }).toContain('甲一小区物业值班群');
      await row.getByTestId('channel-test').click();
      await expect.poll(() => robot.requests.length, { timeout: 5000 }).toBe(2);
      expect(robot.requests[1].query.get('key')).toBe(key);
      expect(await page.locator('.admin').textContent()).not.toContain(key);
    } finally {
      await robot.close();
    }
  });

  it('lists the administrator’s actions in the audit log', async () => {
    await page.getByTestId('tab-audit').click();
    await page.waitForSelector('[data-testid="audit-row"]', { timeout: 5000 });
    const actors = await page.getByTestId('audit-actor-name').allTextContents();
    expect(actors.some((a) => a.startsWith('admin'))).toBe(true);
    await page.getByTestId('audit-actor').fill('nobody-by-this-name');
    await page.getByTestId('audit-apply').click();
    await page.waitForSelector('[data-testid="audit-empty"]', { timeout: 5000 });
  });

  it('lists a refused line, as text, on the dead-letter tab and replays it', async () => {
    expect((await app.write('<img src=x onerror=alert(4)> not line protocol')).status).toBe(400);
    await page.getByTestId('tab-deadletters').click();
    const row = page.locator('[data-testid="dl-row"][data-reason="parse"]');
    await expect.poll(() => row.count(), { timeout: 5000 }).toBe(1);
    expect(await row.textContent()).toContain('无法解析');
    expect(await row.locator('.dl-raw').textContent()).toBe('<img src=x onerror=alert(4)> not line protocol');
    expect(await page.locator('.admin img').count()).toBe(0);
    await row.locator('input[type="checkbox"]').check();
    await page.getByTestId('dl-replay-selected').click();
    await expect.poll(() => page.getByTestId('dl-report').textContent(), { timeout: 5000 }).toMatch(/^重放 1 条：接受 0 条，再次拒收 1 条/);
  });

  it('met the Content-Security-Policy and ran no injected script', () => {
    expect(problems).toEqual([]);
    expect(alerts).toEqual([]);
  });
});
