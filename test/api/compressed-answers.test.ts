/**
 * Answers go compressed (Brotli, else gzip) to a browser that accepts it: the city's hierarchy (the Chongqing tree, the
 * biggest answer a wall loads) shrinks several times and reads back the same, a client that does
 * not ask gets it as is, and small answers are not worth compressing.
 */
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { rawGet } from '../support/raw-get.ts';
import { loadChongqingSites } from '../../server/sites/chongqing/chongqing-sites.ts';

let app: TestApp;
beforeAll(async () => { app = await startTestApp({ sites: loadChongqingSites() }); }, 60_000);
afterAll(async () => { await app?.stop(); });

describe('compressed answers', () => {
  it.each([
    ['gzip, deflate, br', 'br', brotliDecompressSync],
    ['gzip', 'gzip', gunzipSync],
  ] as const)('sends the city hierarchy compressed when the browser accepts %s, a fraction of its size, with the same content', async (accepts, encoding, decode) => {
    const url = new URL('/api/hierarchy', app.url);
    const plain = await rawGet(url, { cookie: app.session.cookie });
    const packed = await rawGet(url, { cookie: app.session.cookie, 'accept-encoding': accepts });
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(packed.status).toBe(200);
    expect(packed.headers['content-encoding']).toBe(encoding);
    expect(packed.headers.vary).toMatch(/accept-encoding/i);
    expect(packed.body.length).toBeLessThan(plain.body.length / 4);
    expect(JSON.parse(decode(packed.body).toString('utf8'))).toEqual(JSON.parse(plain.body.toString('utf8')));
  });

  it('leaves small answers as they are', async () => {
    const health = await rawGet(new URL('/api/health', app.url), { 'accept-encoding': 'gzip' });
    expect(health.status).toBe(200);
    expect(health.body.length).toBeLessThan(1024);
    expect(health.headers['content-encoding']).toBeUndefined();
  });
});
