/**
 * The overview's BIM levels of detail, on a row of twenty buildings 40 m apart whose shells (made
 * here with the converter's own bim-shell.ts) a real HTTP server on a free port serves: nothing is
 * fetched from afar; close up the nearest six come in, two fetches at a time, and hide their
 * massing; between the near and far limits nothing changes; moving along the row releases the
 * shells left behind before new ones come in (never more than six); pulling back releases every
 * one; a shell that cannot be fetched leaves its massing; the mesh follows the placement rule.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Document } from '@gltf-transform/core';
import type { MapViewState } from '@deck.gl/core';
import { TwinSceneData } from '../../../client/twin/scene/scene-data.ts';
import { BimShells, MAX_BIM_SHELLS, MAX_SHELL_LOADS } from '../../../client/twin/scene/bim/bim-shells.ts';
import { loadShellMesh } from '../../../client/twin/scene/bim/shell-mesh.ts';
import { buildShell } from '../../../twin-models/import/ifc/bim-shell.ts';
import { enuToLonLat } from '../../../twin-models/manifest/georef.ts';
import type { TwinModel } from '../../../client/twin/twin-model.ts';

const ORIGIN = { longitude: 106.5, latitude: 29.5, height: 300 };
const SPACING_M = 40;
const N = 20;
let server: Server;
let base = '';
let shellGlb: Uint8Array;
const requests: string[] = [];
let inFlight = 0;
let maxInFlight = 0;

/** A 20 × 12 × 6 m box as an IFC wall element node, as ifc-to-gltf.ts writes one. */
async function wallShell(): Promise<Uint8Array> {
  const doc = new Document();
  const buf = doc.createBuffer();
  const p: number[] = [];
  for (const x of [0, 20]) for (const y of [0, 6]) for (const z of [0, -12]) p.push(x, y, z);
  const idx = [0, 1, 3, 0, 3, 2, 4, 6, 7, 4, 7, 5, 0, 4, 5, 0, 5, 1, 2, 3, 7, 2, 7, 6, 0, 2, 6, 0, 6, 4, 1, 5, 7, 1, 7, 3];
  const prim = doc.createPrimitive()
    .setAttribute('POSITION', doc.createAccessor().setType('VEC3').setArray(new Float32Array(p)).setBuffer(buf))
    .setIndices(doc.createAccessor().setType('SCALAR').setArray(new Uint16Array(idx)).setBuffer(buf))
    .setMaterial(doc.createMaterial().setBaseColorFactor([0.8, 0.7, 0.6, 1]));
  const storey = doc.createNode('1F').setExtras({ storey: '1F', elevationM: 0, globalId: '0000000000000000000001' });
  const wall = doc.createNode('w').setExtras({ globalId: '0000000000000000000002', ifcType: 'IfcWall', name: 'w', storey: '1F' });
  wall.addChild(doc.createNode().setMesh(doc.createMesh().addPrimitive(prim)));
  const sensor = doc.createNode('s').setExtras({ globalId: '0000000000000000000003', ifcType: 'IfcSensor', name: 's', storey: '1F' });
  sensor.addChild(doc.createNode().setMesh(doc.createMesh().addPrimitive(prim.clone())));
  storey.addChild(wall).addChild(sensor);
  doc.createScene().addChild(storey);
  const shell = await buildShell(doc, 'test');
  expect(shell!.elements).toEqual({ IfcWall: 1 }); // the sensor is not part of the shell
  return shell!.glb;
}

function row(): TwinModel {
  const buildings = Array.from({ length: N }, (_, i) => {
    const e = i * SPACING_M;
    const ring = [[e, 0], [e + 20, 0], [e + 20, 12], [e, 12]].map(([x, y]) => enuToLonLat(ORIGIN, x, y).slice(0, 2));
    return {
      id: `b-${i}`, name: { zh: `b-${i}`, en: `b-${i}` }, neighbourhood: 'n-1', floorAreaM2: 500, floors: 2, heightM: 6,
      footprint: ring, bounds: [e, 0, 0, e + 20, 12, 6], placement: { east: e, north: 0, up: 0, headingDeg: 0 },
      glb: `buildings/b-${i}.glb`, elements: `buildings/b-${i}.elements.json`, shell: i === 3 ? 'buildings/missing.shell.glb' : `buildings/b-${i}.shell.glb`,
    };
  });
  const manifest = { base: '/twins/c-row/', community: { id: 'c-row', neighbourhoods: [] }, tilesets: [], layers: {}, georef: { origin: ORIGIN }, buildings, devices: [] } as unknown as TwinModel['manifest'];
  return {
    manifest, url: (p) => `${base}/twins/c-row/${p}`, layers: {}, feature: () => undefined, buildingOfDevice: new Map(),
    origin: [ORIGIN.longitude, ORIGIN.latitude, ORIGIN.height],
    buildingCentres: new Map(buildings.map((b) => [b.id, enuToLonLat(ORIGIN, b.bounds[0] + 10, 6, 6)])),
  };
}

/** The view centred on building `i` at `zoom`. */
const at = (i: number, zoom: number): MapViewState => {
  const [longitude, latitude] = enuToLonLat(ORIGIN, i * SPACING_M + 10, 6);
  return { longitude, latitude, zoom, pitch: 50, bearing: 0 };
};
const settle = async (shells: BimShells) => { for (let k = 0; k < 100 && shells.summary().loading.length; k++) await new Promise((r) => setTimeout(r, 10)); };

beforeAll(async () => {
  shellGlb = await wallShell();
  server = createServer((req, res) => {
    requests.push(req.url!);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    // A little latency, so loads overlap as they do over a network.
    setTimeout(() => {
      inFlight--;
      if (req.url!.includes('missing')) { res.writeHead(404).end(); return; }
      res.writeHead(200, { 'content-type': 'model/gltf-binary' }).end(Buffer.from(shellGlb));
    }, 20);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('BIM shells in the overview', () => {
  // Made once the server's address is known: shell URLs are resolved when the twin loads.
  let scene: TwinSceneData;
  let shells: BimShells;
  let changes = 0;
  beforeAll(() => {
    scene = new TwinSceneData(row());
    shells = new BimShells(scene, () => { changes++; });
  });
  const hidden = () => scene.buildings.filter((_b, i) => shells.massingHidden[i]).map((b) => b.id).sort();

  it('from afar nothing is fetched and every building is its massing', async () => {
    shells.update(at(0, 16));
    await settle(shells);
    expect(requests).toEqual([]);
    expect(shells.shown()).toEqual([]);
    expect(hidden()).toEqual([]);
    expect(shells.count).toBe(N);
  });

  it('close up, the nearest six come in, two fetches at a time, each hiding its massing; one that fails keeps its massing', async () => {
    shells.update(at(0, 18.5)); // 0.37 m/px: 257 m around the centre is near
    await settle(shells);
    expect(maxInFlight).toBeLessThanOrEqual(MAX_SHELL_LOADS);
    const s = shells.summary();
    // b-0 … b-6 are within 257 m; six at most, and b-3's shell is missing.
    expect(s.failed.map((f) => f.id)).toEqual(['b-3']);
    expect(s.failed[0].message).toMatch(/building b-3: cannot fetch its BIM shell .*missing\.shell\.glb: answered 404/);
    expect(s.shown.sort()).toEqual(['b-0', 'b-1', 'b-2', 'b-4', 'b-5']);
    expect(hidden()).toEqual(['b-0', 'b-1', 'b-2', 'b-4', 'b-5']);
    expect(s.shown.length + s.failed.length).toBe(MAX_BIM_SHELLS);
    expect(s.triangles).toBe(5 * 12);
    expect(changes).toBeGreaterThan(0);
  });

  it('between the near and the far limits nothing is loaded or released', async () => {
    const before = requests.length;
    shells.update(at(0, 17.5)); // 0.73 m/px
    await settle(shells);
    expect(requests.length).toBe(before);
    expect(shells.summary().shown.length).toBe(5);
  });

  it('moving along the row releases the shells left behind and loads those ahead, six at most', async () => {
    const released = shells.summary().released;
    shells.update(at(19, 18.5));
    await settle(shells);
    const s = shells.summary();
    expect(s.shown.sort()).toEqual(['b-14', 'b-15', 'b-16', 'b-17', 'b-18', 'b-19']);
    expect(s.released).toBe(released + 5);
    expect(hidden()).toEqual(['b-14', 'b-15', 'b-16', 'b-17', 'b-18', 'b-19']);
    expect(shells.shown().map((x) => x.id)).toEqual(['b-14', 'b-15', 'b-16', 'b-17', 'b-18', 'b-19']);
  });

  it('pulled back, every shell is released and every massing is back', () => {
    const released = shells.summary().released;
    shells.update(at(19, 16.5));
    const s = shells.summary();
    expect(s.shown).toEqual([]);
    expect(s.released).toBe(released + 6);
    expect(hidden()).toEqual([]);
    expect(shells.shown()).toEqual([]);
    shells.dispose();
  });

  it('with shells switched off (&bim=0) nothing is a candidate', () => {
    const off = new BimShells(scene, () => {}, false);
    off.update(at(0, 19));
    expect(off.count).toBe(0);
    expect(off.summary().loading).toEqual([]);
  });
});

describe('the shell mesh', () => {
  it('follows the placement rule: turned by the heading, around the roof centre, in east-north-up metres', async () => {
    const placement = { east: 100, north: 50, up: 2, headingDeg: 90 };
    // The box is 20 m along the model's x and 12 m along its y; turned 90°, x points north.
    const centre = [100 - 6, 50 + 10, 8];
    const mesh = await loadShellMesh('b-x', `${base}/shell.glb`, placement, centre, new AbortController().signal);
    const p = mesh.attributes.POSITION.value;
    const ext = (k: number) => { let lo = Infinity, hi = -Infinity; for (let i = k; i < p.length; i += 3) { lo = Math.min(lo, p[i]); hi = Math.max(hi, p[i]); } return [lo, hi]; };
    expect(ext(0).map((v) => Math.round(v * 1000) / 1000)).toEqual([-6, 6]); // east: the model's y, 12 m
    expect(ext(1).map((v) => Math.round(v * 1000) / 1000)).toEqual([-10, 10]); // north: the model's x, 20 m
    expect(ext(2).map((v) => Math.round(v * 1000) / 1000)).toEqual([-6, 0]); // up: 2 m above the frame's zero, 6 m tall, around the roof at 8 m
    expect([...mesh.attributes.COLOR_0.value.subarray(0, 3)].map((v) => Math.round(v * 100) / 100)).toEqual([0.8, 0.7, 0.6]);
    expect(mesh.triangles).toBe(12);
  });
});
