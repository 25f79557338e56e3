/**
 * `npm run twin -- <command>`: bring a community's models into the product. `npm run twin -- --help`
 * lists the commands, `npm run twin -- <command> --help` explains one. Each command is one entry
 * of COMMANDS (usage, options, what it does, how it runs).
 *
 * Exit code 0 on success, 1 with a message naming the file and the problem otherwise.
 */
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import cliProgress from 'cli-progress';
import { generateDemoTwin, expectedSeries } from './demo/generate-demo-twin.ts';
import { convertIfcInChild } from './import/ifc/convert-in-child.ts';
import { validateTileset } from './import/tiles/validate-tileset.ts';
import { wrapMeshAsTileset } from './import/tiles/wrap-mesh.ts';
import { manifestJsonSchema, LAYER_NAMES } from './manifest/manifest-schema.ts';
import { DEMO_COMMUNITY } from './demo/demo-community.ts';
import { newTwin } from './assemble/new-twin.ts';
import { addBuilding } from './assemble/add-building.ts';
import { addLayer } from './assemble/add-layer.ts';
import { checkTwin } from './assemble/check-twin.ts';
import { addTileset, TILESET_KINDS } from './assemble/add-tileset.ts';
import { twinsDir } from './assemble/manifest-file.ts';
import { BUILDING_CATEGORIES } from '../streams/families/index.ts';

const DEFAULT_DEMO_DIR = resolve(process.env.DATA_DIR ?? 'data', 'twins', 'c-eling');

type Options = NonNullable<ParseArgsConfig['options']>;
type Values = Record<string, string | boolean | undefined>;

interface Command {
  usage: string;
  summary: string;
  /** Lines of help after the usage: what it does, each option. */
  help: string[];
  options: Options;
  run(values: Values, positionals: string[], bar: ReturnType<typeof progressBar>): Promise<number>;
}

const str = (v: Values[string]) => (typeof v === 'string' ? v : undefined);

/** `lon,lat[,height]` → numbers, or a usage error naming the flag. */
function lonLat(flag: string, v: string | undefined): [number, number, number?] | undefined {
  if (v === undefined) return undefined;
  const parts = v.split(',').map((s) => Number(s.trim()));
  if (parts.length < 2 || parts.length > 3 || parts.some((n) => !Number.isFinite(n)) || Math.abs(parts[0]) > 180 || Math.abs(parts[1]) > 90) {
    throw new UsageError(`--${flag} must be longitude,latitude[,height] in degrees and metres (got "${v}")`);
  }
  return parts as [number, number, number?];
}

function num(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new UsageError(`--${flag} must be a number (got "${v}")`);
  return n;
}

/** The twin folder a command works on: --twin DIR, else TWINS_DIR/<community> when --community is given. */
function twinDir(values: Values): string {
  const dir = str(values.twin) ?? (str(values.community) ? join(twinsDir(), str(values.community)!) : undefined);
  if (!dir) throw new UsageError('give the twin folder with --twin DIR (or --community ID for TWINS_DIR/ID)');
  return resolve(dir);
}

const TWIN_OPTION = {
  twin: { type: 'string' }, community: { type: 'string' },
} as const satisfies Options;

const COMMANDS: Record<string, Command> = {
  new: {
    usage: 'new <community> --origin lon,lat[,height] [--twin DIR] [--sites FILE] [--force]',
    summary: 'create an empty twin folder bound to a community of the sites tree',
    help: [
      'Writes DIR/manifest.json (default DIR: $TWINS_DIR/<community>) with the community, its street,',
      'district and city, its neighbourhoods from the sites tree and the georeference origin.',
      '  <community>       id of a community node in the sites tree (SITES_FILE, else the shipped tree)',
      '  --origin          WGS84 longitude,latitude and height (m) of the local frame\'s origin',
      '  --sites FILE      another sites file (JSON or CSV, as npm run sites -- import reads)',
      '  --force           start again over an existing manifest.json',
    ],
    options: { ...TWIN_OPTION, origin: { type: 'string' }, sites: { type: 'string' }, force: { type: 'boolean' } },
    async run(v, [community]) {
      if (!community) throw new UsageError('new needs the community id');
      const origin = lonLat('origin', str(v.origin));
      if (!origin) throw new UsageError('new needs --origin lon,lat[,height]');
      const r = await newTwin({ community, origin: { longitude: origin[0], latitude: origin[1], height: origin[2] ?? 0 }, dir: str(v.twin) ? resolve(str(v.twin)!) : undefined, sitesFile: str(v.sites), force: Boolean(v.force) });
      for (const n of r.notes) console.log(`note: ${n}`);
      console.log(`twin: ${r.manifest.community.name.zh} (${r.manifest.community.id}) created in ${r.dir}; add buildings with npm run twin -- add-building FILE.ifc --twin ${r.dir}`);
      return 0;
    },
  },
  'add-building': {
    usage: 'add-building FILE.ifc --twin DIR [--id ID] [--name 中文名[,English]] [--neighbourhood ID] [--use USE] [--at lon,lat[,height] --heading DEG] [--floor-area M2] [--households N] [--replace] [--max-memory MB]',
    summary: 'convert an IFC file and write its building entry into the manifest',
    help: [
      'Converts IFC2X3/IFC4/IFC4X3 to GLB + element index (lengths in metres whatever the file\'s unit,',
      'rooms kept) and writes the manifest entry: placement, bounds, footprint, storeys, height, floor area.',
      'Placement comes from the file\'s IfcMapConversion (projected CRS such as EPSG:4545) or IfcSite',
      'RefLatitude/RefLongitude/RefElevation; --at/--heading place a file that has neither (or override it).',
      '  --id              building id (default: the file name)',
      '  --name            display names, zh first (default: the id)',
      '  --neighbourhood   one of the twin\'s neighbourhoods (default: the first)',
      `  --use             ${BUILDING_CATEGORIES.join(', ')} (default residential)`,
      '  --at              WGS84 longitude,latitude[,height] of the model\'s origin',
      '  --heading         degrees counter-clockwise from east of the model\'s x axis (with --at)',
      '  --floor-area      gross floor area in m² (default: footprint × storeys, said so)',
      '  --replace         convert again over an entry with the same id',
    ],
    options: { ...TWIN_OPTION, id: { type: 'string' }, name: { type: 'string' }, neighbourhood: { type: 'string' }, use: { type: 'string' }, at: { type: 'string' }, heading: { type: 'string' }, 'floor-area': { type: 'string' }, households: { type: 'string' }, replace: { type: 'boolean' }, 'max-memory': { type: 'string' }, quiet: { type: 'boolean' } },
    async run(v, [file], bar) {
      if (!file) throw new UsageError('add-building needs FILE.ifc');
      const dir = twinDir(v);
      const at = lonLat('at', str(v.at));
      const heading = num('heading', str(v.heading));
      if (heading !== undefined && !at) throw new UsageError('--heading goes with --at (the file\'s own georeference carries its rotation)');
      const [zh, en] = (str(v.name) ?? '').split(',').map((s) => s.trim());
      const r = await addBuilding({
        dir, ifcPath: resolve(file), id: str(v.id), name: zh ? { zh, en: en || zh } : undefined, neighbourhood: str(v.neighbourhood), use: str(v.use),
        at, headingDeg: heading, floorAreaM2: num('floor-area', str(v['floor-area'])), households: num('households', str(v.households)),
        replace: Boolean(v.replace), maxMemoryMb: num('max-memory', str(v['max-memory'])), onProgress: bar.update,
      });
      bar.stop();
      const c = r.conversion;
      const e = r.entry;
      console.log(`twin: ${file} (${c.schema}) → ${c.glbPath}: ${c.stats.elements} elements (${c.stats.rooms} rooms), ${(c.glbBytes / 1024).toFixed(0)} KiB, ${(c.ms / 1000).toFixed(1)} s, peak ${(c.peakRssBytes / 1e6).toFixed(0)} MB`);
      console.log(`twin: building "${e.id}" placed from ${r.placementSource}: ${e.placement.east.toFixed(2)} m east, ${e.placement.north.toFixed(2)} m north, ${e.placement.up.toFixed(2)} m up, heading ${e.placement.headingDeg.toFixed(2)}°; ${e.floors} storey${e.floors === 1 ? '' : 's'}, ${e.heightM} m tall, ${e.floorAreaM2.toLocaleString('en')} m²`);
      for (const n of r.notes) console.log(`note: ${n}`);
      return 0;
    },
  },
  'add-layer': {
    usage: `add-layer FILE.geojson --kind KIND --twin DIR [--crs wgs84|cgcs2000|gcj02|bd09|EPSG:CODE]`,
    summary: 'check a GeoJSON layer, convert it to WGS84 and register it',
    help: [
      'Checks every feature (properties.id, geometry type allowed in the layer, neighbourhood) and lists',
      'every problem at once; converts GCJ-02 (高德/腾讯) and BD-09 (百度) with gcoord and projected',
      'CGCS2000 Gauss–Krüger metres with proj4; writes layers/KIND.geojson and the manifest entry.',
      `  --kind            ${LAYER_NAMES.join(', ')}`,
      '  --crs             the coordinates\' system; without it a CRS the file names is used, degrees',
      '                    are assumed WGS84/CGCS2000 (said so) and metres are refused',
    ],
    options: { ...TWIN_OPTION, kind: { type: 'string' }, crs: { type: 'string' } },
    async run(v, [file]) {
      if (!file) throw new UsageError('add-layer needs FILE.geojson');
      if (!str(v.kind)) throw new UsageError(`add-layer needs --kind (${LAYER_NAMES.join(', ')})`);
      const r = await addLayer({ dir: twinDir(v), file: resolve(file), kind: str(v.kind)!, crs: str(v.crs) });
      console.log(`twin: ${file} → ${r.path}: ${r.features} features; coordinates ${r.assumed ? 'assumed' : 'read as'} ${r.crs}${r.assumed ? ' (if they come from 高德/腾讯 maps give --crs gcj02, from 百度 --crs bd09)' : ''}`);
      for (const n of r.notes) console.log(`note: ${n}`);
      return 0;
    },
  },
  'add-tileset': {
    usage: 'add-tileset DIR|TILESET.json --twin DIR [--kind terrain|photogrammetry] [--id ID] [--name 中文名[,English]] [--at lon,lat[,height]] [--replace]',
    summary: 'validate a 3D Tiles delivery, copy it into the twin and register it',
    help: [
      'Validates the tileset as the tileset command does (nothing is copied when it has a problem),',
      'copies the folder into tiles/ID/ and writes the manifest entry. Its root bounding volume (region,',
      'or box or sphere through the root transform) is compared with the community: one lying outside',
      'it, or not georeferenced, is added with a warning giving the distance in metres.',
      `  --kind            ${TILESET_KINDS.join(' or ')} (default photogrammetry); all are drawn, terrain first`,
      '  --id              tileset id (default: the folder name)',
      '  --name            display names, zh first (default: the id)',
      '  --at              WGS84 longitude,latitude[,height] for a tileset in a local frame: writes its',
      '                    root transform (the copy\'s; the delivery is left as it is)',
      '  --replace         copy again over a tileset with the same id',
    ],
    options: { ...TWIN_OPTION, kind: { type: 'string' }, id: { type: 'string' }, name: { type: 'string' }, at: { type: 'string' }, replace: { type: 'boolean' } },
    async run(v, [source]) {
      if (!source) throw new UsageError('add-tileset needs the tileset\'s folder (or its tileset.json)');
      const at = lonLat('at', str(v.at));
      const [zh, en] = (str(v.name) ?? '').split(',').map((s) => s.trim());
      const r = await addTileset({
        dir: twinDir(v), source, kind: str(v.kind), id: str(v.id), name: zh ? { zh, en: en || zh } : undefined,
        at: at && { longitude: at[0], latitude: at[1], height: at[2] ?? 0 }, replace: Boolean(v.replace),
      });
      const rep = r.report;
      console.log(`twin: ${source}: 3D Tiles ${rep.version}, ${rep.tiles} tiles, ${rep.contents} contents, ${(rep.contentBytes / 1e6).toFixed(1)} MB → ${r.entry.uri} (${r.entry.kind} "${r.entry.id}")`);
      if (!r.warnings.length) console.log(`twin: within the community: root ${r.extent.volume} centred ${Math.round(r.place.centreM).toLocaleString('en')} m from the origin`);
      for (const w of r.warnings) console.warn(`warning: ${w}`);
      for (const n of r.notes) console.log(`note: ${n}`);
      return 0;
    },
  },
  check: {
    usage: 'check [DIR]',
    summary: 'list every problem of a twin: manifest, files, overview, placement, device registry',
    help: [
      'Loads the twin (default: the demo\'s folder) and lists every problem at once: schema, missing',
      'files, GeoJSON, buildings the overview cannot draw and why, bounds that disagree with the model',
      'and its placement, and the device registry checked both ways.',
    ],
    options: {},
    async run(_v, [dir]) {
      const r = await checkTwin(resolve(dir ?? DEFAULT_DEMO_DIR), (twin) => (twin.manifest.community.id === DEMO_COMMUNITY.id ? expectedSeries(DEMO_COMMUNITY) : []));
      if (r.problems.length) {
        console.log(`twin: ${dir ?? DEFAULT_DEMO_DIR} has ${r.problems.length} problem${r.problems.length === 1 ? '' : 's'}:\n  - ${r.problems.join('\n  - ')}`);
        return 1;
      }
      const m = r.twin!.manifest;
      const n = (count: number, what: string) => `${count} ${what}${count === 1 ? '' : 's'}`;
      console.log(`twin: ${m.community.name.zh}: ${n(m.buildings.length, 'building')}, ${n(m.devices.length, 'device')}, ${n(Object.keys(m.layers).length, 'layer')}, no problems`);
      return 0;
    },
  },
  demo: {
    usage: 'demo [--out DIR] [--seed N] [--force]',
    summary: 'write the demo community\'s twin (cached by generator version and seed)',
    help: ['  --out DIR         where (default $DATA_DIR/twins/c-eling)', '  --seed N          another layout', '  --force           write it again even if cached'],
    options: { out: { type: 'string' }, seed: { type: 'string' }, force: { type: 'boolean' }, quiet: { type: 'boolean' } },
    async run(v, _p, bar) {
      const out = resolve(str(v.out) ?? DEFAULT_DEMO_DIR);
      const r = await generateDemoTwin({ outDir: out, seed: num('seed', str(v.seed)), force: Boolean(v.force), onProgress: bar.update });
      bar.stop();
      if (!v.quiet || !r.cached) {
        console.log(r.cached ? `twin: demo community already generated in ${out}` : `twin: demo community written to ${out} in ${(r.ms / 1000).toFixed(1)} s (${(r.assetBytes / 1e6).toFixed(1)} MB of assets, ${r.buildingBytes.length} buildings)`);
      }
      return 0;
    },
  },
  import: {
    usage: 'import FILE.ifc --twin DIR [--building ID] [--max-memory MB]',
    summary: 'IFC → GLB + element index only (add-building also writes the manifest entry)',
    help: ['Converts in a child process killed past the memory cap (default 2,048 MB).'],
    options: { twin: { type: 'string' }, building: { type: 'string' }, 'max-memory': { type: 'string' }, quiet: { type: 'boolean' } },
    async run(v, [file], bar) {
      if (!file || !str(v.twin)) throw new UsageError('import needs FILE.ifc and --twin DIR');
      const name = str(v.building) ?? basename(file).replace(/\.ifc$/i, '');
      const r = await convertIfcInChild(resolve(file), { outDir: join(resolve(str(v.twin)!), 'buildings'), name, maxMemoryMb: num('max-memory', str(v['max-memory'])), onProgress: bar.update });
      bar.stop();
      console.log(`twin: ${file} (${r.schema}) → ${r.glbPath}: ${r.stats.elements} elements (${r.stats.rooms} rooms), ${r.stats.uniqueMeshes} shared meshes, ${r.stats.skippedEmpty} empty geometries skipped, ${(r.glbBytes / 1024).toFixed(0)} KiB, ${(r.ms / 1000).toFixed(1)} s, peak ${(r.peakRssBytes / 1e6).toFixed(0)} MB`);
      console.log(`twin: to place it in the twin as well, use npm run twin -- add-building ${file} --twin ${str(v.twin)}`);
      return 0;
    },
  },
  tileset: {
    usage: 'tileset TILESET.json [--twin DIR [--id ID]]',
    summary: 'validate a 3D Tiles 1.0/1.1 tileset (with --twin: add-tileset, which copies and registers it)',
    help: ['Structure, bounding volumes, geometric errors, every content file present, b3dm headers, GLB content through glTF-Validator.'],
    options: { twin: { type: 'string' }, id: { type: 'string' } },
    async run(v, [file], bar) {
      if (!file) throw new UsageError('tileset needs TILESET.json');
      if (str(v.twin)) return COMMANDS['add-tileset'].run({ twin: v.twin, id: v.id }, [file], bar);
      const report = await validateTileset(resolve(file));
      for (const w of report.warnings) console.warn(`warning: ${w}`);
      if (report.errors.length) {
        console.error(`twin: ${file} is not a usable tileset:\n  - ${report.errors.join('\n  - ')}`);
        return 1;
      }
      console.log(`twin: ${file}: 3D Tiles ${report.version}, ${report.tiles} tiles, ${report.contents} contents, ${(report.contentBytes / 1e6).toFixed(1)} MB; add it to a twin with npm run twin -- add-tileset ${dirname(file)} --twin DIR`);
      return 0;
    },
  },
  wrap: {
    usage: 'wrap MESH.glb|.obj --out DIR --lon X --lat Y [--height H]',
    summary: 'wrap one mesh as a one-tile tileset at a georeference',
    help: [],
    options: { out: { type: 'string' }, lon: { type: 'string' }, lat: { type: 'string' }, height: { type: 'string' } },
    async run(v, [file]) {
      if (!file || !str(v.out) || v.lon === undefined || v.lat === undefined) throw new UsageError('wrap needs MESH, --out DIR, --lon and --lat');
      const report = await wrapMeshAsTileset(resolve(file), resolve(str(v.out)!), { longitude: num('lon', str(v.lon))!, latitude: num('lat', str(v.lat))!, height: num('height', str(v.height)) ?? 0 });
      console.log(`twin: ${file} wrapped as ${report.path} (${(report.contentBytes / 1024).toFixed(0)} KiB)`);
      return 0;
    },
  },
  schema: {
    usage: 'schema',
    summary: 'print the manifest\'s JSON Schema',
    help: [],
    options: {},
    async run() {
      console.log(JSON.stringify(manifestJsonSchema(), null, 2));
      return 0;
    },
  },
};

class UsageError extends Error {}

function progressBar(quiet: boolean) {
  if (quiet || !process.stderr.isTTY) {
    let lastStage = '';
    return {
      update: (stage: string, done: number, total: number) => {
        if (!quiet && stage !== lastStage && done === 0) { process.stderr.write(`${stage}…\n`); }
        lastStage = stage;
        void total;
      },
      stop: () => {},
    };
  }
  const bar = new cliProgress.SingleBar({ format: ' {stage} [{bar}] {value}/{total}', stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic);
  let started = false;
  return {
    update: (stage: string, done: number, total: number) => {
      if (!started) { bar.start(total, done, { stage }); started = true; }
      bar.setTotal(total);
      bar.update(done, { stage: stage.padEnd(9) });
    },
    stop: () => { if (started) bar.stop(); },
  };
}

function overview(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  return [
    'usage: npm run twin -- <command> [options]   (npm run twin -- <command> --help for one)',
    '',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '',
    'A customer\'s twin: new → add-building (each IFC) → add-tileset (each 3D Tiles block) → add-layer (each GeoJSON) → check. See docs/twin-import.md.',
  ].join('\n');
}

function commandHelp(name: string): string {
  const c = COMMANDS[name];
  return [`usage: npm run twin -- ${c.usage}`, '', c.summary, ...(c.help.length ? ['', ...c.help] : [])].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    const topic = command === 'help' ? rest[0] : undefined;
    if (topic && COMMANDS[topic]) console.log(commandHelp(topic)); else console.log(overview());
    return command ? 0 : 1;
  }
  const c = COMMANDS[command];
  if (!c) {
    console.error(`twin: unknown command "${command}"\n\n${overview()}`);
    return 1;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(commandHelp(command));
    return 0;
  }
  let bar = progressBar(true);
  try {
    const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: c.options, strict: true });
    bar = progressBar(Boolean(values.quiet));
    return await c.run(values as Values, positionals, bar);
  } catch (e) {
    bar.stop();
    const err = e as Error & { code?: string };
    if (e instanceof UsageError || err.code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`twin ${command}: ${err.message}\nusage: npm run twin -- ${c.usage}`);
    } else {
      console.error(err.message);
    }
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
