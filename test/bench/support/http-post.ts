/** POST over keep-alive connections with node:http (no extra client library on the hot path). */
import { Agent, request } from 'node:http';

export interface PostResult {
  status: number;
  /** Response body when it is not 2xx (the error the server gave), else ''. */
  error: string;
}

/** One keep-alive agent per target, with `connections` sockets at most. */
export function keepAliveAgent(connections: number): Agent {
  return new Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
}

/** `headers`: the writer's credentials (a gateway token, or a session cookie and CSRF token). */
export function post(agent: Agent, url: URL, body: Buffer, headers: Record<string, string> = {}, timeoutMs = 60_000): Promise<PostResult> {
  return new Promise((resolve, reject) => {
    const req = request({
      agent, host: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, method: 'POST',
      headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': body.length },
      timeout: timeoutMs,
    }, (res) => {
      const ok = res.statusCode !== undefined && res.statusCode >= 200 && res.statusCode < 300;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => { if (!ok) chunks.push(c); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, error: ok ? '' : Buffer.concat(chunks).toString('utf8').slice(0, 300) }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`bench: POST ${url.pathname} got no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}
