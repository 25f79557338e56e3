import { describe, expect, it } from 'vitest';
import { generateCommunity, syntheticPlaces } from '../../streams/simulator/community-generator.ts';
import { validateCommunity, type CommunityConfig } from '../../streams/simulator/community-config.ts';
import { placeOf } from '../../streams/simulator/pick-communities.ts';
import { seriesOf } from '../../streams/simulator/series.ts';
import { ALERT_KINDS } from '../../streams/simulator/alert-device.ts';
import { FAMILY_DESCRIPTORS, PIPE_NETWORKS, WASTE_CATEGORIES } from '../../streams/families/index.ts';
import { DEMO_COMMUNITY } from '../../twin-models/demo/demo-community.ts';
import { FIXTURE_SITES } from './fixture-sites.ts';

const realPlaces = FIXTURE_SITES.filter((s) => s.level === 'community' && s.id !== 'c-eling').map((c) => placeOf(FIXTURE_SITES, c.id));
const sample: CommunityConfig[] = [...realPlaces.slice(0, 12), ...syntheticPlaces(8)].map((p) => generateCommunity(p, 1));
const households = (c: CommunityConfig) => c.buildings.reduce((n, b) => n + b.households, 0);
const spaces = (c: CommunityConfig) => c.parkingLots.reduce((n, l) => n + l.capacity, 0);

describe('generateCommunity', () => {
  it('places the community where the sites tree has it, its neighbourhoods named after its id', () => {
    const place = placeOf(FIXTURE_SITES, '500103001002');
    const c = generateCommunity(place, 3);
    expect(c.id).toBe('500103001002');
    expect(c.name).toEqual({ zh: '通远门社区', en: 'Tongyuanmen Community' });
    expect([c.street.id, c.district.id, c.city.id]).toEqual(['500103001000', '500103', '500000']);
    expect(c.street.name.zh).toBe('七星岗街道');
    expect(c.neighbourhoods.map((n) => n.id)).toEqual(c.neighbourhoods.map((_, i) => `500103001002-n${i + 1}`));
  });

  it('gives valid configs: every device in a neighbourhood of its own, ids unique', () => {
    for (const c of sample) expect(validateCommunity(c)).toEqual([]);
  });

  it('is deterministic from the seed and the community, and the seed changes it', () => {
    const place = realPlaces[4];
    expect(generateCommunity(place, 11)).toEqual(generateCommunity(place, 11));
    expect(generateCommunity(place, 11)).not.toEqual(generateCommunity(place, 12));
    // Two communities under the same seed differ.
    expect(generateCommunity(realPlaces[0], 11).buildings).not.toEqual(generateCommunity(realPlaces[1], 11).buildings);
  });

  it('varies from community to community and copies nothing of the demo', () => {
    const demoNames = new Set(DEMO_COMMUNITY.neighbourhoods.map((n) => n.name.zh));
    expect(new Set(sample.map((c) => c.neighbourhoods.length)).size).toBeGreaterThan(2);
    expect(new Set(sample.map((c) => c.buildings.length)).size).toBeGreaterThan(10);
    expect(new Set(sample.map(households)).size).toBe(sample.length);
    for (const c of sample) {
      expect(c.neighbourhoods.length).toBeGreaterThanOrEqual(2);
      expect(c.neighbourhoods.length).toBeLessThanOrEqual(6);
      for (const n of c.neighbourhoods) {
        expect(demoNames.has(n.name.zh)).toBe(false);
        expect(n.name.zh).toMatch(/(花园|小区|苑|新村|家园|名都|雅居|华府|佳园|宿舍|期)$/);
        expect(n.name.en).toMatch(/^[A-Za-z0-9' ]+$/);
      }
      expect(new Set(c.neighbourhoods.map((n) => n.name.zh)).size).toBe(c.neighbourhoods.length);
    }
  });

  it('is plausible: 800–12,000 households, 0.2–1.5 parking spaces each, realistic buildings', () => {
    for (const c of sample) {
      const hh = households(c);
      expect(hh, c.id).toBeGreaterThanOrEqual(800);
      expect(hh, c.id).toBeLessThanOrEqual(12_000);
      expect(spaces(c) / hh, c.id).toBeGreaterThanOrEqual(0.2);
      expect(spaces(c) / hh, c.id).toBeLessThanOrEqual(1.5);
      for (const b of c.buildings) {
        if (b.category === 'residential') {
          expect(b.households).toBeGreaterThanOrEqual(20);
          expect(b.households).toBeLessThanOrEqual(300);
          // 55–135 m² of floor per household.
          expect(b.floorAreaM2 / b.households).toBeGreaterThan(55);
          expect(b.floorAreaM2 / b.households).toBeLessThan(135);
        } else {
          expect(b.households).toBe(0);
        }
      }
      const facilities = c.buildings.filter((b) => b.category !== 'residential');
      expect(facilities.length).toBeGreaterThanOrEqual(3);
      expect(facilities.some((b) => b.category === 'public_service')).toBe(true);
      for (const l of c.parkingLots) expect(l.capacity).toBeLessThanOrEqual(800);
    }
  });

  it('gives every family devices: every network, every alert kind, every waste category', () => {
    const periodic = FAMILY_DESCRIPTORS.filter((d) => d.kind === 'telemetry').map((d) => d.measurement);
    expect(periodic.length).toBeGreaterThan(5);
    for (const c of sample) {
      const measured = new Set(seriesOf(c).map((s) => s.measurement));
      for (const m of periodic) expect(measured.has(m), `${c.id}: ${m}`).toBe(true);
      for (const network of PIPE_NETWORKS) expect(c.pipeSensors.some((p) => p.network === network), `${c.id}: ${network}`).toBe(true);
      for (const kind of Object.keys(ALERT_KINDS)) expect(c.alertDevices.some((a) => a.kind === kind), `${c.id}: ${kind}`).toBe(true);
      for (const cat of WASTE_CATEGORIES) expect(c.services.wasteBins.some((b) => b.category === cat)).toBe(true);
      expect(c.envSensors.length).toBeGreaterThanOrEqual(c.walkways.length);
    }
  });

  it('rejects a place that is not a parent chain of the tree', () => {
    const place = realPlaces[0];
    expect(() => generateCommunity({ ...place, street: realPlaces[10].street }, 1)).toThrow(/not a parent chain/);
    expect(() => generateCommunity({ ...place, community: place.street }, 1)).toThrow(/place\.community must be a community/);
  });
});
