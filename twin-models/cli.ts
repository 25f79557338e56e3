/**
 * `npm run twin -- <command>`: bring a community's models into the product.
 *
 *   demo    [--out DIR] [--seed N] [--force]        generate (or reuse) the demo community's twin
 *   import  FILE.ifc --twin DIR [--building ID] [--max-memory MB]
 *                                                   IFC → GLB + element index, in a memory-capped child
 *   tileset TILESET.json [--twin DIR --id ID]       validate a 3D Tiles tileset (and copy it into the twin)
 *   wrap    MESH.glb|.obj --out DIR --lon --lat [--height]
 *                                                   wrap one mesh as a tileset at a georeference
 *   check   DIR                                     load a twin and check its manifest and device registry
 *   schema                                          print the manifest's JSON Schema
 *
 * Exit code 0 on success, 1 with a message naming the file and the problem otherwise.
 */
import { cp, mkdir } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { generateDemoTwin, expectedSeries } from './demo/generate-demo-twin.ts';
import { convertIfcInChild } from './import/ifc/convert-in-child.ts';
import { validateTileset } from './import/tiles/validate-tileset.ts';
import { wrapMeshAsTileset } from './import/tiles/wrap-mesh.ts';
import { loadTwin } from './manifest/load-twin.ts';
import { checkBindings } from './manifest/binding-check.ts';
import { manifestJsonSchema } from './manifest/manifest-schema.ts';
import { DEMO_COMMUNITY } from './demo/demo-community.ts';

const DEFAULT_DEMO_DIR = resolve(process.env.DATA_DIR ?? 'data', 'twins', 'c-eling');

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

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      out: { type: 'string' }, seed: { type: 'string' }, force: { type: 'boolean' }, quiet: { type: 'boolean' },
      twin: { type: 'string' }, building: { type: 'string' }, 'max-memory': { type: 'string' }, id: { type: 'string' },
      lon: { type: 'string' }, lat: { type: 'string' }, height: { type: 'string' },
    },
  });
  const bar = progressBar(Boolean(values.quiet));
  try {
    switch (command) {
      case 'demo': {
        const out = resolve(values.out ?? DEFAULT_DEMO_DIR);
        const r = await generateDemoTwin({ outDir: out, seed: values.seed ? Number(values.seed) : undefined, force: values.force, onProgress: bar.update });
        bar.stop();
        if (!values.quiet || !r.cached) {
          console.log(r.cached ? `twin: demo community already generated in ${out}` : `twin: demo community written to ${out} in ${(r.ms / 1000).toFixed(1)} s (${(r.assetBytes / 1e6).toFixed(1)} MB of assets, ${r.buildingBytes.length} buildings)`);
        }
        return 0;
      }
      case 'import': {
        const [file] = positionals;
        if (!file || !values.twin) return usage('import needs FILE.ifc and --twin DIR');
        const name = values.building ?? basename(file).replace(/\.ifc$/i, '');
        const r = await convertIfcInChild(resolve(file), { outDir: join(resolve(values.twin), 'buildings'), name, maxMemoryMb: values['max-memory'] ? Number(values['max-memory']) : undefined, onProgress: bar.update });
        bar.stop();
        console.log(`twin: ${file} (${r.schema}) → ${r.glbPath}: ${r.stats.elements} elements, ${r.stats.uniqueMeshes} shared meshes, ${r.stats.skippedEmpty} empty geometries skipped, ${(r.glbBytes / 1024).toFixed(0)} KiB, ${(r.ms / 1000).toFixed(1)} s, peak ${(r.peakRssBytes / 1e6).toFixed(0)} MB`);
        console.log(`twin: add it to manifest.json "buildings" with "glb": "buildings/${name}.glb", "elements": "buildings/${name}.elements.json"`);
        return 0;
      }
      case 'tileset': {
        const [file] = positionals;
        if (!file) return usage('tileset needs TILESET.json');
        const report = await validateTileset(resolve(file));
        for (const w of report.warnings) console.warn(`warning: ${w}`);
        if (report.errors.length) {
          console.error(`twin: ${file} is not a usable tileset:\n  - ${report.errors.join('\n  - ')}`);
          return 1;
        }
        console.log(`twin: ${file}: 3D Tiles ${report.version}, ${report.tiles} tiles, ${report.contents} contents, ${(report.contentBytes / 1e6).toFixed(1)} MB`);
        if (values.twin) {
          if (!values.id) return usage('tileset --twin needs --id');
          const target = join(resolve(values.twin), 'tiles', values.id);
          await mkdir(dirname(target), { recursive: true });
          await cp(dirname(resolve(file)), target, { recursive: true });
          console.log(`twin: copied into ${target}; add { "id": "${values.id}", "kind": "photogrammetry", "uri": "tiles/${values.id}/${basename(file)}", "name": {…} } to manifest.json "tilesets"`);
        }
        return 0;
      }
      case 'wrap': {
        const [file] = positionals;
        if (!file || !values.out || values.lon === undefined || values.lat === undefined) return usage('wrap needs MESH, --out DIR, --lon and --lat');
        const report = await wrapMeshAsTileset(resolve(file), resolve(values.out), { longitude: Number(values.lon), latitude: Number(values.lat), height: Number(values.height ?? 0) });
        console.log(`twin: ${file} wrapped as ${report.path} (${(report.contentBytes / 1024).toFixed(0)} KiB)`);
        return 0;
      }
      case 'check': {
        const [dir] = positionals;
        const twin = await loadTwin(resolve(dir ?? DEFAULT_DEMO_DIR));
        // The simulator's series are the ones to check against for the demo community; for a
        // customer's twin the registry is checked against its own objects.
        const series = twin.manifest.community.id === DEMO_COMMUNITY.id ? expectedSeries(DEMO_COMMUNITY) : [];
        const r = checkBindings(twin, series);
        const show = (title: string, list: string[]) => { if (list.length) console.log(`${title} (${list.length}):\n  - ${list.slice(0, 20).join('\n  - ')}${list.length > 20 ? '\n  …' : ''}`); };
        show('series with no device in the registry', r.unregisteredSeries);
        show('devices bound to nothing', r.danglingDevices);
        show('devices in the wrong neighbourhood', r.misplaced);
        show('objects that should be measured but have no device', r.unmeasuredObjects);
        console.log(r.ok ? `twin: ${twin.manifest.community.name.zh}: ${twin.manifest.buildings.length} buildings, ${twin.manifest.devices.length} devices, every series bound` : 'twin: the device registry has problems (above)');
        return r.ok ? 0 : 1;
      }
      case 'schema':
        console.log(JSON.stringify(manifestJsonSchema(), null, 2));
        return 0;
      default:
        return usage(command ? `unknown command "${command}"` : 'no command');
    }
  } catch (e) {
    bar.stop();
    console.error((e as Error).message);
    return 1;
  }
}

function usage(problem: string): number {
  console.error(`twin: ${problem}\nusage: npm run twin -- demo|import|tileset|wrap|check|schema … (see twin-models/README.md)`);
  return 1;
}

process.exitCode = await main(process.argv.slice(2));
