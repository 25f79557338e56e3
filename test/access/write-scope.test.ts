/**
 * A gateway writes only its communities, in each of the ways InfluxDB 1.x clients send credentials;
 * a batch that strays is refused line by line (403 naming the line and the tag), its other lines kept.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { makeCallers, type Callers } from './roles-fixture.ts';

let app: TestApp;
let callers: Callers;
beforeAll(async () => {
  app = await startTestApp();
  callers = await makeCallers(app);
});
afterAll(async () => { await app?.stop(); });

const line = (c: string, n: string, v: number, t: number) => `energy,community=${c},neighbourhood=${n},building=gw-b,meter=m-gw,category=residential load_kw=${v} ${t}`;

async function latest(community: string): Promise<number[]> {
  const r = await app.get(`/api/latest?measurement=energy&community=${community}`);
  return r.status === 200 ? (r.body.series as { tags: { building: string }; v: number }[]).filter((s) => s.tags.building === 'gw-b').map((s) => s.v) : [];
}

describe('gateway writes', () => {
  it('keeps the lines of its communities and refuses the others, naming each line and its tag', async () => {
    const t = Date.now();
    const body = [line('c-a', 'n-a1', 11, t), line('c-b', 'n-b1', 12, t), line('c-a', 'n-a2', 13, t), 'energy,neighbourhood=n-a1,building=x load_kw=1'].join('\n');
    const res = await fetch(`${app.url}/write?precision=ms`, { method: 'POST', headers: { authorization: `Token ${callers.gatewaySecret}` }, body });
    expect(res.status).toBe(403);
    const { error } = await res.json() as { error: string };
    expect(error).toMatch(/^partial write: 2 points written, 2 lines rejected: /);
    expect(error).toContain('line 2: tag community="c-b" is outside the scope of gateway "gw-c-a" (甲社区 (c-a))');
    expect(error).toContain('line 4: it has no community tag, so it is outside the scope of gateway "gw-c-a"');
    expect((await latest('c-a')).sort()).toEqual([11, 13]);
    expect(await latest('c-b')).toEqual([]);
  });

  it('takes the token as ?u=&p=, as Basic auth and as a Bearer token; a wrong one is 401', async () => {
    const t = Date.now();
    const send = (query: string, headers: Record<string, string>, v: number) =>
      fetch(`${app.url}/write?precision=ms${query}`, { method: 'POST', headers, body: line('c-a', 'n-a1', v, t + v) }).then((r) => r.status);
    const basic = `Basic ${Buffer.from(`telegraf:${callers.gatewaySecret}`).toString('base64')}`;
    expect(await send(`&u=telegraf&p=${encodeURIComponent(callers.gatewaySecret)}`, {}, 21)).toBe(204);
    expect(await send('', { authorization: basic }, 22)).toBe(204);
    expect(await send('', { authorization: `Bearer ${callers.gatewaySecret}` }, 23)).toBe(204);
    expect(await send('&u=telegraf&p=not-the-secret', {}, 24)).toBe(401);
    expect(await send('', {}, 25)).toBe(401);
  });

  it('refuses a gateway token on the read API: it may write, not read', async () => {
    const res = await callers.as('gateway', '/api/latest?measurement=energy&community=c-a');
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: string }).error).toMatch(/^access: gateway "gw-c-a" \(gateway\) may not read data/);
  });
});
