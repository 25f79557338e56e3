import { describe, expect, it } from 'vitest';
import type { FeatureCollection } from '../../twin-models/manifest/load-twin.ts';
import { devicePosition, distanceM, nearestCameras, videoUrl, type LonLat } from '../../client/console/model/nearest-cameras.ts';

const O: LonLat = [106.55, 29.55];
/** A point `east`, `north` metres from O (small offsets: the local flat-earth figures are within 0.1 %). */
const at = (east: number, north: number): LonLat => [O[0] + east / (111_319.5 * Math.cos((O[1] * Math.PI) / 180)), O[1] + north / 111_194.9];
const point = (id: string, p: LonLat, props: Record<string, unknown> = {}) => ({ type: 'Feature' as const, geometry: { type: 'Point', coordinates: [...p, 300] }, properties: { id, ...props } });

const cameras: FeatureCollection = {
  type: 'FeatureCollection',
  features: [
    point('cam-far', at(400, 0), { name: { zh: '远处', en: 'Far' } }),
    point('cam-30', at(0, 30), { name: { zh: '北门', en: 'North gate' } }),
    point('cam-50', at(-30, -40)),
    point('cam-10', at(6, 8), { name: '车库口' }),
    { type: 'Feature', geometry: { type: 'Polygon', coordinates: [] }, properties: { id: 'broken' } },
  ],
};
const sensors: FeatureCollection = { type: 'FeatureCollection', features: [point('ws-2', at(100, 0))] };
const pipes: FeatureCollection = {
  type: 'FeatureCollection',
  features: [
    { type: 'Feature', geometry: { type: 'LineString', coordinates: [[...at(0, 0)], [...at(10, 0)], [...at(20, 0)]] }, properties: { id: 'seg-1' } },
    point('pn-7', at(0, 200)),
  ],
};
const manifest = {
  buildings: [{ id: 'b-3', footprint: [at(190, 190), at(210, 190), at(210, 210), at(190, 210)] as [number, number][] }],
  devices: [
    { id: 'smk-3-1', measurement: 'alert' as const, neighbourhood: 'n-1', binding: { building: 'b-3', globalId: '0123456789abcdefghijkl' } },
    { id: 'pipe-sensor-7', measurement: 'pipe' as const, neighbourhood: 'n-1', binding: { feature: 'pn-7' } },
  ],
} as unknown as Parameters<typeof devicePosition>[1];

describe('distances', () => {
  it.each([
    [at(0, 0), at(3, 4), 5],
    [at(0, 0), at(0, 1000), 1000],
    [at(-300, 0), at(300, 0), 600],
  ])('%j to %j is %d m (within 0.2 %%: a sphere against the local ellipsoid figures)', (a, b, m) => {
    expect(Math.abs(distanceM(a, b) - m) / m).toBeLessThan(0.002);
  });
});

describe('device position in the twin', () => {
  it.each([
    ['a BIM device: centre of its building footprint', 'smk-3-1', 'building', 'b-3', at(200, 200)],
    ['a device bound to a feature', 'pipe-sensor-7', 'feature', 'pn-7', at(0, 200)],
    ['an unbound device with a feature of its id', 'ws-2', 'feature', 'ws-2', at(100, 0)],
    ['a line feature: its middle vertex', 'seg-1', 'feature', 'seg-1', at(10, 0)],
  ] as const)('%s', (_name, device, source, ref, want) => {
    const p = devicePosition(device, manifest, { cameras, sensors, pipes })!;
    expect(p.source).toBe(source);
    expect(p.ref).toBe(ref);
    expect(distanceM(p.at, want)).toBeLessThan(0.01);
  });

  it('is null for a device the twin does not know', () => {
    expect(devicePosition('nobody', manifest, { cameras, sensors, pipes })).toBeNull();
    expect(devicePosition('smk-3-1', { buildings: [], devices: [] } as unknown as typeof manifest, {})).toBeNull();
  });
});

describe('nearest cameras', () => {
  it('gives the three nearest, nearest first, with distances in metres', () => {
    const near = nearestCameras(O, cameras);
    expect(near.map((c) => c.id)).toEqual(['cam-10', 'cam-30', 'cam-50']);
    expect(near.map((c) => Math.round(c.distanceM))).toEqual([10, 30, 50]);
    expect(near[0].name).toBe('车库口');
    expect(near[1].name).toEqual({ zh: '北门', en: 'North gate' });
    expect(near[2].name).toBeNull();
  });

  it('gives fewer when the twin has fewer, none without a cameras layer', () => {
    expect(nearestCameras(O, cameras, 10)).toHaveLength(4);
    expect(nearestCameras(O, undefined)).toEqual([]);
  });
});

describe('video link template', () => {
  const T = 'https://video.example.cn/live?cam={camera}&c={community}';
  it.each([
    ['no template', null, 'cam-1', null],
    ['an empty template', '', 'cam-1', null],
    ['ids encoded', T, 'cam/1 <x>', 'https://video.example.cn/live?cam=cam%2F1%20%3Cx%3E&c=c-a'],
    ['a camera id in the path, encoded', 'https://v.example/cams/{camera}/live', 'a/../../admin?x#y', 'https://v.example/cams/a%2F..%2F..%2Fadmin%3Fx%23y/live'],
    ['an id of ".." in the path (would walk up)', 'https://v.example/cams/{camera}/live', '..', null],
    ['an id that would move the host', 'https://{camera}.v.example/live', 'evil.example', null],
    ['javascript:', 'javascript:alert({camera})', 'cam-1', null],
    ['data:', 'data:text/html,{camera}', 'cam-1', null],
    ['a relative template', '/video?cam={camera}', 'cam-1', null],
    ['a protocol-relative template', '//evil.example/?cam={camera}', 'cam-1', null],
  ])('%s', (_name, template, camera, want) => {
    expect(videoUrl(template, camera, 'c-a')).toBe(want);
  });
});
