import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRecordsDb } from '../../server/records/records-db.ts';
import { SitesRegistry } from '../../server/sites/sites-registry.ts';
import { sitesRoutes } from '../../server/sites/sites-routes.ts';
import { smallTree } from './site-fixtures.ts';

let server: Server;
let base: string;
let registry: SitesRegistry;

beforeAll(async () => {
  const tree = smallTree();
  tree[1] = { ...tree[1]!, boundary: { type: 'Polygon', coordinates: [[[106.5, 29.5], [106.6, 29.5], [106.6, 29.6], [106.5, 29.5]]] } };
  registry = SitesRegistry.open(openRecordsDb(':memory:'), { seed: tree });
  const app = express();
  app.use((req, _res, next) => { (req as unknown as { principal: unknown }).principal = { kind: 'user', id: 'u1', name: 'admin', displayName: 'Admin', roles: ['admin'], scopes: [] }; next(); });
  app.use('/api/admin/sites', sitesRoutes(registry));
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/admin/sites`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

async function call(method: string, path: string, body?: unknown, type = 'application/json'): Promise<{ status: number; body: any }> {
  const res = await fetch(`${base}${path}`, { method, headers: body === undefined ? {} : { 'content-type': type }, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

describe('/api/admin/sites', () => {
  it('lists places without boundaries unless asked, under a node, to a depth, by search', async () => {
    const all = await call('GET', '/');
    expect(all.status).toBe(200);
    expect(all.body.revision).toBe(registry.revision);
    expect(all.body.sites).toHaveLength(7);
    const district = all.body.sites.find((s: any) => s.id === '500103');
    expect(district).toMatchObject({ source: 'file', children: 1 });
    expect(district.boundary).toBeUndefined();
    expect((await call('GET', '/?boundary=1')).body.sites.find((s: any) => s.id === '500103').boundary.type).toBe('Polygon');
    expect((await call('GET', '/?under=500103&depth=1')).body.sites.map((s: any) => s.id)).toEqual(['500103', '500103001000']);
    expect((await call('GET', '/?q=lingshi')).body.sites.map((s: any) => s.id)).toEqual(['500103001002']);
    expect((await call('GET', '/?under=nowhere')).status).toBe(404);
    expect((await call('GET', '/?depth=9')).body.error).toMatch(/depth must be a whole number from 0 to 4/);
  });

  it('reads one place with its boundary, children count and path', async () => {
    const one = await call('GET', '/500103001000');
    expect(one.body).toMatchObject({ site: { id: '500103001000', level: 'street' }, children: 2 });
    expect(one.body.path.map((p: any) => p.id)).toEqual(['500000', '500103', '500103001000']);
    expect((await call('GET', '/nope')).body).toEqual({ error: 'sites: no place "nope"' });
  });

  it('creates, changes and removes; hostile names come back as sent', async () => {
    const name = { zh: '<img src=x onerror=alert(1)>', en: "'; DROP TABLE sites; --" };
    const created = await call('POST', '/', { id: 'c-new', level: 'community', parent: '500106001000', code: null, name });
    expect(created.status).toBe(201);
    expect(created.body.site).toMatchObject({ id: 'c-new', name, source: 'admin' });
    expect((await call('GET', '/c-new')).body.site.name).toEqual(name);
    expect(registry.hierarchy().get('c-new')!.name).toEqual(name);
    const bad = await call('POST', '/', { id: 'c-bad', level: 'community', parent: '500106', code: '12', name: { zh: '', en: 'x' } });
    expect(bad.status).toBe(400);
    expect(bad.body.problems).toEqual([expect.stringMatching(/^record 1 \(id "c-bad"\): name\.zh: must not be empty/)]);
    const dup = await call('POST', '/', { id: 'c-new', level: 'community', parent: '500106001000', code: null, name });
    expect(dup.body.problems).toEqual([expect.stringMatching(/id "c-new" already exists/)]);
    // A record read back may be sent back with a change.
    const read = (await call('GET', '/c-new')).body;
    const patched = await call('PATCH', '/c-new', { ...read.site, name: { zh: '新社区', en: 'New' }, expectedRevision: read.revision });
    expect(patched.status).toBe(200);
    expect(patched.body.site.name.zh).toBe('新社区');
    expect((await call('DELETE', `/c-new?expectedRevision=${patched.body.revision}`)).body).toEqual({ revision: patched.body.revision + 1, removed: 'c-new' });
    expect((await call('GET', '/c-new')).status).toBe(404);
  });

  it('answers 409 to a change or removal based on a stale revision, and to a removal something blocks', async () => {
    const stale = registry.revision - 1;
    const patch = await call('PATCH', '/500103001001', { name: { zh: '甲', en: 'A' }, expectedRevision: stale });
    expect(patch.status).toBe(409);
    expect(patch.body.error).toMatch(/the registry changed/);
    expect(patch.body.revision).toBe(registry.revision);
    expect((await call('DELETE', `/500103001001?expectedRevision=${stale}`)).status).toBe(409);
    const blocked = await call('DELETE', '/500103001000');
    expect(blocked.status).toBe(409);
    expect(blocked.body.blockers).toEqual(['it has 2 places below it ("500103001001", "500103001002")']);
    expect((await call('PATCH', '/500103001001', { expectedRevision: 'soon' })).body.error).toMatch(/expectedRevision must be a whole number/);
  });

  it('imports CSV and JSON, naming each bad row and writing nothing then', async () => {
    const before = registry.revision;
    const csv = [
      'id,level,parent,code,name_zh,name_en,twin,urban',
      '500106001001,community,500106001000,500106001001,"童家桥社区","Tongjiaqiao, north",,true',
      '500106001002,community,500106001000,500103001002,错码,Wrong code,,',
      '500106001003,community,500106009000,,无父,No parent,,',
    ].join('\n');
    const bad = await call('POST', '/import', csv, 'text/csv');
    expect(bad.status).toBe(400);
    expect(bad.body.problems).toEqual([
      expect.stringMatching(/^line 3 \(id "500106001002"\): code "500103001002" does not start with "500106001"/),
      'line 4 (id "500106001003"): parent "500106009000" is not in the file or the registry',
    ]);
    expect(registry.revision).toBe(before);
    const good = await call('POST', '/import', csv.split('\n').slice(0, 2).join('\n'), 'text/csv');
    expect(good.body).toEqual({ imported: 1, created: 1, updated: 0, unchanged: 0, removed: 0, revision: before + 1 });
    expect(registry.get('500106001001')!.name.en).toBe('Tongjiaqiao, north');
    const json = await call('POST', '/import?mode=replace-subtree&under=500106001000', { format: 'community-twin-sites/1', sites: [] });
    expect(json.body).toMatchObject({ imported: 0, removed: 1 });
    expect((await call('POST', '/import?mode=sideways', [])).status).toBe(400);
    expect((await call('POST', '/import', 'x', 'application/xml')).status).toBe(415);
  });
});
