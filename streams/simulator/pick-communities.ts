/**
 * Which real communities of the sites tree the simulator runs (SIM_COMMUNITIES=N): the demo
 * community first, then urban 社区 of its street, of further streets of its district, then of other
 * districts. Whole streets are drawn in an order shuffled by the seed, so N picks lie in one or
 * more streets, as a street centre would see them, and a restart with the same seed picks the same.
 */
import type { SiteRecord } from '../sites/site-record.ts';
import type { SitePlace } from './community-generator.ts';
import { rngFor, type Rng } from './random.ts';

export function pickCommunities(sites: readonly SiteRecord[], n: number, seed: number, demoId = 'c-eling'): SiteRecord[] {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`pickCommunities: the number of communities must be a positive integer, got ${n}`);
  const byId = new Map(sites.map((s) => [s.id, s]));
  const demo = byId.get(demoId);
  if (!demo || demo.level !== 'community') {
    throw new Error(`pickCommunities: the demo community "${demoId}" is not a community of the sites tree${demo ? ` (it is a ${demo.level})` : ''}`);
  }
  const others = sites.filter((s) => s.level === 'community' && s.urban === true && s.id !== demoId);
  if (n > others.length + 1) {
    throw new RangeError(`pickCommunities: asked for ${n} communities, but the sites tree has only ${others.length + 1} urban communities (社区) including "${demoId}"`);
  }
  if (n === 1) return [demo];

  const streetsOf = new Map<string, SiteRecord[]>();
  for (const c of others) {
    const key = c.parent ?? '';
    const list = streetsOf.get(key);
    if (list) list.push(c);
    else streetsOf.set(key, [c]);
  }
  const districtOf = (street: string) => byId.get(street)?.parent ?? '';
  const demoStreet = demo.parent ?? '';
  const demoDistrict = districtOf(demoStreet);
  const rng = rngFor(seed, 'pick-communities');
  const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const streets = [...streetsOf.keys()].filter((s) => s !== demoStreet).sort(byCode);
  const districts = [...new Set(streets.map(districtOf))].filter((d) => d !== demoDistrict).sort(byCode);
  const order = [
    ...(streetsOf.has(demoStreet) ? [demoStreet] : []),
    ...shuffle(rng, streets.filter((s) => districtOf(s) === demoDistrict)),
    ...shuffle(rng, districts).flatMap((d) => shuffle(rng, streets.filter((s) => districtOf(s) === d))),
  ];
  const picked = [demo];
  for (const street of order) {
    for (const c of [...streetsOf.get(street)!].sort((a, b) => byCode(a.id, b.id))) {
      if (picked.length === n) return picked;
      picked.push(c);
    }
  }
  return picked;
}

function shuffle<T>(rng: Rng, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/** A community with its street, district and city from the sites tree; throws naming a missing link. */
export function placeOf(sites: readonly SiteRecord[] | ReadonlyMap<string, SiteRecord>, communityId: string): SitePlace {
  const byId = 'get' in sites ? sites : new Map(sites.map((s) => [s.id, s]));
  const up = (id: string | null | undefined, level: SiteRecord['level'], below: string): SiteRecord => {
    const r = id ? byId.get(id) : undefined;
    if (!r || r.level !== level) throw new Error(`sites: ${below} needs a ${level} as its parent, found ${r ? `"${r.id}" (${r.level})` : `no record "${id ?? ''}"`}`);
    return r;
  };
  const community = byId.get(communityId);
  if (!community || community.level !== 'community') throw new Error(`sites: "${communityId}" is not a community of the sites tree`);
  const street = up(community.parent, 'street', `community "${communityId}"`);
  const district = up(street.parent, 'district', `street "${street.id}"`);
  const city = up(district.parent, 'city', `district "${district.id}"`);
  return { community, street, district, city };
}
