/**
 * GET /api/map on a real server with the shipped Chongqing tree: the city's districts come with
 * their boundaries, a district's streets and a street's communities get schematic spots that lie
 * inside the district and do not pile up, the same on every read and every start; a street
 * centre reads its street and is refused the city; bad node ids are answered with what is wrong.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { rawGet } from '../support/raw-get.ts';
import { withSession } from '../support/session.ts';
import { loadChongqingSites } from '../../server/sites/chongqing/chongqing-sites.ts';
import type { SiteBoundary } from '../../streams/sites/site-record.ts';
import type { MapAnswer } from '../../streams/sites/city-map.ts';

const SITES = loadChongqingSites();
const CITY = SITES.sites.find((s) => s.level === 'city')!;
const YUZHONG = SITES.sites.find((s) => s.name.zh === '渝中区')!;
const STREET = SITES.sites.find((s) => s.name.zh === '两路口街道' && s.parent === YUZHONG.id)!;

let app: TestApp;
beforeAll(async () => { app = await startTestApp({ sites: SITES }); }, 60_000);
afterAll(async () => { await app?.stop(); });

async function map(node: string): Promise<MapAnswer> {
  const res = await app.get(`/api/map?node=${encodeURIComponent(node)}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as MapAnswer;
}

function contains(boundary: SiteBoundary, lon: number, lat: number): boolean {
  const polygons = boundary.type === 'Polygon' ? [boundary.coordinates] : boundary.coordinates;
  let inside = false;
  for (const ring of polygons.flat()) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i];
      const [xj, yj] = ring[j];
      if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

/** Ground distance in metres (equirectangular; fine within a district). */
const metres = (a: number[], b: number[]) => Math.hypot((a[0] - b[0]) * Math.cos((a[1] * Math.PI) / 180), a[1] - b[1]) * 111_320;
const minSpacing = (points: number[][]) => Math.min(...points.flatMap((p, i) => points.slice(i + 1).map((q) => metres(p, q))));

describe('GET /api/map', () => {
  it('draws the city as its districts, each with its boundary and a label point inside it, small enough for a wall', async () => {
    const res = await app.fetch(`/api/map?node=${CITY.id}`);
    const text = await res.text();
    const city = JSON.parse(text) as MapAnswer;
    expect(city.node).toEqual({ id: CITY.id, level: 'city', name: CITY.name });
    expect(city.outline).toBeNull();
    expect(city.children).toHaveLength(38);
    for (const d of city.children) {
      expect(d.placed, d.id).toBe('boundary');
      expect(d.boundary!.length, d.id).toBeGreaterThan(0);
      expect(contains(SITES.sites.find((s) => s.id === d.id)!.boundary!, d.position[0], d.position[1]), `${d.name.zh} label inside`).toBe(true);
    }
    // Chongqing spans 105°11′–110°11′ E, 28°10′–32°13′ N.
    const [w, s, e, n] = city.bounds;
    expect([w > 105 && w < 105.4, s > 28 && s < 28.3, e > 110 && e < 110.3, n > 32 && n < 32.3]).toEqual([true, true, true, true]);
    // Coordinates are rounded to 5 decimals and the rings simplified for the view.
    expect(text).not.toMatch(/\d\.\d{6,}/);
    expect(text.length).toBeLessThan(200_000);
  });

  it('sends the answer gzipped when asked, and 304 for a copy that is still current', async () => {
    const headers = { cookie: app.session.cookie, 'accept-encoding': 'gzip' };
    const first = await rawGet(new URL(`/api/map?node=${CITY.id}`, app.url), headers);
    expect(first.status).toBe(200);
    expect(first.headers['content-encoding']).toBe('gzip');
    expect(first.body.length).toBeLessThan(60_000);
    const again = await rawGet(new URL(`/api/map?node=${CITY.id}`, app.url), { ...headers, 'if-none-match': String(first.headers.etag) });
    expect(again.status).toBe(304);
  });

  it('places a district\'s streets and a street\'s communities schematically inside the district, spread apart, the same every time', async () => {
    const district = await map(YUZHONG.id);
    expect(district.outline?.of).toBe(YUZHONG.id);
    expect(district.children.length).toBeGreaterThan(5);
    for (const st of district.children) {
      expect(st.placed).toBe('schematic');
      expect(st.boundary).toBeUndefined();
      expect(contains(YUZHONG.boundary!, st.position[0], st.position[1]), `${st.name.zh} inside 渝中区`).toBe(true);
    }
    // 渝中区 is about 23 km²: a dozen streets spread over it are hundreds of metres apart.
    expect(minSpacing(district.children.map((c) => c.position))).toBeGreaterThan(250);

    const street = await map(STREET.id);
    expect(street.outline?.of).toBe(YUZHONG.id);
    expect(street.children.map((c) => c.id).sort()).toEqual(SITES.sites.filter((s) => s.parent === STREET.id).map((s) => s.id).sort());
    const spot = district.children.find((c) => c.id === STREET.id)!.position;
    for (const c of street.children) {
      expect(c.placed).toBe('schematic');
      expect(contains(YUZHONG.boundary!, c.position[0], c.position[1]), `${c.name.zh} inside 渝中区`).toBe(true);
      // Around the street's own spot, so drilling in zooms to where the street was drawn.
      expect(metres(c.position, spot)).toBeLessThan(1500);
    }
    expect(minSpacing(street.children.map((c) => c.position))).toBeGreaterThan(20);
    // The view fits the street's area, not the whole district.
    expect(street.bounds[2] - street.bounds[0]).toBeLessThan((district.bounds[2] - district.bounds[0]) / 2);

    // Deterministic: another server on the same tree puts every place on the same spot.
    const other = await startTestApp({ sites: SITES });
    try {
      const res = await other.get(`/api/map?node=${STREET.id}`);
      expect(res.body.children).toEqual(street.children);
      expect((await other.get(`/api/map?node=${YUZHONG.id}`)).body.children).toEqual(district.children);
    } finally {
      await other.stop();
    }
  }, 60_000);

  it('gives a street centre its street and refuses it the city', async () => {
    const user = await app.userSession({ username: 'street-centre', roles: ['centre_operator'], scopes: [STREET.id] });
    const get = (node: string) => fetch(`${app.url}/api/map?node=${node}`, withSession(user));
    const own = await get(STREET.id);
    expect(own.status).toBe(200);
    expect(((await own.json()) as MapAnswer).children.length).toBeGreaterThan(0);
    const city = await get(CITY.id);
    expect(city.status).toBe(403);
    expect(((await city.json()) as { error: string }).error).toMatch(/outside the scope/);
    expect((await get(YUZHONG.id)).status).toBe(403);
  });

  it.each([
    ['no node', '/api/map', 400, /name a hierarchy node/],
    ['an empty node', '/api/map?node=', 400, /name a hierarchy node/],
    ['node twice', `/api/map?node=${CITY.id}&node=${YUZHONG.id}`, 400, /give node once/],
    ['an unknown node', '/api/map?node=no-such-place', 404, /unknown node "no-such-place"/],
    ['markup as a node', `/api/map?node=${encodeURIComponent('<img src=x onerror=alert(1)>')}`, 404, /unknown node/],
    ['a very long node', `/api/map?node=${'x'.repeat(5000)}`, 404, /unknown node "x{57}\.\.\."/],
  ])('answers %s with %i and what is wrong', async (_what, path, status, message) => {
    const res = await app.get(path);
    expect(res.status).toBe(status);
    expect(res.body.error).toMatch(message);
  });
});

describe('GET /api/map on a tree without geometry', () => {
  it('spreads the places schematically around the city, inside their parents\' areas', async () => {
    const tiny = await startTestApp();
    try {
      const city = (await tiny.get('/api/map?node=cq')).body as MapAnswer;
      expect(city.children.map((c) => [c.id, c.placed])).toEqual([['d-yz', 'schematic']]);
      const street = (await tiny.get('/api/map?node=s-1')).body as MapAnswer;
      expect(street.children.map((c) => c.placed)).toEqual(['schematic', 'schematic']);
      const [w, s, e, n] = street.bounds;
      for (const c of street.children) expect(c.position[0] >= w && c.position[0] <= e && c.position[1] >= s && c.position[1] <= n).toBe(true);
      const leaf = (await tiny.get('/api/map?node=n-a1')).body as MapAnswer;
      expect(leaf.children).toEqual([]);
    } finally {
      await tiny.stop();
    }
  });
});
