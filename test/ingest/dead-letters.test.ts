/**
 * Nothing /write refuses is lost silently: each refused line is kept in DATA_DIR/dead-letters with
 * its sender, reason, line number and text, counted in /api/health, listed to administrators, and
 * can be replayed through the ingest path after a fix; a letter accepted is not replayed twice.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';

interface Letter { id: number; at: number; source: { kind: string; id: string; name: string; address: string }; reason: string; message: string; line: number | null; raw: string; precision: string }
interface Listing { stats: { kept: number; dropped: number; refused: number; replayed: number; byReason: Record<string, number> }; sources: { key: string; name: string; lines: number; byReason: Record<string, number> }[]; matching: number; letters: Letter[] }

/** The validator refuses timestamps more than this far ahead; lines just past it become fine as time passes. */
const MAX_FUTURE_MS = 1500;

let app: TestApp;
let gateway: { id: string; secret: string };
beforeAll(async () => {
  app = await startTestApp({ config: { maxFutureMs: MAX_FUTURE_MS, maxBodyBytes: 4096 } });
  const res = await app.fetch('/api/admin/tokens', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'gateway', name: 'gw-甲', scopes: ['c-a'] }) });
  const made = await res.json() as { token: { id: string }; secret: string };
  gateway = { id: made.token.id, secret: made.secret };
});
afterAll(async () => { await app?.stop(); });

const energy = (c: string, n: string, v: number, t: number) => `energy,community=${c},neighbourhood=${n},building=dl,meter=m-dl,category=residential load_kw=${v} ${t}`;
const asGateway = (body: string, query = 'precision=ms', secret = gateway.secret) =>
  fetch(`${app.url}/write?${query}`, { method: 'POST', headers: { authorization: `Token ${secret}` }, body });
const listing = async (query = ''): Promise<Listing> => {
  const r = await app.get(`/api/admin/dead-letters${query ? `?${query}` : ''}`);
  expect(r.status).toBe(200);
  return r.body as Listing;
};
const replay = async (body: unknown) => {
  const res = await app.fetch('/api/admin/dead-letters/replay', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() as { accepted: number; refused: number; skipped: number; selected: number; remaining: number; errors: string[]; error?: string } };
};
const storedLoads = async (building: string) => {
  const r = await app.get(`/api/latest?measurement=energy&community=c-a`);
  return (r.body.series as { tags: { building: string }; v: number }[]).filter((s) => s.tags.building === building).map((s) => s.v);
};

describe('dead letters', () => {
  it('keeps every refused line with its sender, reason, line number and text, and counts it in health', async () => {
    const t = Date.now();
    const body = [
      energy('c-a', 'n-a1', 1, t),
      'energy,community=c-a load_kw=', // does not parse
      energy('c-b', 'n-b1', 2, t), // outside the gateway's scope
      `energy,community=c-a,neighbourhood=n-a1,building=dl,meter=m-dl,category=residential load_kw=3 ${t + 3_600_000}`, // an hour ahead
    ].join('\n');
    const res = await asGateway(body);
    expect(res.status).toBe(403);
    expect((await res.json() as { error: string }).error).toMatch(/^partial write: 1 points written, 3 lines rejected/);

    const l = await listing(`source=gateway:${gateway.id}`);
    expect(l.matching).toBe(3);
    const byLine = [...l.letters].sort((a, b) => a.line! - b.line!);
    expect(byLine.map((x) => [x.line, x.reason])).toEqual([[2, 'parse'], [3, 'scope'], [4, 'invalid']]);
    expect(byLine[0].raw).toBe('energy,community=c-a load_kw=');
    expect(byLine[1].raw).toBe(energy('c-b', 'n-b1', 2, t));
    expect(byLine[1].message).toContain('tag community="c-b" is outside the scope of gateway "gw-甲"');
    expect(byLine[2].message).toMatch(/ahead of the server clock/);
    for (const x of byLine) expect(x.source).toMatchObject({ kind: 'gateway', id: gateway.id, name: 'gw-甲', address: expect.stringMatching(/127\.0\.0\.1/) });
    expect(l.sources.find((s) => s.key === `gateway:${gateway.id}`)).toMatchObject({ lines: 3, byReason: { parse: 1, scope: 1, invalid: 1, oversize: 0 } });

    // One JSON line per refused line, readable on its own.
    const file = readFileSync(join(app.dataDir, 'dead-letters', 'dead-letters.jsonl'), 'utf8').trim().split('\n').map((s) => JSON.parse(s) as Record<string, unknown>);
    expect(file.filter((r) => (r.source as { id: string }).id === gateway.id)).toHaveLength(3);
    expect(file[0]).toMatchObject({ reason: 'parse', line: 2, raw: 'energy,community=c-a load_kw=', precision: 'ms', at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });

    // Health is public: totals for anyone, the counts per sender for administrators only.
    const anon = await (await fetch(`${app.url}/api/health`)).json() as { deadLetters: { refused: number; sources?: unknown } };
    expect(anon.deadLetters.refused).toBeGreaterThanOrEqual(3);
    expect(anon.deadLetters.sources).toBeUndefined();
    const admin = (await app.get('/api/health')).body as { deadLetters: { sources: { key: string; lines: number }[] } };
    expect(admin.deadLetters.sources.find((s) => s.key === `gateway:${gateway.id}`)?.lines).toBe(3);
  });

  it('counts an oversize body against its sender, though its lines never arrived', async () => {
    const res = await asGateway(energy('c-a', 'n-a1', 9, Date.now()).padEnd(5000, ' '));
    expect(res.status).toBe(413);
    const l = await listing('reason=oversize');
    expect(l.letters[0]).toMatchObject({ reason: 'oversize', line: null, raw: '', source: { id: gateway.id } });
    expect(l.letters[0].message).toMatch(/larger than the limit of 4096 bytes/);
  });

  it('replays letters after the fix: accepted ones are stored once and removed, the others stay with their reason', async () => {
    const ahead = Date.now() + MAX_FUTURE_MS + 1000;
    const res = await asGateway([
      `energy,community=c-a,neighbourhood=n-a1,building=dl-replay,meter=m-r,category=residential load_kw=42 ${ahead}`,
      'energy,community=c-a,neighbourhood=n-a1,building=dl-replay bad line',
    ].join('\n'));
    expect(res.status).toBe(400);
    const mine = (await listing(`source=gateway:${gateway.id}`)).letters.filter((x) => x.raw.includes('dl-replay'));
    expect(mine).toHaveLength(2);

    // The device clock ran ahead; a second later the line is within the bound.
    await new Promise((r) => setTimeout(r, Math.max(0, ahead - MAX_FUTURE_MS - Date.now()) + 200));
    const first = await replay({ ids: mine.map((x) => x.id) });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ selected: 2, accepted: 1, refused: 1, skipped: 0 });
    expect(first.body.errors[0]).toMatch(/^dead letter \d+: unable to parse/);
    expect(await storedLoads('dl-replay')).toEqual([42]);

    // The same request again: the accepted letter is gone, only the bad line is tried.
    const second = await replay({ ids: mine.map((x) => x.id) });
    expect(second.body).toMatchObject({ selected: 1, accepted: 0, refused: 1 });
    const left = (await listing(`source=gateway:${gateway.id}`)).letters.filter((x) => x.raw.includes('dl-replay'));
    expect(left.map((x) => x.reason)).toEqual(['parse']);
    const stored = await app.store.query({ series: app.catalog.find({ measurement: 'energy', tags: { building: 'dl-replay' } }), from: ahead - 1, to: ahead + 1, windowMs: 0, agg: 'last' });
    expect(stored.series.reduce((n, s) => n + s.v.length, 0)).toBe(1);
  });

  it('replays a community\'s lines once it is in the sites tree, at the time they first arrived', async () => {
    // A street's gateway reports a community the tree does not hold yet: outside its scope.
    const res = await app.fetch('/api/admin/tokens', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'gateway', name: 'gw-街道', scopes: ['s-1'] }) });
    const street = await res.json() as { token: { id: string }; secret: string };
    const line = 'energy,community=c-new,neighbourhood=n-new,building=dl-new,meter=m-n,category=residential load_kw=7';
    expect((await asGateway(line, '', street.secret)).status).toBe(403);
    const [letter] = (await listing(`source=gateway:${street.token.id}`)).letters;
    expect(letter).toMatchObject({ reason: 'scope', raw: line });

    const site = await app.fetch('/api/admin/sites', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: 'c-new', level: 'community', parent: 's-1', code: null, name: { zh: '新社区', en: 'New community' } }) });
    expect(site.status).toBe(201);
    await new Promise((r) => setTimeout(r, 20)); // so the replay's clock differs from the letter's
    expect((await replay({ all: true, source: `gateway:${street.token.id}` })).body).toMatchObject({ selected: 1, accepted: 1, refused: 0 });
    const latest = (await app.get('/api/latest?measurement=energy&community=c-new')).body as { series: { t: number; v: number }[] };
    expect(latest.series).toEqual([expect.objectContaining({ t: letter.at, v: 7 })]);
  });

  it('keeps the letters of a sender that may no longer write, and says why', async () => {
    const res = await app.fetch('/api/admin/tokens', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'gateway', name: 'gw-old', scopes: ['c-a'] }) });
    const old = await res.json() as { token: { id: string }; secret: string };
    expect((await asGateway(energy('c-b', 'n-b1', 5, Date.now()), 'precision=ms', old.secret)).status).toBe(403);
    expect((await app.fetch(`/api/admin/tokens/${old.token.id}`, { method: 'DELETE' })).status).toBeLessThan(300);
    const r = await replay({ all: true, source: `gateway:${old.token.id}` });
    expect(r.body).toMatchObject({ selected: 1, accepted: 0, refused: 1 });
    expect(r.body.errors[0]).toMatch(/gateway "gw-old" no longer exists or may no longer write/);
    expect((await listing(`source=gateway:${old.token.id}`)).matching).toBe(1);
  });

  it('refuses a replay that does not say which letters, naming what is wrong', async () => {
    expect((await replay({})).body.error).toMatch(/say which letters: "ids": \[\.\.\.\], or "all": true/);
    expect((await replay({ ids: ['x'] })).body.error).toMatch(/"ids" must be a list of 1 to/);
    expect((await replay({ all: true, reason: 'nope' })).body.error).toMatch(/reason "nope" is not one of parse, invalid, scope, oversize/);
    expect((await app.get('/api/admin/dead-letters?limit=0')).status).toBe(400);
  });
});

describe('dead letters, line by line', () => {
  it('keeps a refused line exactly as sent: a line break inside its quoted string, a carriage return at its end', async () => {
    const t = Date.now();
    const note = `alert,community=c-b,neighbourhood=n-b1,type=smoke,severity=major,device=sd-ml message="一号楼\n三层",location="x" ${t}`;
    const crlf = `${energy('c-a', 'n-a1', 4, t)}\r`;
    // A gateway of its own, so the other tests' counts of the first one stay theirs.
    const made = await (await app.fetch('/api/admin/tokens', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'gateway', name: 'gw-乙', scopes: ['c-a'] }) })).json() as { token: { id: string }; secret: string };
    const res = await asGateway([energy('c-a', 'n-a1', 5, t), note, crlf].join('\n'), 'precision=ms', made.secret);
    expect(res.status).toBe(403);
    const l = await listing(`source=gateway:${made.token.id}`);
    const kept = l.letters.filter((x) => x.raw === note || x.raw === crlf).sort((a, b) => a.line! - b.line!);
    // The quoted line break does not end the line: the third line starts on body line 4.
    expect(kept.map((x) => [x.line, x.reason, x.raw])).toEqual([[2, 'scope', note], [4, 'parse', crlf]]);
  });
});
