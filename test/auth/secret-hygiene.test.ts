/**
 * No password or token secret in any console output, audit entry or table: only hashes are
 * stored, and the only secret ever printed is the first administrator's random password, once.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Client, loggedAdminPassword, startAuthServer, type AuthServer } from './support/auth-server.ts';

const servers: AuthServer[] = [];
const printed: string[] = [];
beforeEach(() => {
  printed.length = 0;
  for (const m of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, m).mockImplementation((...a: unknown[]) => { printed.push(a.map(String).join(' ')); });
  }
});
afterEach(async () => {
  vi.restoreAllMocks();
  for (const s of servers.splice(0)) await s.stop();
});

/** Every text value of every row of every table of the records database. */
function everyStoredText(s: AuthServer): string {
  const tables = s.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
  return tables.map((t) => JSON.stringify(s.db.prepare(`SELECT * FROM "${t.name}"`).all())).join('\n');
}

describe('secrets', () => {
  it('never reach the console, the audit log or the tables', async () => {
    const s = await startAuthServer({ consoleLog: true });
    servers.push(s);
    const adminPassword = loggedAdminPassword(printed);
    const secrets: string[] = [];
    const admin = new Client(s.url);
    await admin.login('admin', adminPassword);

    const tried = 'Tried-Password-Zebra-9';
    expect((await new Client(s.url).login('admin', tried)).status).toBe(401);
    expect((await new Client(s.url).login('ghost', `${tried}-ghost`)).status).toBe(401);
    secrets.push(tried, `${tried}-ghost`);

    const opPassword = 'Operator-Initial-Pass-1';
    const created = await admin.call('POST', '/api/admin/users', { username: 'op1', password: opPassword, roles: ['centre_operator'], scopes: ['s-1'] });
    const op = new Client(s.url);
    await op.login('op1', opPassword);
    const opNew = 'Operator-Own-Pass-2';
    expect((await op.call('POST', '/api/auth/password', { oldPassword: 'Wrong-Old-Pass-3', newPassword: opNew })).status).toBe(403);
    expect((await op.call('POST', '/api/auth/password', { oldPassword: opPassword, newPassword: opNew })).status).toBe(204);
    const reset = 'Reset-By-Admin-Pass-4';
    expect((await admin.call('PATCH', `/api/admin/users/${created.body.user.id}`, { password: reset })).status).toBe(200);
    secrets.push(opPassword, 'Wrong-Old-Pass-3', opNew, reset);

    const token = (await admin.call('POST', '/api/admin/tokens', { kind: 'display', name: 'wall', scopes: ['s-1'] })).body;
    const gw = (await admin.call('POST', '/api/admin/tokens', { kind: 'gateway', name: 'gw', scopes: ['c-b'] })).body;
    const wall = new Client(s.url);
    await wall.call('POST', '/api/auth/display', { token: token.secret });
    await fetch(`${s.url}/api/probe?u=x&p=${gw.secret}`, { method: 'POST' });
    await admin.call('DELETE', `/api/admin/tokens/${token.token.id}`);
    secrets.push(token.secret, gw.secret, admin.cookie!, op.cookie!, wall.cookie!);

    // A caller passing a secret in the detail does not get it stored either.
    s.auth.audit.record({ actor: { kind: 'user', id: 'x', name: 'x' }, action: 'test.detail', target: 't', detail: { password: 'Detail-Pass-5', nested: { tokenSecret: 'Detail-Secret-6' } }, address: '' });
    secrets.push('Detail-Pass-5', 'Detail-Secret-6');

    const console = printed.join('\n');
    expect(console.split(adminPassword)).toHaveLength(2); // printed exactly once
    const stored = everyStoredText(s);
    const audit = JSON.stringify(s.auth.audit.list({ limit: 500 }).entries);
    expect(stored).not.toContain(adminPassword);
    expect(audit).not.toContain(adminPassword);
    for (const secret of secrets) {
      expect(console, 'console').not.toContain(secret);
      expect(audit, 'audit').not.toContain(secret);
      expect(stored, 'tables').not.toContain(secret);
    }
    // The CSRF token is no credential on its own (the session keeps it to compare), but is never logged.
    expect(console).not.toContain(admin.csrf!);
    expect(audit).not.toContain(admin.csrf!);
    // The failed sign-in is in the log, with the username tried but not the password.
    const failed = s.auth.audit.list({ action: 'auth.login_failed' }).entries;
    expect(failed.map((e) => e.actor.name)).toEqual(['ghost', 'admin']);
    expect(failed[1].detail).toEqual({ reason: 'wrong password' });
    expect(s.auth.audit.list({ action: 'test.detail' }).entries[0].detail).toEqual({ password: '[redacted]', nested: { tokenSecret: '[redacted]' } });
  });
});
