/** The server serves a generated twin: its manifest, its files with the right types, and clear 404s. */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoTwin } from '../../twin-models/demo/generate-demo-twin.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

let app: TestApp;
const twinsDir = mkdtempSync(join(tmpdir(), 'twins-'));

beforeAll(async () => {
  await generateDemoTwin({ outDir: join(twinsDir, 'c-eling') });
  app = await startTestApp({ env: { TWINS_DIR: twinsDir } });
}, 120_000);
afterAll(async () => {
  await app?.stop();
  rmSync(twinsDir, { recursive: true, force: true });
});

describe('twin routes', () => {
  it('lists the twins and serves a manifest with the base URL of its files', async () => {
    const list = await app.get('/api/twins');
    expect(list.body.twins).toEqual([expect.objectContaining({ community: 'c-eling', base: '/twins/c-eling/', buildings: 38 })]);
    const m = await app.get('/api/twins/c-eling');
    expect(m.status).toBe(200);
    expect(m.body.community.name.zh).toBe('鹅岭社区');
    expect(m.body.base).toBe('/twins/c-eling/');
    // The server checked the twin's tilesets (every content file there): nothing to report, in the manifest or in health.
    expect(m.body.tilesetProblems).toEqual([]);
    expect((await app.get('/api/health')).body.twins).toEqual({ tilesetProblems: 0, checking: 0 });
  });

  it.each([
    { path: 'buildings/b-1.glb', type: 'model/gltf-binary', magic: 'glTF' },
    { path: 'tiles/photogrammetry/root.b3dm', type: 'application/octet-stream', magic: 'b3dm' },
    { path: 'layers/walkways.geojson', type: 'application/geo+json', magic: '{"ty' },
  ])('serves $path as $type', async ({ path, type, magic }) => {
    const res = await app.fetch(`/twins/c-eling/${path}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain(type);
    expect(Buffer.from(await res.arrayBuffer()).subarray(0, 4).toString('latin1')).toBe(magic);
  });

  it.each([
    { path: '/api/twins/c-nowhere', status: 404, error: /no twin for community "c-nowhere"/ },
    { path: `/api/twins/${encodeURIComponent('<img src=x onerror=alert(1)>')}`, status: 404, error: /no twin for community "<img src=x onerror=alert\(1\)>"/ },
    { path: '/twins/c-eling/buildings/b-999.glb', status: 404, error: /no file/ },
    { path: '/twins/c-eling/..%2f..%2fpackage.json', status: 404, error: /./ },
  ])('$path → $status', async ({ path, status, error }) => {
    const res = await app.fetch(`${path}`);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect((await res.json()).error).toMatch(error);
  });

  it('picks up a regenerated twin without a restart', async () => {
    cpSync(join(twinsDir, 'c-eling'), join(twinsDir, 'c-copy'), { recursive: true });
    const res = await app.get('/api/twins/c-copy');
    expect(res.status).toBe(200);
  });
});
