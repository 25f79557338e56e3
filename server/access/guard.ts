/**
 * Deny by default, in front of every route: find the request's entry in the permission table,
 * resolve who is asking, check the capability and the scope, and only then let the route run.
 * A request that matches no entry under the server's own prefixes is refused; the client's pages
 * and assets are public (what they show comes from the API, which is not).
 */
import type { NextFunction, Request, Response } from 'express';
import { match, type MatchFunction } from 'path-to-regexp';
import type { Hierarchy } from '../../streams/hierarchy.ts';
import type { Principal } from '../auth/principal.ts';
import { CAPABILITY_WORDS, hasCapability } from './capabilities.ts';
import { ROUTE_TABLE, type RouteContext, type RouteRule } from './route-table.ts';
import { Scope } from './scope.ts';
import type { AuditSink } from './audit-sink.ts';

/** What the guard needs from sign-in (server/auth). */
export interface Authenticator {
  resolvePrincipal(req: Request): Principal | undefined;
  /** A problem with the request's CSRF token (cookie sign-in, state change), or undefined. */
  csrfProblem(req: Request, principal: Principal): string | undefined;
  /** True for a person who must change their password before anything else. */
  passwordChangeDue?(principal: Principal): boolean;
}

export interface Access {
  principal: Principal;
  scope: Scope;
}

declare module 'express-serve-static-core' {
  interface Request {
    /** Set by the guard for every request that reached a route with a signed-in caller. */
    access?: Access;
    principal?: Principal;
  }
}

/** Prefixes served by the server's routes; anything else is the client's pages. */
const SERVER_PREFIXES = ['/api', '/write', '/query', '/ping', '/twins'];
const STATE_CHANGES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

interface CompiledRule {
  rule: RouteRule;
  matches: MatchFunction<Record<string, string | string[]>>;
}

export interface GuardOptions {
  auth: Authenticator;
  hierarchy: Hierarchy;
  context: RouteContext;
  audit: AuditSink;
  /** The same-origin check for state changes (origin-check.ts); answers a problem or undefined. */
  originProblem: (req: Request) => string | undefined;
  table?: readonly RouteRule[];
}

export function guard(opts: GuardOptions) {
  const compiled: CompiledRule[] = (opts.table ?? ROUTE_TABLE).map((rule) => ({
    rule, matches: match(rule.path, { decode: decodeURIComponent }),
  }));
  const find = (req: Request) => {
    const method = req.method === 'HEAD' ? ['HEAD', 'GET'] : [req.method];
    for (const m of method) {
      for (const c of compiled) {
        if (c.rule.method !== m) continue;
        const found = c.matches(req.path);
        if (found) return { rule: c.rule, params: found.params };
      }
    }
    return undefined;
  };

  return (req: Request, res: Response, next: NextFunction): void => {
    let found: ReturnType<typeof find>;
    try {
      found = find(req);
    } catch (e) {
      // Malformed percent-encoding in the path: the client's error, answered as the router would.
      if (e instanceof URIError) { next(Object.assign(e, { status: 400 })); return; }
      throw e;
    }
    if (!found) {
      if (!SERVER_PREFIXES.some((p) => req.path === p || req.path.startsWith(`${p}/`))) { next(); return; }
      res.status(404).json({ error: `api: no such endpoint: ${req.method} ${clip(req.path)}; see docs/api.md` });
      return;
    }
    const { rule } = found;
    if (STATE_CHANGES.has(req.method)) {
      const problem = opts.originProblem(req);
      if (problem) { res.status(403).json({ error: problem }); return; }
    }
    let principal: Principal | undefined;
    try {
      principal = opts.auth.resolvePrincipal(req);
    } catch (e) {
      next(e);
      return;
    }
    if (rule.access === 'public') {
      if (principal) req.principal = principal;
      next();
      return;
    }
    if (!principal) {
      if (req.path === '/write' || req.path === '/query') res.setHeader('WWW-Authenticate', 'Basic realm="community-twin"');
      res.status(401).json({ error: 'auth: sign in first (POST /api/auth/login), or send a token (Authorization: Token …)' });
      return;
    }
    if (STATE_CHANGES.has(req.method)) {
      const problem = opts.auth.csrfProblem(req, principal);
      if (problem) { res.status(403).json({ error: problem }); return; }
    }
    if (!rule.beforePasswordChange && opts.auth.passwordChangeDue?.(principal)) {
      res.status(403).json({
        error: `auth: ${who(principal)} must change the password first (POST /api/auth/password; 请先修改密码)`,
        mustChangePassword: true,
      });
      return;
    }
    if (rule.access !== 'signed-in' && !hasCapability(principal, rule.access)) {
      res.status(403).json({ error: `access: ${who(principal)} may not ${CAPABILITY_WORDS[rule.access]}` });
      return;
    }
    const scope = new Scope(principal, opts.hierarchy);
    const view = Object.assign(Object.create(req) as Request, { params: found.params });
    const nodeId = rule.node?.(view, opts.context);
    if (nodeId !== undefined && !scope.all) {
      const node = opts.hierarchy.get(nodeId);
      if (!node) { res.status(404).json({ error: `access: unknown place "${clip(nodeId)}"; see /api/hierarchy` }); return; }
      if (!scope.includes(nodeId)) {
        res.status(403).json({ error: `access: ${node.name.zh} (${nodeId}) is outside the scope of ${who(principal)}: ${scope.describe()}` });
        return;
      }
    }
    req.principal = principal;
    req.access = { principal, scope };
    if (rule.audit) {
      const action = rule.audit(view);
      res.once('finish', () => {
        if (res.statusCode < 400) opts.audit.record({ actor: principal, action, target: nodeId ?? req.path, address: req.ip ?? '', detail: { method: req.method, path: req.originalUrl.split('?')[0], status: res.statusCode } });
      });
    }
    next();
  };
}

/** The caller's access, set by the guard; a route reached without it is a wiring fault, not a grant. */
export function accessOf(req: Request): Access {
  if (!req.access) throw new Error(`access: ${req.method} ${req.path} was reached without the guard`);
  return req.access;
}

function who(p: Principal): string {
  return `${p.kind === 'user' ? 'user' : p.kind} "${clip(p.name)}" (${p.roles.join(', ')})`;
}

function clip(s: string): string {
  return s.length > 80 ? `${s.slice(0, 80)}…` : s;
}
