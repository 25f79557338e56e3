/**
 * `add-tileset` on the shared 3D Tiles samples: a delivery is validated, copied whole and
 * registered; one lying elsewhere on the earth (the city sample, in Pennsylvania; a sample mesh
 * wrapped 40 km away; a tileset beyond the community's boundary layer) is added with a warning
 * giving its distance in metres, checked against a great-circle computation done here; one in a
 * local frame is called not georeferenced and placed with --at; a broken one is refused with
 * every problem and nothing copied; `check` reports what add-tileset warned about.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, chmodSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newTwin } from '../../twin-models/assemble/new-twin.ts';
import { addTileset } from '../../twin-models/assemble/add-tileset.ts';
import { addLayer } from '../../twin-models/assemble/add-layer.ts';
import { checkTwin } from '../../twin-models/assemble/check-twin.ts';
import { readManifest } from '../../twin-models/assemble/manifest-file.ts';
import { wrapMeshAsTileset } from '../../twin-models/import/tiles/wrap-mesh.ts';
import { sampleFolder } from '../support/sample-data.ts';
import { requireSamples } from '../support/require-samples.ts';

const run = promisify(execFile);
const samples = sampleFolder('3dtiles');
const haveSamples = requireSamples(samples);
const tmp = mkdtempSync(join(tmpdir(), 'add-tileset-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const COMMUNITY = '500103004002';
const ORIGIN = { longitude: 106.5423, latitude: 29.555, height: 250 };

/** Great-circle distance on a sphere of the earth's mean radius, metres: independent of the product's ellipsoid maths. */
function greatCircleM(a: { longitude: number; latitude: number }, b: { longitude: number; latitude: number }): number {
  const r = Math.PI / 180;
  const h = Math.sin(((b.latitude - a.latitude) * r) / 2) ** 2 + Math.cos(a.latitude * r) * Math.cos(b.latitude * r) * Math.sin(((b.longitude - a.longitude) * r) / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.sqrt(h));
}

/** The number of metres a warning gives, e.g. "centred 12,345 m". */
const metresIn = (text: string, before: string) => Number(new RegExp(`${before} ([\\d,]+) m`).exec(text)![1].replace(/,/g, ''));

describe.skipIf(!haveSamples)('add-tileset', () => {
  const dir = join(tmp, 'twin');
  beforeAll(async () => { await newTwin({ community: COMMUNITY, origin: ORIGIN, dir }); });

  it('a survey at the community is validated, copied whole and registered, with no warning; check accepts it', async () => {
    const near = { longitude: 106.5427, latitude: 29.5553, height: 250 };
    await wrapMeshAsTileset(join(samples.dir, 'metadata-granularities', 'house1-1.glb'), join(tmp, 'near-block'), near);
    const r = await addTileset({ dir, source: join(tmp, 'near-block'), kind: 'terrain', id: 'hillside', name: { zh: '山体地形', en: 'Hillside' } });
    expect(r.warnings).toEqual([]);
    expect(r.place.outsideM).toBe(0);
    expect(r.place.centreM).toBeLessThan(100);
    const m = await readManifest(dir);
    expect(m.tilesets).toContainEqual({ id: 'hillside', kind: 'terrain', name: { zh: '山体地形', en: 'Hillside' }, uri: 'tiles/hillside/tileset.json' });
    expect(readdirSync(join(dir, 'tiles', 'hillside')).sort()).toEqual(readdirSync(join(tmp, 'near-block')).sort());
    expect((await checkTwin(dir)).problems).toEqual([]);
  });

  it('the city sample (a geographic region in Pennsylvania) is added with a warning giving its distance in metres', async () => {
    const r = await addTileset({ dir, source: join(samples.dir, 'city'), kind: 'photogrammetry' });
    expect(r.entry).toMatchObject({ id: 'city', kind: 'photogrammetry', uri: 'tiles/city/tileset.json' });
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatch(/tileset "city" lies outside the community: its root region is centred [\d,]+ m from the twin's origin/);
    // The region's centre, read from the sample here, against the twin's origin on a sphere; the product
    // gives the straight-line distance (through the earth at this range): the arc's chord.
    const [w, s, e, n] = JSON.parse(readFileSync(join(samples.dir, 'city', 'tileset.json'), 'utf8')).root.boundingVolume.region as number[];
    const arc = greatCircleM(ORIGIN, { longitude: ((w + e) / 2) * 180 / Math.PI, latitude: ((s + n) / 2) * 180 / Math.PI });
    const chord = 2 * 6_371_008.8 * Math.sin(arc / (2 * 6_371_008.8));
    expect(Math.abs(metresIn(r.warnings[0], 'centred') / chord - 1)).toBeLessThan(0.005);
    // Copied from read-only samples, the copy can be replaced.
    await addTileset({ dir, source: join(samples.dir, 'city'), replace: true });
    await expect(addTileset({ dir, source: join(samples.dir, 'city') })).rejects.toThrow(/tileset "city" is already in the twin \(use --replace/);
  });

  it('a tileset placed 40 km away by its ECEF root transform is warned about with that distance', async () => {
    const far = { longitude: 106.5423 + 40_000 / (111_320 * Math.cos(29.555 * Math.PI / 180)), latitude: 29.555, height: 250 };
    await wrapMeshAsTileset(join(samples.dir, 'metadata-granularities', 'house-3-0.glb'), join(tmp, 'far-block'), far);
    const r = await addTileset({ dir, source: join(tmp, 'far-block', 'tileset.json'), id: 'far-block' });
    expect(r.warnings).toHaveLength(1);
    const said = metresIn(r.warnings[0], 'centred');
    expect(Math.abs(said - greatCircleM(ORIGIN, far))).toBeLessThan(200); // the house's own size and the two earth models
    expect(r.warnings[0]).toMatch(/nearest edge [\d,]+ m beyond the community's reach of 3,000 m \(no boundary layer/);
    expect(metresIn(r.warnings[0], 'nearest edge')).toBeGreaterThan(36_000);
  });

  it('a tileset in a local frame is called not georeferenced; --at writes its root transform in the copy only', async () => {
    const source = join(samples.dir, 'metadata-granularities');
    const bare = await addTileset({ dir, source, id: 'houses-local' });
    expect(bare.warnings[0]).toMatch(/tileset "houses-local" is not georeferenced: its root box has no ECEF transform and lies 6,3\d\d,\d{3} m from the community's origin/);
    const placed = await addTileset({ dir, source, id: 'houses', at: { longitude: 106.5425, latitude: 29.5552, height: 250 } });
    expect(placed.warnings).toEqual([]);
    expect(JSON.parse(readFileSync(join(dir, 'tiles', 'houses', 'tileset.json'), 'utf8')).root.transform).toHaveLength(16);
    expect(JSON.parse(readFileSync(join(source, 'tileset.json'), 'utf8')).root.transform).toBeUndefined();
  });

  it('check lists each tileset outside the community or not georeferenced, and a content file gone missing', async () => {
    unlinkSync(join(dir, 'tiles', 'houses', 'house-3-0.glb'));
    const { problems } = await checkTwin(dir);
    expect(problems).toEqual(expect.arrayContaining([
      expect.stringMatching(/^tileset "city" lies outside the community: .* centred [\d,]+ m/),
      expect.stringMatching(/^tileset "far-block" lies outside the community/),
      expect.stringMatching(/^tileset "houses-local" is not georeferenced/),
      expect.stringMatching(/^tileset "houses": .*house-3-0\.glb is missing/),
    ]));
    expect(problems.some((p) => /"hillside"/.test(p))).toBe(false);
  });

  it('the community\'s reach is its boundary layer when it has one', async () => {
    const d = join(tmp, 'bounded');
    await newTwin({ community: COMMUNITY, origin: ORIGIN, dir: d });
    // A square some 400 m across around the origin.
    const dLon = 200 / (111_320 * Math.cos(ORIGIN.latitude * Math.PI / 180));
    const dLat = 200 / 110_574;
    const ring = [[-1, -1], [1, -1], [1, 1], [-1, 1], [-1, -1]].map(([a, b]) => [ORIGIN.longitude + a * dLon, ORIGIN.latitude + b * dLat]);
    writeFileSync(join(tmp, 'boundary.geojson'), JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Polygon', coordinates: [ring] }, properties: { id: 'boundary' } }] }));
    await addLayer({ dir: d, file: join(tmp, 'boundary.geojson'), kind: 'boundary' });
    const at = { longitude: ORIGIN.longitude + 1500 / (111_320 * Math.cos(ORIGIN.latitude * Math.PI / 180)), latitude: ORIGIN.latitude, height: 250 };
    await wrapMeshAsTileset(join(samples.dir, 'metadata-granularities', 'house-4-2.glb'), join(tmp, 'next-door'), at);
    const r = await addTileset({ dir: d, source: join(tmp, 'next-door') });
    expect(r.place.reachFrom).toBe('its boundary layer');
    expect(r.place.reachM).toBeGreaterThan(270);
    expect(r.place.reachM).toBeLessThan(300);
    expect(r.warnings[0]).toMatch(/centred 1,[45]\d\d m from the twin's origin, its nearest edge 1,\d{3} m beyond the community's reach of 2\d\d m \(its boundary layer\)/);
  });

  it('a broken delivery is refused with every problem, and nothing is copied or registered', async () => {
    const broken = join(tmp, 'broken');
    cpSync(join(samples.dir, 'city'), broken, { recursive: true });
    for (const f of readdirSync(broken)) chmodSync(join(broken, f), 0o644);
    chmodSync(broken, 0o755);
    unlinkSync(join(broken, 'll.b3dm'));
    writeFileSync(join(broken, 'ur.b3dm'), 'b3dm');
    const err = await addTileset({ dir, source: broken }).catch((e: Error) => e);
    expect((err as Error).message).toMatch(/is not a usable tileset \(2 problems\)/);
    expect((err as Error).message).toMatch(/ll\.b3dm is missing/);
    expect((err as Error).message).toMatch(/ur\.b3dm: b3dm shorter than its 28-byte header/);
    expect(existsSync(join(dir, 'tiles', 'broken'))).toBe(false);
    expect((await readManifest(dir)).tilesets.some((t) => t.id === 'broken')).toBe(false);
    await expect(addTileset({ dir, source: join(tmp, 'nowhere') })).rejects.toThrow(/nowhere not found/);
    await expect(addTileset({ dir, source: broken, kind: 'buildings' })).rejects.toThrow(/--kind must be terrain or photogrammetry .*add-building/);
  });

  it('from the command line: --help, and the warning with the distance on stderr with exit code 0', { timeout: 60_000 }, async () => {
    const cli = (...args: string[]) => run(process.execPath, ['--import', 'tsx', 'twin-models/cli.ts', ...args], { env: { ...process.env, FORCE_COLOR: '0' } });
    const help = await cli('add-tileset', '--help');
    expect(help.stdout).toMatch(/^usage: npm run twin -- add-tileset DIR/);
    expect(help.stdout).toMatch(/--kind {12}terrain or photogrammetry/);
    const top = await cli('--help');
    expect(top.stdout).toMatch(/^ {2}add-tileset {2}/m);
    const r = await cli('add-tileset', join(samples.dir, 'city'), '--twin', dir, '--id', 'city-cli', '--kind', 'terrain', '--name', '费城,Philadelphia');
    expect(r.stdout).toMatch(/3D Tiles 1\.0, 5 tiles, 4 contents, .* → tiles\/city-cli\/tileset\.json \(terrain "city-cli"\)/);
    expect(r.stderr).toMatch(/warning: tileset "city-cli" lies outside the community: its root region is centred [\d,]+ m/);
    expect((await readManifest(dir)).tilesets.find((t) => t.id === 'city-cli')?.name).toEqual({ zh: '费城', en: 'Philadelphia' });
  });
});
