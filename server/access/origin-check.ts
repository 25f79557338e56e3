/**
 * Cross-origin state changes are refused: a browser sends `Origin` with every POST/PUT/PATCH/DELETE
 * and every WebSocket handshake; it must be this server's own origin or one of CORS_ORIGINS.
 * Requests without `Origin` (gateways, Telegraf, curl) carry no ambient cookie risk and pass.
 */
import type { IncomingMessage } from 'node:http';

export function originChecker(allowed: readonly string[], trustProxy: boolean) {
  const allow = new Set(allowed.map((o) => o.replace(/\/$/, '').toLowerCase()));
  return (req: IncomingMessage): string | undefined => {
    const origin = req.headers.origin;
    if (origin === undefined) return undefined;
    const o = origin.toLowerCase();
    if (allow.has(o)) return undefined;
    const host = (trustProxy ? firstOf(req.headers['x-forwarded-host']) : undefined) ?? req.headers.host;
    if (host !== undefined) {
      try {
        if (new URL(o).host === host.toLowerCase()) return undefined;
      } catch {
        // `null` or garbage: refused below.
      }
    }
    return `origin: requests from ${JSON.stringify(origin.slice(0, 100))} are not allowed (set CORS_ORIGINS to allow another site)`;
  };
}

function firstOf(v: string | string[] | undefined): string | undefined {
  const s = Array.isArray(v) ? v[0] : v;
  return s?.split(',')[0].trim() || undefined;
}
