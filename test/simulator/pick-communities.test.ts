import { describe, expect, it } from 'vitest';
import { pickCommunities, placeOf } from '../../streams/simulator/pick-communities.ts';
import type { SiteRecord } from '../../streams/sites/site-record.ts';
import { FIXTURE_SITES } from './fixture-sites.ts';

const byId = new Map(FIXTURE_SITES.map((s) => [s.id, s]));
const urban = FIXTURE_SITES.filter((s) => s.level === 'community' && s.urban === true);
const streetOf = (c: SiteRecord) => c.parent!;
const districtOf = (c: SiteRecord) => byId.get(c.parent!)!.parent!;
const ids = (cs: SiteRecord[]) => cs.map((c) => c.id);

describe('pickCommunities (SIM_COMMUNITIES=N)', () => {
  it('picks only the demo community for N = 1', () => {
    expect(ids(pickCommunities(FIXTURE_SITES, 1, 7))).toEqual(['c-eling']);
  });

  it('puts the demo first and picks N distinct urban 社区, never a village', () => {
    for (const n of [2, 5, 12, urban.length]) {
      const picks = pickCommunities(FIXTURE_SITES, n, 3);
      expect(picks).toHaveLength(n);
      expect(picks[0].id).toBe('c-eling');
      expect(new Set(ids(picks)).size).toBe(n);
      for (const c of picks) expect(c.level === 'community' && c.urban === true).toBe(true);
    }
  });

  it('fills the demo street first, then its district, then other districts, whole streets at a time', () => {
    const demoStreet = urban.filter((c) => c.parent === '500103004000').length;
    const inDistrict = urban.filter((c) => districtOf(c) === '500103').length;
    for (const seed of [1, 2, 3, 4, 5]) {
      const picks = pickCommunities(FIXTURE_SITES, inDistrict + 2, seed);
      expect(picks.slice(0, demoStreet).every((c) => c.parent === '500103004000')).toBe(true);
      expect(picks.slice(0, inDistrict).every((c) => districtOf(c) === '500103')).toBe(true);
      expect(picks.slice(inDistrict).every((c) => districtOf(c) !== '500103')).toBe(true);
      // A street, once started, is taken whole before the next one opens.
      const streets = picks.map(streetOf);
      const order = [...new Set(streets)];
      expect(streets).toEqual([...streets].sort((a, b) => order.indexOf(a) - order.indexOf(b)));
    }
    // More than the demo street holds: the picks span two or more streets.
    expect(new Set(pickCommunities(FIXTURE_SITES, demoStreet + 1, 9).map(streetOf)).size).toBeGreaterThanOrEqual(2);
  });

  it('is deterministic from the seed, and the seed changes the picks', () => {
    expect(ids(pickCommunities(FIXTURE_SITES, 9, 42))).toEqual(ids(pickCommunities(FIXTURE_SITES, 9, 42)));
    const variants = new Set([1, 2, 3, 4, 5, 6, 7, 8].map((seed) => ids(pickCommunities(FIXTURE_SITES, 9, seed)).join()));
    expect(variants.size).toBeGreaterThan(1);
  });

  it('says how many urban communities there are when asked for more, and names a missing demo', () => {
    expect(() => pickCommunities(FIXTURE_SITES, urban.length + 1, 1)).toThrow(new RegExp(`only ${urban.length} urban communities`));
    expect(() => pickCommunities(FIXTURE_SITES.filter((s) => s.id !== 'c-eling'), 2, 1)).toThrow(/"c-eling"/);
    expect(() => pickCommunities(FIXTURE_SITES, 0, 1)).toThrow(/positive integer, got 0/);
  });

  it('places a community under its street, district and city, naming a broken link', () => {
    const place = placeOf(FIXTURE_SITES, 'c-eling');
    expect([place.street.id, place.district.id, place.city.id]).toEqual(['500103004000', '500103', '500000']);
    const orphan = [...FIXTURE_SITES.filter((s) => s.id !== '500105001000')];
    expect(() => placeOf(orphan, '500105001001')).toThrow(/community "500105001001" needs a street/);
  });
});
