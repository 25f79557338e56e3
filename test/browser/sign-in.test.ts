/**
 * Signing in, in a real Chromium against the real server: a page opened without a session goes to
 * the sign-in page and comes back to it afterwards; a wrong password says so; the cockpit shows
 * the signed-in user; a `next` pointing at another site is refused; signing out ends the session.
 * The pages pass the Content-Security-Policy (no inline script), and nothing leaves the machine.
 * Runs once the server's sign-in (server/auth/index.ts) exists.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { builtClient } from '../support/run-cache.ts';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { launchChromium } from '../support/chromium.ts';

const serverHasAuth = existsSync(resolve('server/auth/index.ts'));
const ADMIN_PASSWORD = 'Cq-admin-2026!test';

describe.skipIf(!serverHasAuth)('sign-in page', () => {
  let app: TestApp;
  let browser: Browser;
  let tmp = '';
  const problems: string[] = [];

  /** A fresh browser profile (no cookie) whose requests to other hosts fail. */
  async function freshPage(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width: 1600, height: 900 }, locale: 'zh-CN' });
    const origin = new URL(app.url).origin;
    await context.route('**/*', (route) => (new URL(route.request().url()).origin === origin || route.request().url().startsWith('data:') ? route.continue() : route.abort()));
    const page = await context.newPage();
    page.on('console', (m) => { if (/Content Security Policy|Refused to/.test(m.text())) problems.push(m.text()); });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    return { context, page };
  }

  async function signInAt(page: Page, username: string, password: string): Promise<void> {
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(password);
    await page.getByTestId('login-submit').click();
  }

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'auth-pages-'));
    const clientDir = await builtClient();
    app = await startTestApp({ env: { ADMIN_PASSWORD }, config: { clientDir } });
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('sends a page opened without a session to sign in, says a wrong password is wrong, and comes back after', async () => {
    const { context, page } = await freshPage();
    await page.goto(`${app.url}/console.html?node=c-a`);
    await page.waitForURL(/\/login\.html\?next=/, { timeout: 10_000 });
    expect(new URL(page.url()).searchParams.get('next')).toBe('/console.html?node=c-a');
    await expect.poll(() => page.locator('h2').textContent()).toBe('登录');

    await signInAt(page, 'admin', 'not-the-password');
    await expect.poll(() => page.getByTestId('login-error').getAttribute('data-kind')).toBe('wrong');
    expect(await page.getByTestId('login-error').textContent()).toBe('用户名或密码错误');
    expect(new URL(page.url()).pathname).toBe('/login.html');

    await signInAt(page, 'admin', ADMIN_PASSWORD);
    await page.waitForURL(`${app.url}/console.html?node=c-a`, { timeout: 10_000 });
    await page.waitForSelector('[data-testid="user-menu"]', { timeout: 10_000 });
    expect(await page.getByTestId('user-role').textContent()).toBe('系统管理员');
    // The typed operator name is gone: actions carry the signed-in user.
    expect(await page.getByTestId('operator-input').count()).toBe(0);
    await context.close();
  });

  it('shows the cockpit with the user menu, the admin link for an administrator, and signs out', async () => {
    const { context, page } = await freshPage();
    await page.goto(`${app.url}/login.html`);
    await signInAt(page, 'admin', ADMIN_PASSWORD);
    await page.waitForURL(`${app.url}/`, { timeout: 10_000 });
    await page.waitForSelector('[data-testid="node-name"]', { timeout: 10_000 });
    await page.getByTestId('user-menu-button').click();
    expect(await page.getByTestId('admin-link').getAttribute('href')).toBe('/admin.html');
    await page.getByTestId('sign-out').click();
    await page.waitForURL(/\/login\.html$/, { timeout: 10_000 });
    const me = await page.request.get(`${app.url}/api/auth/me`);
    expect(me.status()).toBe(401);
    // A page of the old session sends the user back to sign in.
    await page.goto(`${app.url}/admin.html`);
    await page.waitForURL(/\/login\.html\?next=%2Fadmin\.html/, { timeout: 10_000 });
    await context.close();
  });

  it('refuses a next that leads to another site and goes to the cockpit instead', async () => {
    const { context, page } = await freshPage();
    await page.goto(`${app.url}/login.html?next=${encodeURIComponent('//evil.example/steal')}`);
    await signInAt(page, 'admin', ADMIN_PASSWORD);
    await page.waitForURL(`${app.url}/`, { timeout: 10_000 });
    await context.close();
  });

  it('switches the sign-in page to English and back', async () => {
    const { context, page } = await freshPage();
    await page.goto(`${app.url}/login.html`);
    await page.waitForSelector('[data-testid="login-form"]');
    await page.getByTestId('lang-toggle').click();
    expect(await page.locator('h2').textContent()).toBe('Sign in');
    expect(await page.getByTestId('login-submit').textContent()).toBe('Sign in');
    await page.getByTestId('lang-toggle').click();
    expect(await page.locator('h2').textContent()).toBe('登录');
    await context.close();
  });

  it('met the Content-Security-Policy on every page (no inline script, no eval)', () => {
    expect(problems).toEqual([]);
  });
});
