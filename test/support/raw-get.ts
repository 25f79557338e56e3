/** GET with exactly the headers given (fetch would add Accept-Encoding and decode): status, headers and the body's bytes as sent. */
import { request } from 'node:http';

export interface RawAnswer { status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }

export function rawGet(url: string | URL, headers: Record<string, string>): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}
