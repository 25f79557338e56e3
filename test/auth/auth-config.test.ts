/** Sign-in settings from the environment: defaults that run with no setup, bad values named. */
import { describe, expect, it } from 'vitest';
import { authConfigFromEnv } from '../../server/auth/auth-config.ts';

describe('authConfigFromEnv', () => {
  it('has defaults that run with no setup', () => {
    expect(authConfigFromEnv({})).toEqual({
      adminPassword: undefined, sessionMs: 12 * 3_600_000, sessionIdleMs: 60 * 60_000, trustProxy: false,
      loginMaxFailures: 5, loginLockMs: 15 * 60_000, loginRatePerMinute: 10, demoGuest: false,
    });
  });

  it('reads every variable', () => {
    const c = authConfigFromEnv({
      ADMIN_PASSWORD: 'long-enough-pw', SESSION_HOURS: '8', SESSION_IDLE_MINUTES: '20', TRUST_PROXY: 'on',
      LOGIN_MAX_FAILURES: '3', LOGIN_LOCK_MINUTES: '30', LOGIN_RATE_PER_MINUTE: '20', DEMO_GUEST: 'on',
    });
    expect(c).toEqual({
      adminPassword: 'long-enough-pw', sessionMs: 8 * 3_600_000, sessionIdleMs: 20 * 60_000, trustProxy: true,
      loginMaxFailures: 3, loginLockMs: 30 * 60_000, loginRatePerMinute: 20, demoGuest: true,
    });
    expect(authConfigFromEnv({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(authConfigFromEnv({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toEqual(['loopback', '10.0.0.0/8']);
    expect(authConfigFromEnv({ TRUST_PROXY: 'off' }).trustProxy).toBe(false);
  });

  it('names the variable and what is wrong with a bad value', () => {
    const cases: [Record<string, string>, string][] = [
      [{ SESSION_HOURS: 'twelve' }, 'config: SESSION_HOURS="twelve" is not a number from 0.1 to 720'],
      [{ SESSION_IDLE_MINUTES: '0' }, 'config: SESSION_IDLE_MINUTES="0" is not a number from 1 to 43200'],
      [{ LOGIN_MAX_FAILURES: '2.5' }, 'config: LOGIN_MAX_FAILURES="2.5" is not a whole number'],
      [{ LOGIN_LOCK_MINUTES: '-1' }, 'config: LOGIN_LOCK_MINUTES="-1" is not a number from 0.1 to 43200'],
      [{ DEMO_GUEST: 'maybe' }, 'config: DEMO_GUEST="maybe" is not on or off'],
      [{ TRUST_PROXY: 'proxy.example' }, 'config: TRUST_PROXY="proxy.example": "proxy.example" is not on, off, a hop count, an address, a CIDR range or loopback/linklocal/uniquelocal'],
    ];
    for (const [env, message] of cases) expect(() => authConfigFromEnv(env), JSON.stringify(env)).toThrow(message);
  });

  it('refuses a short ADMIN_PASSWORD without repeating it', () => {
    expect(() => authConfigFromEnv({ ADMIN_PASSWORD: 'hunter2' })).toThrow(/ADMIN_PASSWORD is shorter than 10 characters/);
    try { authConfigFromEnv({ ADMIN_PASSWORD: 'hunter2' }); } catch (e) { expect((e as Error).message).not.toContain('hunter2'); }
  });
});
