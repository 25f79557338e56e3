/**
 * The decoder of ECharts' compressed map geometry the Chongqing generator uses: a hand-encoded
 * polygon decodes to the positions it was built from, agrees with echarts' own decoder, and comes
 * out as clean RFC 7946 geometry; district matching fails naming what does not reconcile.
 */
import { describe, expect, it } from 'vitest';
import { parseGeoJSON } from 'echarts';
import { decodeEchartsGeometry, decodeEchartsRing, signedArea, type EchartsGeometry } from '../../server/sites/chongqing/echarts-geometry.ts';
import { districtBoundaries, type DistrictFeature } from '../../server/sites/chongqing/district-boundaries.ts';

/** Quantized (lon, lat) = (102400, 30720) / 1024 = (100°, 30°). */
const ORIGIN = [102400, 30720];
/**
 * Deltas (0,0) (+3,0) (-3,+2) (0,-2), each code unit 64 + zigzag(d): zigzag 0→0 '@', 3→6 'F',
 * -3→5 'E', 2→4 'D', -2→3 'C'. A counter-clockwise triangle, closed.
 */
const TRIANGLE = '@@F@ED@C';
const q = (units: number) => units / 1024;

function echartsDecode(geometry: EchartsGeometry): number[][][] {
  const json = { type: 'FeatureCollection', UTF8Encoding: true, features: [{ type: 'Feature', properties: { name: 't' }, geometry: structuredClone(geometry) }] };
  const [region] = parseGeoJSON(json as never, 'name');
  return region.geometries.map((g) => (g as { exterior: number[][] }).exterior);
}

/** A random ring of `n` steps encoded the way echarts encodes it. */
function encodeRandomRing(n: number, seed: number): { encoded: string; points: number[][] } {
  let s = seed;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const zig = (d: number) => String.fromCharCode(64 + ((d << 1) ^ (d >> 31)));
  let [x, y] = ORIGIN;
  let encoded = '@@';
  const points = [[q(x), q(y)]];
  for (let i = 0; i < n; i++) {
    const dx = Math.round((rand() - 0.5) * 400);
    const dy = Math.round((rand() - 0.5) * 400);
    x += dx;
    y += dy;
    encoded += zig(dx) + zig(dy);
    points.push([q(x), q(y)]);
  }
  return { encoded, points };
}

describe('ECharts compressed geometry', () => {
  it('decodes a hand-encoded ring to the positions it was built from', () => {
    expect(decodeEchartsRing(TRIANGLE, ORIGIN)).toEqual([[100, 30], [100 + q(3), 30], [100, 30 + q(2)], [100, 30]]);
  });

  it('agrees with echarts\' own decoder, including large and negative steps', () => {
    const { encoded, points } = encodeRandomRing(200, 7);
    expect(decodeEchartsRing(encoded, ORIGIN)).toEqual(points);
    expect(echartsDecode({ type: 'Polygon', coordinates: [encoded], encodeOffsets: [ORIGIN] })).toEqual([points]);
    const multi: EchartsGeometry = { type: 'MultiPolygon', coordinates: [[TRIANGLE], [encoded]], encodeOffsets: [[ORIGIN], [ORIGIN]] };
    expect(echartsDecode(multi)).toEqual([decodeEchartsRing(TRIANGLE, ORIGIN), points]);
  });

  it('gives an RFC 7946 polygon: rounded to 4 decimals, closed, exterior counter-clockwise', () => {
    const open = '@@F@ED'; // the triangle without its closing step
    const boundary = decodeEchartsGeometry({ type: 'Polygon', coordinates: [open], encodeOffsets: [ORIGIN] });
    expect(boundary).toEqual({ type: 'Polygon', coordinates: [[[100, 30], [100.0029, 30], [100, 30.002], [100, 30]]] });

    const clockwise = '@@@DF@'; // (0,0) → (0,+2) → (+3,+2): the other way round
    const ring = (decodeEchartsGeometry({ type: 'Polygon', coordinates: [clockwise], encodeOffsets: [ORIGIN] }).coordinates as number[][][])[0];
    expect(signedArea(ring)).toBeGreaterThan(0);
    expect(ring[0]).toEqual(ring[ring.length - 1]);
  });

  it('drops sliver rings and returns a Polygon when one polygon is left of a MultiPolygon', () => {
    const boundary = decodeEchartsGeometry({
      type: 'MultiPolygon', coordinates: [[TRIANGLE], ['@@@@@@'], ['@@BA']], encodeOffsets: [[ORIGIN], [ORIGIN], [ORIGIN]],
    });
    expect(boundary.type).toBe('Polygon');
    expect(boundary.coordinates).toHaveLength(1);
  });

  it('refuses a malformed ring or a geometry with nothing left, saying why', () => {
    expect(() => decodeEchartsRing('@@F', ORIGIN)).toThrow(/odd number/);
    expect(() => decodeEchartsRing(TRIANGLE, [1])).toThrow(/encodeOffsets/);
    expect(() => decodeEchartsGeometry({ type: 'Polygon', coordinates: ['@@@@'], encodeOffsets: [ORIGIN] })).toThrow(/no ring/);
  });
});

describe('district boundary matching', () => {
  const feature = (id: string, name: string): DistrictFeature => ({ id, properties: { name }, geometry: { type: 'Polygon', coordinates: [TRIANGLE], encodeOffsets: [ORIGIN] } });

  it('matches a county that became a district by its name stem and reports it', () => {
    const { boundaries, reconciliations } = districtBoundaries(
      [{ code: '500103', name: '渝中区' }, { code: '500155', name: '梁平区' }],
      [feature('500103', '渝中区'), feature('500228', '梁平县')],
    );
    expect([...boundaries.keys()].sort()).toEqual(['500103', '500155']);
    expect(reconciliations).toEqual([{ district: { code: '500155', name: '梁平区' }, feature: { code: '500228', name: '梁平县' } }]);
  });

  it('fails naming the district without a boundary and the feature left over', () => {
    expect(() => districtBoundaries([{ code: '500103', name: '渝中区' }, { code: '500156', name: '武隆区' }], [feature('500103', '渝中区'), feature('500999', '某某县')]))
      .toThrow(/武隆区 \(500156\) has no boundary[\s\S]*某某县 \(500999\) matches no district/);
  });
});
