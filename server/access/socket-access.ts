/**
 * Socket.IO under the same rules as HTTP: a connection needs a principal that may read (from the
 * session cookie of the handshake, or a display token), each subscription's node must be in its
 * scope, and a revoked user, token or session has its sockets closed at once; a periodic sweep
 * closes those whose session expired on its own.
 */
import type { IncomingMessage } from 'node:http';
import type { Server } from 'socket.io';
import type { Hierarchy, HierarchyNode } from '../../streams/hierarchy.ts';
import type { Principal } from '../auth/principal.ts';
import type { LiveSocket } from '../live/live-hub.ts';
import { hasCapability } from './capabilities.ts';
import { Scope } from './scope.ts';

export interface SocketAuthenticator {
  principalFromHandshake(req: IncomingMessage, auth: Record<string, unknown>): Principal | undefined;
  /** False once the principal's session expired or its user or token was revoked. */
  stillValid(p: Principal): boolean;
  /** True for a person who must change their password before anything else (no live data until then). */
  passwordChangeDue?(p: Principal): boolean;
}

/** What a revocation names: a user (all its sessions), a token, or one session. */
export interface Revocation {
  kind: 'user' | 'token' | 'session';
  id: string;
}

/** Session expiry is noticed within this, ms (revocations close sockets at once). */
const SWEEP_EVERY_MS = 2000;

export function socketAccess(io: Server, opts: { auth: SocketAuthenticator; hierarchy: Hierarchy; originProblem: (req: IncomingMessage) => string | undefined }) {
  io.engine.opts.allowRequest = (req, callback) => {
    const problem = opts.originProblem(req);
    callback(problem ?? null, problem === undefined);
  };
  io.use((socket, next) => {
    const p = opts.auth.principalFromHandshake(socket.request, (socket.handshake.auth ?? {}) as Record<string, unknown>);
    if (!p) { next(new Error('auth: sign in first (POST /api/auth/login), or give a display token')); return; }
    if (!hasCapability(p, 'read')) { next(new Error(`auth: ${p.kind} "${p.name}" may not read live data`)); return; }
    if (opts.auth.passwordChangeDue?.(p)) { next(new Error(`auth: user "${p.name}" must change the password first (POST /api/auth/password)`)); return; }
    socket.data.principal = p;
    next();
  });

  const principalOf = (s: { data: { principal?: Principal } }): Principal | undefined => s.data.principal;

  const sweep = setInterval(() => {
    for (const s of io.of('/').sockets.values()) {
      const p = principalOf(s);
      if (!p || !opts.auth.stillValid(p)) s.disconnect(true);
    }
  }, SWEEP_EVERY_MS);
  sweep.unref();

  return {
    /** The live hub's subscription check. */
    authorize(socket: LiveSocket, node: HierarchyNode): true | string {
      const p = principalOf(socket);
      if (!p) return 'not signed in';
      const scope = new Scope(p, opts.hierarchy);
      return scope.includes(node.id) ? true : `${node.name.zh} (${node.id}) is outside the scope of "${p.name}": ${scope.describe()}`;
    },
    revoke(r: Revocation): number {
      let closed = 0;
      for (const s of io.of('/').sockets.values()) {
        const p = principalOf(s);
        const hit = !p || (r.kind === 'session' ? p.sessionId === r.id : r.kind === 'token' ? p.kind !== 'user' && p.id === r.id : p.kind === 'user' && p.id === r.id);
        if (hit) { s.disconnect(true); closed++; }
      }
      return closed;
    },
    close(): void {
      clearInterval(sweep);
    },
  };
}
