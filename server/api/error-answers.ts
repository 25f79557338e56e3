/**
 * The last word on every failed request: JSON `{ error }` naming the subsystem, never Express's
 * default HTML page (which shows the stack and the source paths whenever NODE_ENV is not
 * "production"). Routers answer the errors they understand themselves; what reaches these
 * handlers is an unknown path, a body or path the parsers refused, a failed static file, or a bug.
 *
 *   routers ─► ingestErrors (/write, /query) ─► answerErrors: 4xx explained, 5xx "internal error (reference …)"
 */
import { randomBytes } from 'node:crypto';
import type { Server as HttpServer } from 'node:http';
import type { Socket } from 'node:net';
import type { NextFunction, Request, Response } from 'express';
import { bodyErrorText } from './body-errors.ts';

/** Which subsystem answers a path; matched on whole segments, case-insensitively as Express routes. */
const SUBSYSTEMS: readonly [prefix: string, subsystem: string][] = [
  ['/api/alerts', 'alerts'],
  ['/api/indicators', 'indicators'],
  ['/api/twins', 'twins'],
  ['/twins', 'twins'],
  ['/write', 'ingest'],
  ['/query', 'ingest'],
  ['/ping', 'ingest'],
  ['/api', 'api'],
];

export function subsystemOf(url: string): string {
  const path = url.split('?', 1)[0].toLowerCase();
  for (const [prefix, subsystem] of SUBSYSTEMS) {
    if (path === prefix || path.startsWith(`${prefix}/`)) return subsystem;
  }
  return 'server';
}

/** Final 404 for paths no router took (outside /api, which has its own). */
export function notFound(req: Request, res: Response): void {
  res.status(404).json({ error: `${subsystemOf(req.originalUrl)}: no such page or endpoint: ${req.method} ${clip(req.path)}; the API is described in docs/api.md` });
}

/** Texts for errors of known status whose own message may hold internals (file paths of `send`). */
const STATUS_TEXT: Record<number, string> = {
  400: 'bad request',
  403: 'forbidden',
  404: 'no such file',
  405: 'method not allowed',
  412: 'precondition failed',
  416: 'range not satisfiable',
};

const CONTENT_HEADERS = ['content-type', 'content-length', 'content-range', 'content-disposition', 'content-encoding', 'content-language', 'etag', 'last-modified', 'cache-control'];

export interface ErrorAnswerOptions {
  /** Where internal errors are logged (default console.error). */
  log?: (line: string, err: unknown) => void;
}

/** The final error handler: explains client errors, hides internal ones behind a reference that the log carries. */
export function answerErrors(opts: ErrorAnswerOptions = {}) {
  const log = opts.log ?? ((line, err) => console.error(line, err));
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const subsystem = subsystemOf(req.originalUrl);
    const status = clientStatus(err);
    if (res.headersSent) {
      // Half an answer is out: nothing can be said any more, the connection is cut so the client sees it.
      log(`${subsystem}: ${req.method} ${clip(req.path)} failed after the answer began`, err);
      req.socket.destroy();
      return;
    }
    // Headers describing the content that failed (a static file's type and range, a CSV's name) would mislabel the JSON.
    for (const name of CONTENT_HEADERS) res.removeHeader(name);
    if (status !== undefined) {
      res.status(status).json({ error: `${subsystem}: ${clientText(err, status, req)}` });
      return;
    }
    const reference = randomBytes(4).toString('hex');
    log(`${subsystem}: internal error ${reference} on ${req.method} ${clip(req.path)}:`, err);
    res.status(500).json({ error: `server: internal error in ${subsystem} (reference ${reference}); the server log has the details` });
  };
}

/** Whether an error is the client's fault (a 4xx from a body parser, the router or static files). */
export function isClientError(err: unknown): boolean {
  return clientStatus(err) !== undefined;
}

/** The 4xx status an error carries (body parser, router, static files), or undefined for a server-side failure. */
function clientStatus(err: unknown): number | undefined {
  const s = (err as { status?: unknown; statusCode?: unknown } | null)?.status ?? (err as { statusCode?: unknown } | null)?.statusCode;
  return typeof s === 'number' && Number.isInteger(s) && s >= 400 && s < 500 ? s : undefined;
}

function clientText(err: unknown, status: number, req: Request): string {
  if (err instanceof URIError) return `the path is not valid percent-encoded UTF-8: ${clip(req.path)}`;
  return bodyErrorText(err) ?? STATUS_TEXT[status] ?? `request refused (HTTP ${status})`;
}

function clip(s: string): string {
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/**
 * Requests Node's HTTP parser refuses before Express sees them (headers over 16 kB, a malformed
 * request line) get the same JSON shape instead of a bare status line.
 */
export function answerClientErrors(http: HttpServer): void {
  http.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    if (err.code === 'ECONNRESET' || !socket.writable) { socket.destroy(); return; }
    const [status, reason, text] = err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large', 'the request line and headers are larger than 16 kB; shorten the URL']
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout', 'the request did not arrive in time']
        : [400, 'Bad Request', 'the request is not valid HTTP/1.1'];
    const body = JSON.stringify({ error: `server: ${text}` });
    socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  });
}
