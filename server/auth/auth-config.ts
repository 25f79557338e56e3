/**
 * Settings of sign-in and sessions, from environment variables (the README's configuration table
 * lists the same). A bad value stops the start with an error naming the variable, as in config.ts.
 */

export interface AuthConfig {
  /** Password of the first administrator, `admin`, created on first start (ADMIN_PASSWORD); random when unset. */
  adminPassword: string | undefined;
  /** Absolute lifetime of a person's session, ms (SESSION_HOURS, default 12). */
  sessionMs: number;
  /** A person's session ends after this long without a request, ms (SESSION_IDLE_MINUTES, default 60). */
  sessionIdleMs: number;
  /**
   * Express's `trust proxy` setting (TRUST_PROXY: off (default), on, a hop count, or a comma-separated
   * list of proxy addresses). When set, cookies are Secure on requests that came over https.
   */
  trustProxy: boolean | number | string[];
  /** Wrong passwords in a row that lock a username (LOGIN_MAX_FAILURES, default 5). */
  loginMaxFailures: number;
  /** How long a locked username stays locked, ms (LOGIN_LOCK_MINUTES, default 15). */
  loginLockMs: number;
  /** Sign-in attempts one address may make per minute (LOGIN_RATE_PER_MINUTE, default 10). */
  loginRatePerMinute: number;
  /** DEMO_GUEST=on enables passwordless demo-guest sessions (POST /api/auth/guest); default off. */
  demoGuest: boolean;
}

const ON = ['on', 'true', 'yes', '1'];
const OFF = ['off', 'false', 'no', '0'];

export function authConfigFromEnv(env: NodeJS.ProcessEnv = process.env): AuthConfig {
  const num = (name: string, def: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return def;
    const v = Number(raw);
    if (!Number.isFinite(v) || v < min || v > max) {
      throw new Error(`config: ${name}="${raw.slice(0, 40)}" is not a number from ${min} to ${max}`);
    }
    return v;
  };
  const whole = (name: string, def: number, min: number, max: number): number => {
    const v = num(name, def, min, max);
    if (!Number.isInteger(v)) throw new Error(`config: ${name}="${env[name]}" is not a whole number`);
    return v;
  };
  const adminPassword = env.ADMIN_PASSWORD || undefined;
  if (adminPassword !== undefined && adminPassword.length < 10) {
    // Not quoted: the value is a password.
    throw new Error('config: ADMIN_PASSWORD is shorter than 10 characters; choose a longer one or leave it unset for a random one');
  }
  return {
    adminPassword,
    sessionMs: num('SESSION_HOURS', 12, 0.1, 24 * 30) * 3_600_000,
    sessionIdleMs: num('SESSION_IDLE_MINUTES', 60, 1, 24 * 60 * 30) * 60_000,
    trustProxy: trustProxy(env.TRUST_PROXY),
    loginMaxFailures: whole('LOGIN_MAX_FAILURES', 5, 1, 1000),
    loginLockMs: num('LOGIN_LOCK_MINUTES', 15, 0.1, 24 * 60 * 30) * 60_000,
    loginRatePerMinute: whole('LOGIN_RATE_PER_MINUTE', 10, 1, 100_000),
    demoGuest: onOff('DEMO_GUEST', env.DEMO_GUEST, false),
  };
}

function onOff(name: string, raw: string | undefined, def: boolean): boolean {
  const v = raw?.trim().toLowerCase();
  if (!v) return def;
  if (ON.includes(v)) return true;
  if (OFF.includes(v)) return false;
  throw new Error(`config: ${name}="${raw!.slice(0, 40)}" is not on or off`);
}

function trustProxy(raw: string | undefined): AuthConfig['trustProxy'] {
  const v = raw?.trim();
  if (!v) return false;
  const lower = v.toLowerCase();
  if (OFF.includes(lower)) return false;
  if (ON.includes(lower) && lower !== '1') return true;
  if (/^\d+$/.test(v)) return Number(v);
  const list = v.split(',').map((s) => s.trim()).filter(Boolean);
  // Express accepts addresses, CIDR ranges and the names loopback, linklocal, uniquelocal.
  const bad = list.find((s) => !/^(loopback|linklocal|uniquelocal|[0-9a-fA-F:.]+(\/\d{1,3})?)$/.test(s));
  if (bad !== undefined) {
    throw new Error(`config: TRUST_PROXY="${v.slice(0, 80)}": "${bad.slice(0, 40)}" is not on, off, a hop count, an address, a CIDR range or loopback/linklocal/uniquelocal`);
  }
  return list;
}
