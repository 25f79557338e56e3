/**
 * /api/admin: users, display and gateway tokens, the audit log. The access guard has already
 * checked that the caller (req.principal) may administer; every change is audited by the service
 * with the caller and its address.
 */
import express from 'express';
import { z } from 'zod';
import { bodyErrors } from '../api/body-errors.ts';
import { QueryError } from '../api/query-error.ts';
import { parseTime } from '../api/time-params.ts';
import { AuthError, quote } from './auth-error.ts';
import type { ActContext, AuthService } from './auth-service.ts';
import { DEFAULT_AUDIT_LIMIT, MAX_AUDIT_LIMIT, type AuditFilter } from './audit-log.ts';
import { MAX_PASSWORD_LENGTH } from './passwords.ts';
import { addressOf, handle, parseBody } from './route-helpers.ts';

const ids = z.array(z.string().max(200)).max(1000);
const password = z.string().max(MAX_PASSWORD_LENGTH * 4);
const NewUserBody = z.strictObject({
  username: z.string().max(200), displayName: z.string().max(1000).optional(), password, roles: ids, scopes: ids,
  mustChangePassword: z.boolean().optional(),
});
const UserChangeBody = z.strictObject({
  displayName: z.string().max(1000).optional(), roles: ids.optional(), scopes: ids.optional(), disabled: z.boolean().optional(),
  password: password.optional(), mustChangePassword: z.boolean().optional(),
}).refine((b) => Object.keys(b).length > 0, { message: 'name at least one of displayName, roles, scopes, disabled, password, mustChangePassword' });
const NewTokenBody = z.strictObject({ kind: z.string().max(40), name: z.string().max(1000), scopes: ids });

export function adminRoutes(service: AuthService, now: () => number = Date.now): express.Router {
  const r = express.Router();
  r.use(express.json({ limit: '64kb' }));
  const ctx = (req: express.Request): ActContext => {
    if (!req.principal) throw new AuthError(401, 'not signed in');
    return { actor: req.principal, address: addressOf(req) };
  };
  const id = (req: express.Request) => String(req.params.id);

  r.get('/users', handle((req, res) => { ctx(req); res.json({ users: service.listUsers() }); }));
  r.post('/users', handle(async (req, res) => {
    const c = ctx(req);
    res.status(201).json({ user: await service.createUser(parseBody(NewUserBody, req.body), c) });
  }));
  r.patch('/users/:id', handle(async (req, res) => {
    const c = ctx(req);
    res.json({ user: await service.updateUser(id(req), parseBody(UserChangeBody, req.body), c) });
  }));
  r.delete('/users/:id', handle((req, res) => { service.deleteUser(id(req), ctx(req)); res.status(204).end(); }));
  r.post('/users/:id/unlock', handle((req, res) => { res.json({ user: service.unlockUser(id(req), ctx(req)) }); }));

  r.get('/tokens', handle((req, res) => { ctx(req); res.json({ tokens: service.listTokens() }); }));
  r.post('/tokens', handle((req, res) => {
    const c = ctx(req);
    const { secret, ...token } = service.createToken(parseBody(NewTokenBody, req.body), c);
    // The secret is in this answer only: it is stored as a hash.
    res.status(201).json({ token, secret });
  }));
  r.delete('/tokens/:id', handle((req, res) => { service.revokeToken(id(req), ctx(req)); res.status(204).end(); }));

  r.get('/audit', handle((req, res) => {
    ctx(req);
    const filter = auditFilter(req.query as Record<string, unknown>, now());
    res.json({ ...service.audit.list(filter), limit: filter.limit });
  }));

  r.use(bodyErrors('admin'));
  return r;
}

const AUDIT_PARAMS = ['from', 'to', 'actor', 'action', 'target', 'limit', 'before'];

function auditFilter(q: Record<string, unknown>, at: number): AuditFilter {
  const unknown = Object.keys(q).find((k) => !AUDIT_PARAMS.includes(k));
  if (unknown !== undefined) throw new AuthError(400, `query parameter ${quote(unknown)} is not one of ${AUDIT_PARAMS.join(', ')}`);
  const text = (name: string): string | undefined => {
    const v = q[name];
    if (v === undefined) return undefined;
    if (typeof v !== 'string') throw new AuthError(400, `query parameter "${name}" must be given once`);
    return v;
  };
  const whole = (name: string, min: number, max: number): number | undefined => {
    const v = text(name);
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!/^\d+$/.test(v) || n < min || n > max) throw new AuthError(400, `${name} ${quote(v)} must be a whole number from ${min} to ${max}`);
    return n;
  };
  const time = (name: string): number | undefined => {
    try {
      return parseTime(text(name), at, name);
    } catch (e) {
      if (e instanceof QueryError) throw new AuthError(400, e.message.replace(/^query: /, ''));
      throw e;
    }
  };
  return {
    from: time('from'), to: time('to'), actor: text('actor'), action: text('action'), target: text('target'),
    limit: whole('limit', 1, MAX_AUDIT_LIMIT) ?? DEFAULT_AUDIT_LIMIT, before: whole('before', 1, Number.MAX_SAFE_INTEGER),
  };
}
