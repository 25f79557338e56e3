/**
 * The IFC pipeline on real files nobody here wrote (../shared/data/ifc, see SOURCES.md): element
 * counts, GlobalIds that round-trip to the source file, valid glTF, no black materials, no empty
 * accessors, and failures that name the file and leave the previous output alone.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { convertIfc, type ElementIndexFile } from '../../twin-models/import/ifc/convert-ifc.ts';
import { convertIfcInChild } from '../../twin-models/import/ifc/convert-in-child.ts';
import { gltfIO } from '../../twin-models/import/gltf/optimise-glb.ts';
import { validateGlb } from '../../twin-models/import/gltf/validate-glb.ts';
import { sampleFolder } from '../support/sample-data.ts';
import { requireSamples } from '../support/require-samples.ts';

const samples = sampleFolder('ifc');
const DATA = samples.dir;
const haveSamples = requireSamples(samples);
const out = mkdtempSync(join(tmpdir(), 'ifc-import-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** GlobalIds of every entity in a STEP file, read with a regex: independent of web-ifc. */
function globalIdsInFile(path: string): Set<string> {
  const ids = new Set<string>();
  for (const m of readFileSync(path, 'latin1').matchAll(/^#\d+\s*=\s*IFC\w+\s*\(\s*'([0-9A-Za-z_$]{22})'/gm)) ids.add(m[1]);
  return ids;
}

const FILES = [
  // Counts from SOURCES.md: IfcOpenHouse 35 elements, duplex ~215 with geometry, FZK-Haus ~83.
  { file: 'IfcOpenHouse_IFC4.ifc', schema: 'IFC4', elements: [35, 35], storeys: 1, types: ['IfcWallStandardCase', 'IfcSlab', 'IfcDoor', 'IfcStairFlight'] },
  { file: 'duplex.ifc', schema: 'IFC2X3', elements: [200, 230], storeys: 4, types: ['IfcWallStandardCase', 'IfcSlab', 'IfcWindow', 'IfcDoor'] },
  { file: 'AC20-FZK-Haus.ifc', schema: 'IFC4', elements: [75, 95], storeys: 2, types: ['IfcWallStandardCase', 'IfcSlab', 'IfcWindow', 'IfcDoor'] },
];

describe.skipIf(!haveSamples).each(FILES)('IFC → GLB: $file', ({ file, schema, elements, storeys, types }) => {
  const path = join(DATA, file);
  let result: Awaited<ReturnType<typeof convertIfc>>;
  let index: ElementIndexFile;

  it('converts with every element that has geometry, identified by its GlobalId', async () => {
    result = await convertIfc(path, { outDir: out });
    index = JSON.parse(readFileSync(result.indexPath, 'utf8'));
    expect(result.schema).toBe(schema);
    const body = index.elements.filter((e) => !e.room);
    expect(body.length).toBeGreaterThanOrEqual(elements[0]);
    expect(body.length).toBeLessThanOrEqual(elements[1]);
    const inFile = globalIdsInFile(path);
    const ids = index.elements.map((e) => e.globalId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(inFile.has(id), `${id} is in ${file}`).toBe(true);
    for (const t of types) expect(index.elements.some((e) => e.ifcType === t), `${t} present`).toBe(true);
    expect(index.storeys).toHaveLength(storeys);
    // Everything but the site itself sits on a storey (directly, through a room, or as part of an element).
    expect(index.elements.filter((e) => e.storey === null).map((e) => e.ifcType).filter((t) => t !== 'IfcSite')).toEqual([]);
    for (const e of index.elements) expect(e.bbox[3]).toBeGreaterThanOrEqual(e.bbox[0]);
  });

  it('writes a GLB that passes glTF validation, keeps one node per element and renders in colour', async () => {
    const glb = readFileSync(result.glbPath);
    const report = await validateGlb(glb, file);
    expect(report.messages).toEqual([]);
    expect(report.errors).toBe(0);
    const doc = await (await gltfIO()).readBinary(new Uint8Array(glb));
    const nodeIds = new Set(doc.getRoot().listNodes().map((n) => (n.getExtras() as { globalId?: string }).globalId).filter(Boolean));
    for (const e of index.elements) expect(nodeIds.has(e.globalId)).toBe(true);
    // Storeys are the top-level nodes, so the viewer can explode or clip by floor.
    const top = doc.getRoot().listScenes()[0].listChildren().map((n) => n.getName());
    for (const s of index.storeys) expect(top).toContain(s.name);
    for (const m of doc.getRoot().listMaterials()) expect(m.getMetallicFactor()).toBe(0);
    for (const a of doc.getRoot().listAccessors()) expect(a.getCount()).toBeGreaterThan(0);
    expect(doc.getRoot().listExtensionsUsed().map((x) => x.extensionName)).toContain('EXT_meshopt_compression');
  });

  it('skips the empty geometries web-ifc returns instead of writing zero-length accessors', () => {
    expect(result.stats.skippedEmpty).toBeGreaterThan(0);
    expect(result.stats.uniqueMeshes).toBeLessThan(result.stats.placedGeometries); // shared, not copied
  });
});

describe('IFC import failures', () => {
  const cases = [
    { name: 'not an IFC file', content: 'hello', error: /not an IFC STEP file/ },
    { name: 'an unsupported schema', content: "ISO-10303-21;\nHEADER;\nFILE_DESCRIPTION((''),'2;1');\nFILE_NAME('','',(''),(''),'','','');\nFILE_SCHEMA(('IFC2X2_FINAL'));\nENDSEC;\nDATA;\nENDSEC;\nEND-ISO-10303-21;\n", error: /schema|no element/ },
    { name: 'a file with no geometry', content: "ISO-10303-21;\nHEADER;\nFILE_DESCRIPTION((''),'2;1');\nFILE_NAME('','',(''),(''),'','','');\nFILE_SCHEMA(('IFC4'));\nENDSEC;\nDATA;\n#1=IFCPERSON($,$,'x',$,$,$,$,$);\nENDSEC;\nEND-ISO-10303-21;\n", error: /no element with geometry/ },
  ];
  it.skipIf(!haveSamples).each(cases)('$name: a clear error naming the file, and the previous model stays', async ({ name, content, error }) => {
    const dir = mkdtempSync(join(tmpdir(), 'ifc-bad-'));
    try {
      await convertIfc(join(DATA, 'IfcOpenHouse_IFC4.ifc'), { outDir: dir, name: 'house' });
      const before = readFileSync(join(dir, 'house.glb'));
      const bad = join(dir, `${name.replace(/\W+/g, '-')}.ifc`);
      writeFileSync(bad, content);
      await expect(convertIfc(bad, { outDir: dir, name: 'house' })).rejects.toThrow(error);
      await expect(convertIfc(bad, { outDir: dir, name: 'house' })).rejects.toThrow(bad);
      expect(readFileSync(join(dir, 'house.glb')).equals(before)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a missing file names the path', async () => {
    await expect(convertIfc('/nonexistent/model.ifc', { outDir: out })).rejects.toThrow(/cannot read \/nonexistent\/model\.ifc/);
  });

  it.skipIf(!haveSamples)('the child-process converter reports peak memory and stops a conversion that passes its cap', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ifc-child-'));
    try {
      const ok = await convertIfcInChild(join(DATA, 'IfcOpenHouse_IFC4.ifc'), { outDir: dir });
      expect(ok.stats.elements).toBe(35);
      expect(ok.peakRssBytes).toBeGreaterThan(20e6);
      await expect(convertIfcInChild(join(DATA, 'duplex.ifc'), { outDir: dir, name: 'capped', maxMemoryMb: 40 })).rejects.toThrow(/needed more than 40 MB/);
      expect(existsSync(join(dir, 'capped.glb'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
