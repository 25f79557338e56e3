/** First start: the administrator `admin`, its password random (printed once, in a 0600 file) or ADMIN_PASSWORD. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Client, startAuthServer, type AuthServer } from './support/auth-server.ts';

const servers: AuthServer[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const s of servers.splice(0)) await s.stop();
});

describe('first start', () => {
  it('creates admin with a random password, printed once to the console and written to a file only its owner can read', async () => {
    const printed: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => { printed.push(a.join(' ')); });
    const s = await startAuthServer({ consoleLog: true });
    const file = join(s.dataDir, 'admin-password.txt');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const password = readFileSync(file, 'utf8').trim();
    expect(password).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(printed.filter((l) => l.includes(password))).toHaveLength(1);
    expect(printed.join('\n')).toContain(file);

    const c = new Client(s.url);
    const login = await c.login('admin', password);
    expect(login.status).toBe(200);
    expect(login.body.principal).toMatchObject({ kind: 'user', name: 'admin', roles: ['admin'], scopes: ['cq'] });
    expect(login.body.mustChangePassword).toBe(true);

    // A second start on the same data creates nobody and prints nothing.
    await s.stop({ keepData: true });
    printed.length = 0;
    const again = await startAuthServer({ consoleLog: true, dataDir: s.dataDir });
    servers.push(again);
    expect(printed.join('\n')).not.toContain(password);
    expect(printed.filter((l) => l.includes('first start'))).toHaveLength(0);
    expect(again.auth.service.listUsers().map((u) => u.username)).toEqual(['admin']);
    expect((await new Client(again.url).login('admin', password)).status).toBe(200);
  });

  it('uses ADMIN_PASSWORD when set, never prints it, and writes no file', async () => {
    const printed: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => { printed.push(a.join(' ')); });
    const s = await startAuthServer({ consoleLog: true, env: { ADMIN_PASSWORD: 'Chosen-by-operator-7' } });
    servers.push(s);
    expect(existsSync(join(s.dataDir, 'admin-password.txt'))).toBe(false);
    expect(printed.join('\n')).toContain('ADMIN_PASSWORD');
    expect(printed.join('\n')).not.toContain('Chosen-by-operator-7');
    const c = new Client(s.url);
    const login = await c.login('admin', 'Chosen-by-operator-7');
    expect(login.status).toBe(200);
    expect(login.body.mustChangePassword).toBe(false);
  });

  it('removes the password file once admin has chosen a password of its own', async () => {
    const s = await startAuthServer();
    servers.push(s);
    const file = join(s.dataDir, 'admin-password.txt');
    const c = new Client(s.url);
    expect((await c.login('admin', readFileSync(file, 'utf8').trim())).status).toBe(200);
    const change = await c.call('POST', '/api/auth/password', { oldPassword: readFileSync(file, 'utf8').trim(), newPassword: 'a-new-admin-password' });
    expect(change.status).toBe(204);
    expect(existsSync(file)).toBe(false);
    expect((await c.call('GET', '/api/auth/me')).body.mustChangePassword).toBe(false);
  });
});
