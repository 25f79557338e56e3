/** What the auth and admin routers share: body validation, error answers, the public principal. */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { z } from 'zod';
import { AuthError } from './auth-error.ts';
import type { Principal } from './principal.ts';

/** The body, or an AuthError (400) naming the first field that is wrong. */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const r = schema.safeParse(body ?? undefined);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const where = issue.path.length ? `body field "${issue.path.join('.')}"` : 'body';
  throw new AuthError(400, `${where}: ${issue.message}`);
}

/** Runs a handler, answering an AuthError as `{ error, ...extra }` (with Retry-After on 429). */
export function handle(fn: (req: Request, res: Response) => unknown): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      await fn(req, res);
    } catch (e) {
      if (!(e instanceof AuthError)) { next(e); return; }
      if (e.status === 429 && typeof e.extra.retryAfterS === 'number') res.setHeader('Retry-After', String(e.extra.retryAfterS));
      res.status(e.status).json({ error: e.message, ...e.extra });
    }
  };
}

/** A principal as the API shows it (the session id stays on the server). */
export function publicPrincipal(p: Principal) {
  return { kind: p.kind, id: p.id, name: p.name, displayName: p.displayName, roles: [...p.roles], scopes: [...p.scopes] };
}

/** The address an action came from, as Express sees it (per `trust proxy`). */
export function addressOf(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? '';
}
