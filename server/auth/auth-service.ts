/**
 * Sign-in, sessions, users and tokens. Everything a request needs (its session, its token, the
 * user behind it) is held in memory and written through to the records database, so resolving a
 * principal costs a sha256 and a map lookup; only sign-in pays for argon2.
 *
 * Emits 'revoked' ({ kind, id }) synchronously whenever something a socket may have been opened
 * with stops being valid as it was: a user disabled, deleted, or given other roles, scopes or
 * password; a token revoked; a session ended (logout, expiry, password change). Subscribers close
 * the sockets opened with it.
 */
import { EventEmitter } from 'node:events';
import { randomInt } from 'node:crypto';
import type { RecordsDb } from '../records/records-db.ts';
import { migrate } from '../records/records-db.ts';
import { AddressThrottle } from './address-throttle.ts';
import type { AuthConfig } from './auth-config.ts';
import { AuthError, quote } from './auth-error.ts';
import { AUTH_MIGRATIONS } from './auth-schema.ts';
import { AuditLog, type AuditActor } from './audit-log.ts';
import { BootstrapFile } from './bootstrap-file.ts';
import { checkPasswordPolicy, hashPassword, hashPasswordSync, needsRehash, verifyPassword } from './passwords.ts';
import { SYSTEM_PRINCIPAL, TOKEN_ROLES, type Principal, type TokenRole, type UserRole } from './principal.ts';
import { newId, newSecret, secretHash } from './secrets.ts';
import { SessionStore, type Session } from './session-store.ts';
import { TokenStore, tokenView, type Token, type TokenView } from './token-store.ts';
import { UserStore, userView, type User, type UserView } from './user-store.ts';
import { MAX_DISPLAY_NAME, MAX_TOKEN_NAME, checkName, checkRoles, checkScopes, checkUsername, type AuthSites } from './validate-input.ts';

export const BOOTSTRAP_USERNAME = 'admin';
/** The demo community a demo guest may look at. */
export const DEMO_COMMUNITY = 'c-eling';
export const GUEST_SESSION_MS = 2 * 3_600_000;
/** Length of the first administrator's random password. */
const RANDOM_PASSWORD_LENGTH = 20;
/** No look-alikes (0/O, 1/l/I), so it can be typed from a screen. */
const PASSWORD_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
/** Last use of a token is written at most this often: a gateway writes many times a second. */
const TOKEN_USE_PERSIST_MS = 60_000;
const SWEEP_EVERY_MS = 60_000;
/** Longest secret looked up; anything longer is not one of ours. */
const MAX_SECRET_LENGTH = 128;

export interface AuthServiceOptions {
  db: RecordsDb;
  dataDir: string;
  config: AuthConfig;
  sites: AuthSites;
  /** Server clock, epoch ms. Default Date.now. */
  now?: () => number;
  /** Where the first start's message goes (default console.log). */
  log?: (line: string) => void;
  /** Default DEMO_COMMUNITY. */
  demoCommunity?: string;
  /** How often expired sessions are removed, ms; 0 starts no timer (call `sweep`). Default 60 s. */
  sweepEveryMs?: number;
}

/** Who acts on the admin API, and from where. */
export interface ActContext {
  actor: Principal;
  address: string;
}

export type RevokedEvent = { kind: 'user' | 'token' | 'session'; id: string };

/** A new session: the secret goes into the cookie and nowhere else. */
export interface SignedIn {
  secret: string;
  principal: Principal;
  csrfToken: string;
  /** Epoch ms of the absolute end; null for a display. */
  expiresAt: number | null;
  mustChangePassword: boolean;
}

export interface NewUser {
  username: string;
  displayName?: string;
  password: string;
  roles: string[];
  scopes: string[];
  /** Default true: the person chooses their own at first sign-in. */
  mustChangePassword?: boolean;
}

export interface UserChange {
  displayName?: string;
  roles?: string[];
  scopes?: string[];
  disabled?: boolean;
  /** A new password set by an administrator: ends the user's sessions. */
  password?: string;
  mustChangePassword?: boolean;
}

export interface NewToken {
  kind: string;
  name: string;
  scopes: string[];
}

export declare interface AuthService {
  on(event: 'revoked', listener: (e: RevokedEvent) => void): this;
  emit(event: 'revoked', e: RevokedEvent): boolean;
}

export class AuthService extends EventEmitter {
  readonly audit: AuditLog;
  readonly config: AuthConfig;
  readonly demoCommunity: string;
  private readonly db: RecordsDb;
  private readonly users: UserStore;
  private readonly sessions: SessionStore;
  private readonly tokens: TokenStore;
  private readonly throttle: AddressThrottle;
  private readonly bootstrapFile: BootstrapFile;
  private readonly now: () => number;
  private readonly log: (line: string) => void;
  private readonly sites: AuthSites;
  /** Principals by session id (people, guests, displays) and by token id, built once. */
  private readonly sessionPrincipals = new Map<string, Principal>();
  private readonly tokenPrincipals = new Map<string, Principal>();
  /** Verified when the username is unknown, so that answer takes as long as a wrong password. */
  private readonly dummyHash: string;
  private readonly timer: NodeJS.Timeout | undefined;

  constructor(opts: AuthServiceOptions) {
    super();
    migrate(opts.db, 'auth', AUTH_MIGRATIONS);
    this.db = opts.db;
    this.config = opts.config;
    this.now = opts.now ?? Date.now;
    this.log = opts.log ?? ((line) => console.log(line));
    this.sites = opts.sites;
    this.demoCommunity = opts.demoCommunity ?? DEMO_COMMUNITY;
    this.audit = new AuditLog(opts.db, this.now);
    this.users = new UserStore(opts.db);
    this.sessions = new SessionStore(opts.db);
    this.tokens = new TokenStore(opts.db);
    this.throttle = new AddressThrottle(opts.config.loginRatePerMinute, this.now);
    this.bootstrapFile = new BootstrapFile(opts.dataDir);
    this.dummyHash = hashPasswordSync(newSecret());
    const every = opts.sweepEveryMs ?? SWEEP_EVERY_MS;
    if (every > 0) {
      this.timer = setInterval(() => this.sweep(), every);
      this.timer.unref();
    }
  }

  // ── First start ─────────────────────────────────────────────────────────────────────────────

  /**
   * With no users yet, creates `admin` (role admin, scope the tree's root). Its password is
   * ADMIN_PASSWORD, or else random: then printed once and written to <dataDir>/admin-password.txt,
   * readable only by its owner. Returns whether it created the user.
   */
  bootstrapAdmin(): boolean {
    if (this.users.count > 0) return false;
    const fromEnv = this.config.adminPassword;
    const password = fromEnv ?? randomPassword();
    const root = this.sites.rootId();
    const at = this.now();
    const user: User = {
      id: newId('u'), username: BOOTSTRAP_USERNAME, displayName: '系统管理员 Administrator', passwordHash: hashPasswordSync(password),
      roles: ['admin'], scopes: root === undefined ? [] : [root], disabled: false, failedCount: 0, lockedUntil: null,
      mustChangePassword: fromEnv === undefined, createdAt: at, lastLoginAt: null,
    };
    this.atomically(() => {
      this.users.insert(user);
      this.audit.record({ actor: SYSTEM_PRINCIPAL, action: 'user.create', target: `user:${user.username}`, detail: { id: user.id, roles: user.roles, scopes: user.scopes, bootstrap: true, passwordFrom: fromEnv === undefined ? 'random' : 'ADMIN_PASSWORD' }, address: '' });
    });
    if (fromEnv !== undefined) {
      this.log(`auth: first start: created the administrator "${BOOTSTRAP_USERNAME}" with the password of ADMIN_PASSWORD (首次启动：已创建管理员 ${BOOTSTRAP_USERNAME}，密码为 ADMIN_PASSWORD 的值)`);
    } else {
      const file = this.bootstrapFile.write(password);
      this.log([
        `auth: first start: created the administrator "${BOOTSTRAP_USERNAME}" with the password`,
        `    ${password}`,
        `  (also in ${file}, readable only by its owner). Sign in and change it; it is not shown again.`,
        `  首次启动：已创建管理员 ${BOOTSTRAP_USERNAME}，初始密码如上（亦保存在该文件中，仅所有者可读）。请登录后修改，此后不再显示。`,
      ].join('\n'));
    }
    return true;
  }

  // ── Sign-in and sessions ────────────────────────────────────────────────────────────────────

  /**
   * Signs a person in. Refusals: 401 wrong username or password (the same for both), 423 the
   * username is locked (`lockedUntil`), 429 too many attempts from this address (`retryAfterS`),
   * 403 the account is disabled (said only to whoever knows its password).
   */
  async login(username: string, password: string, address: string): Promise<SignedIn> {
    this.takeAttempt(address);
    const name = username.slice(0, 64);
    const found = this.users.byUsername(username);
    if (!found) {
      await verifyPassword(this.dummyHash, password);
      this.audit.record({ actor: anonymous(name), action: 'auth.login_failed', target: `user:${name}`, detail: { reason: 'unknown username' }, address });
      throw wrongCredentials();
    }
    const lockedUntil = this.lockedUntil(found);
    if (lockedUntil !== null) {
      this.audit.record({ actor: anonymous(found.username), action: 'auth.login_failed', target: `user:${found.username}`, detail: { reason: 'locked', lockedUntil }, address });
      throw locked(lockedUntil);
    }
    const ok = await verifyPassword(found.passwordHash, password);
    // The user may have changed while argon2 ran.
    const user = this.users.get(found.id);
    if (!user) throw wrongCredentials();
    if (!ok) return this.failedLogin(user, address);
    if (user.disabled) {
      this.audit.record({ actor: anonymous(user.username), action: 'auth.login_failed', target: `user:${user.username}`, detail: { reason: 'disabled' }, address });
      throw new AuthError(403, 'this account is disabled; ask an administrator');
    }
    const at = this.now();
    user.failedCount = 0;
    user.lockedUntil = null;
    user.lastLoginAt = at;
    if (needsRehash(user.passwordHash)) user.passwordHash = await hashPassword(password);
    // One transaction, one flush to disk: a sign-in costs argon2 and little else.
    return this.atomically(() => {
      this.users.save(user);
      const signedIn = this.openSession({ kind: 'user', userId: user.id, tokenId: null, expiresAt: at + this.config.sessionMs, address });
      this.audit.record({ actor: signedIn.principal, action: 'auth.login', target: `user:${user.username}`, address });
      return signedIn;
    });
  }

  private failedLogin(user: User, address: string): never {
    user.failedCount += 1;
    const lock = user.failedCount >= this.config.loginMaxFailures;
    if (lock) {
      user.lockedUntil = this.now() + this.config.loginLockMs;
      user.failedCount = 0;
    }
    this.atomically(() => {
      this.users.save(user);
      this.audit.record({ actor: anonymous(user.username), action: 'auth.login_failed', target: `user:${user.username}`, detail: { reason: 'wrong password', ...(lock ? { lockedUntil: user.lockedUntil } : {}) }, address });
      if (lock) this.audit.record({ actor: SYSTEM_PRINCIPAL, action: 'user.lock', target: `user:${user.username}`, detail: { failures: this.config.loginMaxFailures, lockedUntil: user.lockedUntil }, address });
    });
    throw lock ? locked(user.lockedUntil!) : wrongCredentials();
  }

  /** Exchanges a display token for a session that never expires; revoking the token ends it. */
  displaySession(tokenSecret: string, address: string): SignedIn {
    this.takeAttempt(address);
    const token = this.tokenBySecret(tokenSecret);
    if (!token || token.kind !== 'display') {
      this.audit.record({ actor: anonymous(''), action: 'auth.display_failed', target: 'token', detail: { reason: token ? `a ${token.kind} token` : 'unknown or revoked token' }, address });
      throw new AuthError(401, 'this is not a display token in force');
    }
    return this.atomically(() => {
      const signedIn = this.openSession({ kind: 'display', userId: null, tokenId: token.id, expiresAt: null, address });
      this.audit.record({ actor: signedIn.principal, action: 'auth.display_session', target: `token:${token.id}`, detail: { name: token.name }, address });
      return signedIn;
    });
  }

  /** A passwordless, read-only session scoped to the demo community (DEMO_GUEST=on), for two hours. */
  guestSession(address: string): SignedIn {
    if (!this.config.demoGuest) throw new AuthError(404, 'demo guest sessions are off (DEMO_GUEST)');
    if (!this.sites.has(this.demoCommunity)) throw new AuthError(503, `the demo community ${quote(this.demoCommunity)} is not in the sites tree`);
    this.takeAttempt(address);
    return this.atomically(() => {
      const signedIn = this.openSession({ kind: 'guest', userId: null, tokenId: null, expiresAt: this.now() + GUEST_SESSION_MS, address });
      this.audit.record({ actor: signedIn.principal, action: 'auth.guest_session', target: `site:${this.demoCommunity}`, address });
      return signedIn;
    });
  }

  /** The principal of a session cookie's secret, or undefined (unknown, ended, expired). Counts as activity. */
  principalForSession(secret: string): Principal | undefined {
    if (secret.length > MAX_SECRET_LENGTH) return undefined;
    const s = this.sessions.get(secretHash(secret));
    return s && this.liveSession(s) ? this.sessionPrincipal(s) : undefined;
  }

  /** The session behind a principal's `sessionId`, if it is still in force. */
  session(sessionId: string): Session | undefined {
    const s = this.sessions.get(sessionId);
    return s && this.liveSession(s) ? s : undefined;
  }

  /** Activity that is not an HTTP request (a socket's traffic), keeping a person's session from idling out. */
  touch(sessionId: string): void {
    const s = this.sessions.get(sessionId);
    if (s && this.liveSession(s)) this.sessions.touch(s, this.now());
  }

  logout(principal: Principal, address: string): void {
    if (!principal.sessionId || !this.sessions.get(principal.sessionId)) return;
    const sessionId = principal.sessionId;
    this.atomically(() => {
      this.endSession(sessionId);
      this.audit.record({ actor: principal, action: 'auth.logout', target: targetOf(principal), address });
    });
  }

  /** The signed-in person's own password change: the old one is required; their other sessions end. */
  async changePassword(principal: Principal, oldPassword: string, newPassword: string, address: string): Promise<void> {
    const user = principal.kind === 'user' ? this.users.get(principal.id) : undefined;
    if (!user) throw new AuthError(403, 'only a signed-in user has a password to change');
    this.takeAttempt(address);
    if (!(await verifyPassword(user.passwordHash, oldPassword))) {
      this.audit.record({ actor: principal, action: 'auth.password_change_failed', target: `user:${user.username}`, detail: { reason: 'wrong current password' }, address });
      throw new AuthError(403, 'the current password is wrong');
    }
    this.checkPolicy(newPassword, user.username);
    if (newPassword === oldPassword) throw new AuthError(400, 'the new password must differ from the current one', { message: { zh: '新密码不能与当前密码相同', en: 'the new password must differ from the current one' } });
    user.passwordHash = await hashPassword(newPassword);
    user.mustChangePassword = false;
    this.atomically(() => {
      this.users.save(user);
      for (const id of this.sessions.where((s) => s.userId === user.id && s.id !== principal.sessionId)) this.endSession(id);
      this.audit.record({ actor: principal, action: 'auth.password_change', target: `user:${user.username}`, address });
    });
    if (user.username === BOOTSTRAP_USERNAME) this.bootstrapFile.remove();
  }

  /** Removes the sessions that have expired; returns how many. */
  sweep(): number {
    this.throttle.prune();
    const ids = this.sessions.where((s) => this.expired(s, this.now()));
    for (const id of ids) this.endSession(id);
    return ids.length;
  }

  // ── Tokens ──────────────────────────────────────────────────────────────────────────────────

  /** The principal of a display or gateway token's secret (Bearer, Token, Basic, `p`), or undefined. */
  principalForToken(secret: string): Principal | undefined {
    const token = this.tokenBySecret(secret);
    if (!token) return undefined;
    const at = this.now();
    if (token.lastUsedAt === null || at - token.lastUsedAt >= TOKEN_USE_PERSIST_MS) this.tokens.markUsed(token, at);
    let p = this.tokenPrincipals.get(token.id);
    if (!p) {
      p = Object.freeze({ kind: token.kind, id: token.id, name: token.name, displayName: token.name, roles: Object.freeze([token.kind]), scopes: Object.freeze([...token.scopes]) });
      this.tokenPrincipals.set(token.id, p);
    }
    return p;
  }

  listTokens(): TokenView[] {
    return this.tokens.all().map(tokenView);
  }

  /** The secret is returned here once and never stored; a display is bound to exactly one node. */
  createToken(input: NewToken, ctx: ActContext): TokenView & { secret: string } {
    if (!(TOKEN_ROLES as readonly string[]).includes(input.kind)) throw new AuthError(400, `kind ${quote(input.kind)} is not one of ${TOKEN_ROLES.join(', ')}`);
    const kind = input.kind as TokenRole;
    const name = checkName('name', input.name, MAX_TOKEN_NAME);
    const scopes = checkScopes(input.scopes, this.sites, true, `a ${kind} token`);
    if (kind === 'display' && scopes.length !== 1) throw new AuthError(400, `a display token is bound to exactly one node; got ${scopes.length} scopes`);
    const secret = newSecret();
    const token: Token = { id: newId('t'), kind, name, secretHash: secretHash(secret), scopes, createdAt: this.now(), createdBy: ctx.actor.name, lastUsedAt: null, revokedAt: null };
    this.atomically(() => {
      this.tokens.insert(token);
      this.audit.record({ actor: ctx.actor, action: 'token.create', target: `token:${token.id}`, detail: { kind, name, scopes }, address: ctx.address });
    });
    return { ...tokenView(token), secret };
  }

  /** Ends the token and every display session opened with it. Revoking a revoked token changes nothing. */
  revokeToken(id: string, ctx: ActContext): TokenView {
    const token = this.tokens.get(id);
    if (!token) throw new AuthError(404, `no token ${quote(id)}`);
    if (token.revokedAt !== null) return tokenView(token);
    this.atomically(() => {
      this.tokens.revoke(token, this.now());
      this.tokenPrincipals.delete(token.id);
      for (const sid of this.sessions.where((s) => s.tokenId === token.id)) this.endSession(sid);
      this.audit.record({ actor: ctx.actor, action: 'token.revoke', target: `token:${token.id}`, detail: { kind: token.kind, name: token.name }, address: ctx.address });
    });
    this.emit('revoked', { kind: 'token', id: token.id });
    return tokenView(token);
  }

  /**
   * A person signed in with a password an administrator set (or the first start's) must choose
   * their own before anything else: the guard lets them only see who they are, change it and sign out.
   */
  passwordChangeDue(principal: Principal): boolean {
    return principal.kind === 'user' && this.users.get(principal.id)?.mustChangePassword === true;
  }

  // ── Users ───────────────────────────────────────────────────────────────────────────────────

  listUsers(): UserView[] {
    const at = this.now();
    return this.users.all().map((u) => userView(u, at));
  }

  getUser(id: string): UserView {
    return userView(this.user(id), this.now());
  }

  async createUser(input: NewUser, ctx: ActContext): Promise<UserView> {
    const username = checkUsername(input.username);
    if (this.users.byUsername(username)) throw new AuthError(409, `username ${quote(username)} is taken (usernames are compared ignoring case)`);
    const displayName = checkName('displayName', input.displayName ?? username, MAX_DISPLAY_NAME);
    const roles = checkRoles(input.roles);
    const scopes = checkScopes(input.scopes, this.sites, !roles.includes('admin'), `user ${quote(username)}`);
    this.checkPolicy(input.password, username);
    const passwordHash = await hashPassword(input.password);
    // Another request may have taken the name while argon2 ran.
    if (this.users.byUsername(username)) throw new AuthError(409, `username ${quote(username)} is taken (usernames are compared ignoring case)`);
    const user: User = {
      id: newId('u'), username, displayName, passwordHash, roles, scopes, disabled: false, failedCount: 0, lockedUntil: null,
      mustChangePassword: input.mustChangePassword ?? true, createdAt: this.now(), lastLoginAt: null,
    };
    this.atomically(() => {
      this.users.insert(user);
      this.audit.record({ actor: ctx.actor, action: 'user.create', target: `user:${username}`, detail: { id: user.id, displayName, roles, scopes }, address: ctx.address });
    });
    return userView(user, this.now());
  }

  async updateUser(id: string, change: UserChange, ctx: ActContext): Promise<UserView> {
    const before = this.user(id);
    // `before` is the live record, changed below: keep what the checks after the change need.
    const wasDisabled = before.disabled;
    const roles = change.roles === undefined ? before.roles : checkRoles(change.roles);
    // Only scopes being set must exist: a node removed from the tree later must not block other changes.
    const what = `user ${quote(before.username)}`;
    const scopes = change.scopes === undefined ? before.scopes : checkScopes(change.scopes, this.sites, false, what);
    if (scopes.length === 0 && !roles.includes('admin')) throw new AuthError(400, `${what} needs at least one scope (a node of the sites tree) unless an administrator`);
    const displayName = change.displayName === undefined ? before.displayName : checkName('displayName', change.displayName, MAX_DISPLAY_NAME);
    const disabled = change.disabled ?? before.disabled;
    if (change.password !== undefined) this.checkPolicy(change.password, before.username);
    if (before.id === ctx.actor.id && disabled && !wasDisabled) throw new AuthError(409, 'you cannot disable your own account');
    if (isEnabledAdmin(before) && !(roles.includes('admin') && !disabled)) this.keepAnAdmin(before, 'taking the admin role from or disabling');
    const passwordHash = change.password === undefined ? undefined : await hashPassword(change.password);
    const user = this.user(id);
    const changed: string[] = [];
    const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
    if (!same(roles, user.roles)) changed.push('roles');
    if (!same(scopes, user.scopes)) changed.push('scopes');
    if (displayName !== user.displayName) changed.push('displayName');
    if (disabled !== user.disabled) changed.push('disabled');
    if (passwordHash !== undefined) changed.push('password');
    const mustChange = change.mustChangePassword ?? (passwordHash !== undefined ? true : user.mustChangePassword);
    if (mustChange !== user.mustChangePassword) changed.push('mustChangePassword');
    Object.assign(user, { roles, scopes, displayName, disabled, mustChangePassword: mustChange });
    if (passwordHash !== undefined) Object.assign(user, { passwordHash, failedCount: 0, lockedUntil: null });
    if (changed.length === 0) return userView(user, this.now());
    this.atomically(() => {
      this.users.save(user);
      this.forgetPrincipalsOf(user.id);
      // A new password or a disabled account ends the sessions; other changes take effect on the next request.
      if (passwordHash !== undefined || (disabled && !wasDisabled)) {
        for (const sid of this.sessions.where((s) => s.userId === user.id)) this.endSession(sid);
      }
      this.audit.record({ actor: ctx.actor, action: 'user.update', target: `user:${user.username}`, detail: { id: user.id, changed, roles: user.roles, scopes: user.scopes, disabled: user.disabled }, address: ctx.address });
    });
    if (user.username === BOOTSTRAP_USERNAME && passwordHash !== undefined) this.bootstrapFile.remove();
    if (changed.some((c) => c !== 'displayName' && c !== 'mustChangePassword')) this.emit('revoked', { kind: 'user', id: user.id });
    return userView(user, this.now());
  }

  deleteUser(id: string, ctx: ActContext): void {
    const user = this.user(id);
    if (user.id === ctx.actor.id) throw new AuthError(409, 'you cannot delete your own account');
    if (isEnabledAdmin(user)) this.keepAnAdmin(user, 'deleting');
    this.atomically(() => {
      for (const sid of this.sessions.where((s) => s.userId === user.id)) this.endSession(sid);
      this.users.remove(user.id);
      this.audit.record({ actor: ctx.actor, action: 'user.delete', target: `user:${user.username}`, detail: { id: user.id }, address: ctx.address });
    });
    this.emit('revoked', { kind: 'user', id: user.id });
  }

  /** Lifts a lockout before its time. */
  unlockUser(id: string, ctx: ActContext): UserView {
    const user = this.user(id);
    user.failedCount = 0;
    user.lockedUntil = null;
    this.atomically(() => {
      this.users.save(user);
      this.audit.record({ actor: ctx.actor, action: 'user.unlock', target: `user:${user.username}`, detail: { id: user.id }, address: ctx.address });
    });
    return userView(user, this.now());
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.removeAllListeners();
  }

  // ── Internals ───────────────────────────────────────────────────────────────────────────────

  /** One transaction: the changes and their audit entry reach the disk together, with one flush. */
  private atomically<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  private user(id: string): User {
    const u = this.users.get(id);
    if (!u) throw new AuthError(404, `no user ${quote(id)}`);
    return u;
  }

  private keepAnAdmin(user: User, what: string): void {
    const others = this.users.all().filter((u) => u.id !== user.id && isEnabledAdmin(u));
    if (others.length === 0) throw new AuthError(409, `${what} ${quote(user.username)} would leave no enabled administrator`);
  }

  private checkPolicy(password: string, username: string): void {
    try {
      checkPasswordPolicy(password, username);
    } catch (e) {
      const p = e as { zh?: string; en?: string };
      if (p.en === undefined) throw e;
      throw new AuthError(400, p.en, { message: { zh: p.zh, en: p.en } });
    }
  }

  private takeAttempt(address: string): void {
    const wait = this.throttle.take(address);
    if (wait > 0) throw new AuthError(429, `too many sign-in attempts from this address; try again in ${wait} s`, { retryAfterS: wait });
  }

  private lockedUntil(u: User): number | null {
    return u.lockedUntil !== null && u.lockedUntil > this.now() ? u.lockedUntil : null;
  }

  private tokenBySecret(secret: string): Token | undefined {
    if (secret.length === 0 || secret.length > MAX_SECRET_LENGTH) return undefined;
    return this.tokens.byHashInForce(secretHash(secret));
  }

  private openSession(s: Omit<Session, 'id' | 'csrfToken' | 'createdAt' | 'lastSeenAt'>): SignedIn {
    const secret = newSecret();
    const at = this.now();
    const session: Session = { ...s, id: secretHash(secret), csrfToken: newSecret(), createdAt: at, lastSeenAt: at, address: s.address.slice(0, 100) };
    this.sessions.insert(session);
    const principal = this.sessionPrincipal(session)!;
    const user = session.userId === null ? undefined : this.users.get(session.userId);
    return { secret, principal, csrfToken: session.csrfToken, expiresAt: session.expiresAt, mustChangePassword: user?.mustChangePassword ?? false };
  }

  private expired(s: Session, at: number): boolean {
    if (s.expiresAt !== null && at >= s.expiresAt) return true;
    return s.kind !== 'display' && at - s.lastSeenAt >= this.config.sessionIdleMs;
  }

  /** Whether the session is still in force (touching it if so); ends it otherwise. */
  private liveSession(s: Session): boolean {
    const at = this.now();
    const owner = s.kind === 'user' ? this.users.get(s.userId ?? '') : undefined;
    const valid = !this.expired(s, at)
      && (s.kind !== 'user' || (owner !== undefined && !owner.disabled))
      && (s.kind !== 'display' || this.tokens.get(s.tokenId ?? '')?.revokedAt === null);
    if (!valid) {
      this.endSession(s.id);
      return false;
    }
    this.sessions.touch(s, at);
    return true;
  }

  private sessionPrincipal(s: Session): Principal | undefined {
    const cached = this.sessionPrincipals.get(s.id);
    if (cached) return cached;
    let p: Principal | undefined;
    if (s.kind === 'user') {
      const u = this.users.get(s.userId ?? '');
      if (u) p = { kind: 'user', id: u.id, name: u.username, displayName: u.displayName, roles: Object.freeze([...u.roles]), scopes: Object.freeze([...u.scopes]), sessionId: s.id };
    } else if (s.kind === 'display') {
      const t = this.tokens.get(s.tokenId ?? '');
      if (t) p = { kind: 'display', id: t.id, name: t.name, displayName: t.name, roles: Object.freeze(['display' as const]), scopes: Object.freeze([...t.scopes]), sessionId: s.id };
    } else {
      p = {
        kind: 'user', id: `guest-${s.id.slice(0, 12)}`, name: 'demo-guest', displayName: '演示访客 Demo guest',
        roles: Object.freeze(['demo_guest' as UserRole]), scopes: Object.freeze([this.demoCommunity]), sessionId: s.id,
      };
    }
    if (p) this.sessionPrincipals.set(s.id, Object.freeze(p));
    return p;
  }

  private forgetPrincipalsOf(userId: string): void {
    for (const sid of this.sessions.where((s) => s.userId === userId)) this.sessionPrincipals.delete(sid);
  }

  private endSession(id: string): void {
    this.sessionPrincipals.delete(id);
    if (this.sessions.remove(id)) this.emit('revoked', { kind: 'session', id });
  }
}

function isEnabledAdmin(u: User): boolean {
  return u.roles.includes('admin') && !u.disabled;
}

function anonymous(name: string): AuditActor {
  return { kind: 'anonymous', id: '', name };
}

function targetOf(p: Principal): string {
  return p.kind === 'display' || p.kind === 'gateway' ? `token:${p.id}` : `user:${p.name}`;
}

function wrongCredentials(): AuthError {
  return new AuthError(401, 'wrong username or password');
}

function locked(until: number): AuthError {
  return new AuthError(423, `this username is locked after repeated wrong passwords until ${new Date(until).toISOString()}; ask an administrator to unlock it`, { lockedUntil: until });
}

function randomPassword(): string {
  let s = '';
  for (let i = 0; i < RANDOM_PASSWORD_LENGTH; i++) s += PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)];
  return s;
}
