/**
 * One HTTP request sent exactly as written: `fetch` would resolve `../` and re-encode the path,
 * which is what hostile clients do not do.
 */
import { sessionFor } from './session.ts';
import { Agent, request } from 'node:http';

export interface RawAnswer {
  status: number;
  contentType: string;
  text: string;
}

export interface RawRequest {
  method: string;
  /** Sent as is (percent-encoding is the caller's). */
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

const agent = new Agent({ keepAlive: true, maxSockets: 4 });

export function rawRequest(baseUrl: string, r: RawRequest, timeoutMs = 10_000): Promise<RawAnswer> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    // Framed by Content-Length whatever the method: Node sends a HEAD or GET body unframed otherwise.
    // Signed in as the test server's administrator (its session from the jar), as a browser would be.
    const session = sessionFor(baseUrl);
    const signedIn = session ? { cookie: session.cookie, 'x-csrf-token': session.csrf, ...r.headers } : r.headers;
    const headers = r.body === undefined ? signedIn : { ...signedIn, 'content-length': String(Buffer.byteLength(r.body)) };
    const req = request({ host: hostname, port, method: r.method, path: r.path, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`test: ${r.method} ${r.path.slice(0, 80)} got no answer in ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(r.body);
  });
}

/** What an error answer must never show: a stack frame, a source file, the checkout's path. */
export function internalsIn(text: string): string | undefined {
  const checks: [string, RegExp | string][] = [
    ['a stack frame', /\n\s*at \S|\bat (?:\S+ \()?(?:file:\/\/|\/)\S+:\d+/],
    ['a TypeScript source position', /\.ts:\d+/],
    ['a source folder', '/server/'],
    ['node_modules', 'node_modules'],
    ['the checkout path', process.cwd()],
    ['an HTML page', /^\s*</],
  ];
  for (const [what, c] of checks) {
    if (typeof c === 'string' ? text.includes(c) : c.test(text)) return what;
  }
  return undefined;
}
