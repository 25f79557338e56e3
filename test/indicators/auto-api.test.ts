/**
 * GET /api/indicators/auto: the shape of the answer, clear errors for a missing, unknown or hostile
 * community and for one without a twin, one failing item not taking the others down, and the
 * short cache.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTO_ASSESSMENTS } from '../../streams/indicators/catalogue.ts';
import { enuToLonLat } from '../../twin-models/manifest/georef.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { meterLine, ORIGIN, writeSmallTwin } from './auto-twin-fixture.ts';

const twinsDir = mkdtempSync(join(tmpdir(), 'auto-api-'));
let app: TestApp;

beforeAll(async () => {
  writeSmallTwin(join(twinsDir, 'c-a'));
  // A twin whose boundary has no area: the density cannot be computed, the rest can.
  writeSmallTwin(join(twinsDir, 'c-flat'), { community: 'c-flat' });
  const p = enuToLonLat(ORIGIN, 10, 10);
  writeFileSync(join(twinsDir, 'c-flat', 'layers', 'boundary.geojson'), JSON.stringify({
    type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Polygon', coordinates: [[p, p, p, p]] }, properties: { id: 'boundary' } }],
  }));
  app = await startTestApp({ env: { TWINS_DIR: twinsDir } });
});
afterAll(async () => {
  await app?.stop();
  rmSync(twinsDir, { recursive: true, force: true });
});

describe('GET /api/indicators/auto', () => {
  it('answers every auto-judged item of a community with a twin', async () => {
    const res = await app.get('/api/indicators/auto?community=c-a');
    expect(res.status).toBe(200);
    expect(res.body.community).toBe('c-a');
    expect(Date.parse(res.body.computedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(res.body.items.map((i: { check: string }) => i.check).sort()).toEqual([...AUTO_ASSESSMENTS].sort());
    expect(res.body.items.map((i: { item: string | null }) => i.item)).toEqual(['12.1', '12.2', null, '11.4', '33.3', '32.6']);
    for (const it of res.body.items) {
      expect(it).toEqual(expect.objectContaining({ name: expect.objectContaining({ zh: expect.any(String), en: expect.any(String) }), unit: expect.any(String), evidence: expect.any(Object) }));
      expect([true, false, null]).toContain(it.met);
      if (it.met === null || it.met === false) expect(it.reason).toEqual(expect.any(String));
    }
  });

  it.each([
    { query: '', status: 400, error: /name a community/ },
    { query: '?community=', status: 400, error: /name a community/ },
    { query: '?community=c-a&community=c-b', status: 400, error: /name a community/ },
    { query: '?community=c-nowhere', status: 404, error: /no twin for community "c-nowhere"/ },
    // c-b is a community of the hierarchy, but has no twin.
    { query: '?community=c-b', status: 404, error: /no twin for community "c-b"/ },
    { query: `?community=${encodeURIComponent('<img src=x onerror=alert(1)>')}`, status: 404, error: /no twin for community "<img src=x onerror=alert\(1\)>"/ },
    { query: `?community=${encodeURIComponent("'; DROP TABLE assessments; --")}`, status: 404, error: /no twin for community "'; DROP TABLE assessments; --"/ },
    { query: `?community=${encodeURIComponent('../../etc')}`, status: 404, error: /no twin for community "..\/..\/etc"/ },
  ])('$query → $status', async ({ query, status, error }) => {
    const res = await app.fetch(`/api/indicators/auto${query}`);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toContain('application/json');
    const body = await res.json();
    expect(body.error).toMatch(/^indicators: /);
    expect(body.error).toMatch(error);
  });

  it('answers an item that cannot be computed with its error, and the others still', async () => {
    const res = await app.get('/api/indicators/auto?community=c-flat');
    expect(res.status).toBe(200);
    const byCheck = Object.fromEntries(res.body.items.map((i: { check: string }) => [i.check, i]));
    expect(byCheck['walkway-density']).toMatchObject({ value: null, met: null, reason: expect.stringMatching(/could not be computed: walkability: the boundary polygon has no area/) });
    expect(byCheck['walk-to-bus']).toMatchObject({ value: 420, met: true });
  });

  it('reuses a result for 10 s rather than recomputing on every request', async () => {
    const first = await app.get('/api/indicators/auto?community=c-a');
    await app.write(meterLine('m-1', Date.now()), 'precision=ms');
    const second = await app.get('/api/indicators/auto?community=c-a');
    expect(second.body.computedAt).toBe(first.body.computedAt);
    const metering = (b: { items: { check: string; evidence: { counted: number } }[] }) => b.items.find((i) => i.check === 'energy-metering')!.evidence.counted;
    expect(metering(second.body)).toBe(metering(first.body));
  });

  it('leaves the people’s assessments and progress as they were', async () => {
    const before = await app.get('/api/indicators/progress?node=c-a');
    await app.get('/api/indicators/auto?community=c-a');
    const assessments = await app.get('/api/indicators/assessments?node=c-a');
    const auto = assessments.body.assessments.filter((a: { item: string }) => ['12.1', '12.2', '11.4', '33.3', '32.6'].includes(a.item));
    expect(auto.every((a: { status: string }) => a.status === 'not_started')).toBe(true);
    expect((await app.get('/api/indicators/progress?node=c-a')).body).toEqual(before.body);
  });
});
