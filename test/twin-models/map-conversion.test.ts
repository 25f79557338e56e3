import { describe, expect, it } from 'vitest';
import { cgcs2000GaussKruger, mapConversionFor, projectTransverseMercator } from '../../twin-models/demo/ifc/map-conversion.ts';

/**
 * Independent oracle: Snyder's transverse Mercator series (USGS Professional Paper 1395, eq. 8-9/8-10),
 * a different expansion from the Krüger series in the module, on the CGCS2000 ellipsoid.
 */
function snyder(lon: number, lat: number, centralMeridian: number, falseEasting: number) {
  const a = 6378137;
  const f = 1 / 298.257222101;
  const e2 = f * (2 - f);
  const ep2 = e2 / (1 - e2);
  const phi = (lat * Math.PI) / 180;
  const n = a / Math.sqrt(1 - e2 * Math.sin(phi) ** 2);
  const t = Math.tan(phi) ** 2;
  const c = ep2 * Math.cos(phi) ** 2;
  const A = (((lon - centralMeridian) * Math.PI) / 180) * Math.cos(phi);
  const m = a * ((1 - e2 / 4 - (3 * e2 ** 2) / 64 - (5 * e2 ** 3) / 256) * phi
    - ((3 * e2) / 8 + (3 * e2 ** 2) / 32 + (45 * e2 ** 3) / 1024) * Math.sin(2 * phi)
    + ((15 * e2 ** 2) / 256 + (45 * e2 ** 3) / 1024) * Math.sin(4 * phi)
    - ((35 * e2 ** 3) / 3072) * Math.sin(6 * phi));
  const x = n * (A + ((1 - t + c) * A ** 3) / 6 + ((5 - 18 * t + t * t + 72 * c - 58 * ep2) * A ** 5) / 120);
  const y = m + n * Math.tan(phi) * ((A * A) / 2 + ((5 - t + 9 * c + 4 * c * c) * A ** 4) / 24 + ((61 - 58 * t + t * t + 600 * c - 330 * ep2) * A ** 6) / 720);
  return { e: falseEasting + x, n: y };
}

describe('cgcs2000GaussKruger', () => {
  it.each([
    ['EPSG:4545', 108, 500_000], // Chongqing's main urban area, CM 108°E
    ['EPSG:4544', 105, 500_000],
    ['EPSG:4547', 114, 500_000],
    ['EPSG:4524', 108, 36_500_000], // zone 36 carries its zone number in the easting
    ['epsg:4513', 75, 25_500_000],
  ])('%s → CM %d°E, false easting %d m', (crs, cm, fe) => {
    expect(cgcs2000GaussKruger(crs)).toEqual({ centralMeridianDeg: cm, falseEastingM: fe, scaleFactor: 1 });
  });

  it.each(['EPSG:4326', 'EPSG:32648', 'Local ENU, demo community origin', ''])('%j is not a CGCS2000 3-degree grid', (crs) => {
    expect(cgcs2000GaussKruger(crs)).toBeNull();
  });
});

describe('projectTransverseMercator', () => {
  const cm108 = { centralMeridianDeg: 108, falseEastingM: 500_000, scaleFactor: 1 };

  it.each([
    [106.55, 29.56], [108, 29.56], [109.4, 31], [106.5, 28.2], [107.2, 32.1],
  ])('agrees with Snyder’s series to 1 mm at %d°E %d°N', (lon, lat) => {
    const got = projectTransverseMercator(cm108, lon, lat);
    const want = snyder(lon, lat, 108, 500_000);
    expect(Math.abs(got.e - want.e)).toBeLessThan(1e-3);
    expect(Math.abs(got.n - want.n)).toBeLessThan(1e-3);
  });

  it('gives the GRS80 quarter meridian (10 001 965.729 m) at the pole and the false easting on the central meridian', () => {
    const pole = projectTransverseMercator(cm108, 108, 90);
    expect(pole.n).toBeCloseTo(10_001_965.729, 2);
    expect(pole.e).toBeCloseTo(500_000, 6);
  });
});

describe('mapConversionFor', () => {
  it('for a point west of the central meridian, turns local east clockwise on the grid and scales up slightly', () => {
    const m = mapConversionFor('EPSG:4545', 106.55, 29.56, 250);
    expect(m.eastings).toBeLessThan(500_000);
    // Meridian convergence ≈ Δλ·sin φ = -1.45° × sin 29.56° ≈ -0.716°.
    expect((Math.atan2(m.xAxisOrdinate, m.xAxisAbscissa) * 180) / Math.PI).toBeCloseTo(-1.45 * Math.sin((29.56 * Math.PI) / 180), 2);
    expect(Math.hypot(m.xAxisAbscissa, m.xAxisOrdinate)).toBeCloseTo(1, 12);
    // Point scale k ≈ 1 + Δx² / (2R²) for a Gauss–Krüger grid with k0 = 1.
    expect(m.scale).toBeCloseTo(1 + (500_000 - m.eastings) ** 2 / (2 * 6_371_000 ** 2), 6);
    expect(m.orthogonalHeight).toBe(250);
  });

  it('leaves a local frame unprojected: origin at 0/0, axes aligned, no scale', () => {
    expect(mapConversionFor('Local ENU', 106.55, 29.56, 250)).toEqual({
      eastings: 0, northings: 0, orthogonalHeight: 250, xAxisAbscissa: 1, xAxisOrdinate: 0, scale: 1,
    });
  });
});
