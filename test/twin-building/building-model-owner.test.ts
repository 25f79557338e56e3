/**
 * The model owner frees every geometry, material and texture of a building exactly once: the
 * GLB's own (a real demo building decoded with meshopt in Node), the highlight variants and the
 * sensor markers made for the view.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BoxGeometry, DataTexture, Group, Mesh, MeshStandardMaterial, Scene, type BufferGeometry, type Material, type Object3D, type Texture } from 'three';
import { GLTFLoader } from 'three/examples/jsm/loaders/GLTFLoader.js';
import { MeshoptDecoder } from 'three/examples/jsm/libs/meshopt_decoder.module.js';
import { BuildingModelOwner } from '../../client/twin/building-detail/building-model-owner.ts';
import { prepareBuilding, setElementLook } from '../../client/twin/building-detail/building-model.ts';
import { sensorElements } from '../../client/twin/building-detail/element-lookup.ts';
import { generateDemoTwin } from '../../twin-models/demo/generate-demo-twin.ts';
import type { TwinResponse } from '../../client/twin/building-detail/twin-types.ts';

type Disposable = BufferGeometry | Material | Texture;

/** Counts `dispose` events per object: the renderer frees GPU memory on exactly these. */
function watch(objects: Iterable<Disposable>): Map<Disposable, number> {
  const seen = new Map<Disposable, number>();
  for (const o of objects) {
    if (seen.has(o)) continue;
    seen.set(o, 0);
    (o as BufferGeometry).addEventListener('dispose', () => seen.set(o, seen.get(o)! + 1));
  }
  return seen;
}

function resourcesUnder(root: Object3D): Set<Disposable> {
  const out = new Set<Disposable>();
  root.traverse((o) => {
    const m = o as Mesh;
    if (!m.isMesh) return;
    out.add(m.geometry);
    for (const mat of Array.isArray(m.material) ? m.material : [m.material]) {
      out.add(mat);
      for (const v of Object.values(mat)) if (v && (v as Texture).isTexture) out.add(v as Texture);
    }
  });
  return out;
}

describe('BuildingModelOwner with hand-made objects', () => {
  it('disposes shared geometry, materials and textures once each, takes the model out of the scene, and only once', () => {
    const scene = new Scene();
    const root = new Group();
    const shared = new BoxGeometry();
    const texture = new DataTexture(new Uint8Array(4), 1, 1);
    const wall = new MeshStandardMaterial({ map: texture });
    const slab = new MeshStandardMaterial({ emissiveMap: texture });
    root.add(new Mesh(shared, wall), new Mesh(shared, wall), new Mesh(new BoxGeometry(), [wall, slab]));
    scene.add(root);
    const owner = new BuildingModelOwner(root);
    const hover = owner.variant(wall, 'hover');
    expect(owner.variant(wall, 'hover')).toBe(hover);
    expect(owner.variant(wall, 'base')).toBe(wall);
    const seen = watch([shared, wall, slab, texture, hover, ...resourcesUnder(root)]);
    expect(owner.counts()).toEqual({ geometries: 2, materials: 3, textures: 1 });

    owner.dispose();
    owner.dispose();
    expect([...seen.values()]).toEqual(new Array(seen.size).fill(1));
    expect(root.parent).toBeNull();
    expect(scene.children).toHaveLength(0);
    expect(owner.disposed).toBe(true);
    expect(() => owner.variant(slab, 'selected')).toThrow('twin: building model already disposed, cannot make a highlight material');
    expect(() => owner.adoptGeometry(new BoxGeometry())).toThrow(/already disposed/);
  });

  it('gives a highlight its emissive tint on a copy, leaving the base material as it was', () => {
    const base = new MeshStandardMaterial({ color: 0x808080 });
    const owner = new BuildingModelOwner(new Mesh(new BoxGeometry(), base));
    const selected = owner.variant(base, 'selected') as MeshStandardMaterial;
    expect(selected).not.toBe(base);
    expect(selected.emissive.getHex()).not.toBe(0);
    expect(selected.color.getHex()).toBe(0x808080);
    expect(base.emissive.getHex()).toBe(0);
    expect(owner.variantsOf('selected')).toEqual([selected]);
    expect(owner.variantsOf('alarm')).toEqual([]);
  });
});

describe('a demo tower decoded in Node', () => {
  let dir: string;
  let manifest: TwinResponse;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bim-owner-'));
    await generateDemoTwin({ outDir: join(dir, 'c-eling') });
    manifest = { ...JSON.parse(readFileSync(join(dir, 'c-eling', 'manifest.json'), 'utf8')), base: '/twins/c-eling/' };
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function load(id: string): Promise<Object3D> {
    const bytes = readFileSync(join(dir, 'c-eling', 'buildings', `${id}.glb`));
    const gltf = await new GLTFLoader().setMeshoptDecoder(MeshoptDecoder).parseAsync(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength), '');
    return gltf.scene;
  }

  it('finds every storey and element, marks every bound sensor, and frees all of it after highlights were used', async () => {
    const tower = manifest.buildings.find((b) => b.floors >= 30)!;
    const index = JSON.parse(readFileSync(join(dir, 'c-eling', tower.elements), 'utf8')) as { storeys: { name: string }[]; elements: { globalId: string }[] };
    const sensors = sensorElements(manifest.devices, tower.id);
    expect(sensors.size).toBeGreaterThan(2);

    const scene = new Scene();
    const model = prepareBuilding(await load(tower.id), new Set(sensors.keys()));
    scene.add(model.owner.root);
    expect(model.storeys.map((s) => s.name)).toEqual(index.storeys.map((s) => s.name));
    expect(model.storeys.map((s) => s.elevationM)).toEqual([...model.storeys.map((s) => s.elevationM)].sort((a, b) => a - b));
    expect([...model.elements.keys()].sort()).toEqual(index.elements.map((e) => e.globalId).sort());
    expect([...model.markers.keys()].sort()).toEqual([...sensors.keys()].sort());

    // Every look on a few elements, as hover, selection and alarms would leave them.
    const ids = [...model.elements.keys()].slice(0, 5);
    for (const look of ['sensor', 'alarm', 'hover', 'selected', 'base'] as const) for (const id of ids) setElementLook(model, model.elements.get(id)!, look);
    for (const id of ids.slice(0, 2)) setElementLook(model, model.elements.get(id)!, 'alarm');
    expect(model.owner.variantsOf('alarm').length).toBeGreaterThan(0);

    const resources = resourcesUnder(model.owner.root);
    for (const look of ['sensor', 'alarm', 'hover', 'selected'] as const) for (const v of model.owner.variantsOf(look)) resources.add(v);
    // Marker materials are made with the model even when no sensor is in alarm or selected yet.
    for (const m of Object.values(model.markerMaterials)) resources.add(m);
    const seen = watch(resources);
    const owned = model.owner.counts();
    expect(owned.geometries + owned.materials + owned.textures).toBe(seen.size);

    model.owner.dispose();
    const missed = [...seen].filter(([, n]) => n !== 1).map(([o]) => `${o.type} ${(o as Material).name ?? ''}`);
    expect(missed).toEqual([]);
    expect(scene.children).toHaveLength(0);
  });
});
