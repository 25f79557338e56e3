/**
 * The demo buildings' IFC goes through the same import path as a customer's BIM, so these tests open
 * what the writer produces with web-ifc (the importer's parser and mesher) and check what an importer
 * would see: schema, spatial structure, GlobalIds, names, colours and geometry where the spec puts it.
 *
 * web-ifc meshes are Y-up: an IFC point (x east, y north, z up) arrives as (x, z, -y).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as WebIfc from 'web-ifc';
import { IfcAPI } from 'web-ifc';
import { writeBuildingIfc, type BuildingIfcSpec } from '../../twin-models/demo/ifc/building-ifc.ts';
import { mapConversionFor } from '../../twin-models/demo/ifc/map-conversion.ts';
import type { DeviceKind } from '../../twin-models/demo/ifc/building-spec.ts';

const CHONGQING = { longitude: 106.55, latitude: 29.56, height: 250 };

const HOUSE: BuildingIfcSpec = {
  id: 'b-1',
  name: { zh: '1栋', en: 'Building 1' },
  use: 'public_service',
  footprint: [[-5, -5], [5, -5], [5, 5], [-5, 5]],
  floors: 3,
  floorHeightM: 3,
  position: { x: 0, y: 0, z: 0 },
  rotationDeg: 0,
  georef: { ...CHONGQING, crsName: 'Local ENU, demo community origin' },
  devices: [],
};

const L_TOWER: BuildingIfcSpec = {
  id: 'b-2',
  name: { zh: '2栋', en: 'Building 2' },
  use: 'residential',
  // 24 m × 16 m with a 12 m × 8 m corner cut out: one concave corner.
  footprint: [[-12, -8], [12, -8], [12, 0], [0, 0], [0, 8], [-12, 8]],
  floors: 18,
  floorHeightM: 2.9,
  position: { x: 120, y: -40, z: 3.5 },
  rotationDeg: 90,
  georef: { ...CHONGQING, crsName: 'EPSG:4545' },
  devices: [
    { id: 'eb-2-1', kind: 'emergency_button', floor: 1, name: 'Emergency button 1F' },
    { id: 'eb-2-18', kind: 'emergency_button', floor: 18, name: 'Emergency button 18F' },
  ],
};

const HOSTILE_NAMES = ['<img src=x onerror=alert(1)>', "'; DROP TABLE x; --", 'C:\\设备\\烟感 "甲" 😀'];

const TOWER_33: BuildingIfcSpec = {
  id: 'b-33',
  name: { zh: '33栋 高层住宅', en: 'Building 33 high-rise' },
  use: 'residential',
  // A 30 m × 15 m slab block with chamfered corners (8 edges).
  footprint: [[-13, -7.5], [13, -7.5], [15, -5.5], [15, 5.5], [13, 7.5], [-13, 7.5], [-15, 5.5], [-15, -5.5]],
  floors: 33,
  floorHeightM: 3,
  position: { x: -200, y: 310, z: 12.5 },
  rotationDeg: 17.5,
  georef: { ...CHONGQING, crsName: 'EPSG:4545' },
  devices: [
    ...Array.from({ length: 33 }, (_, i) => ({ id: `sd-33-${i + 1}`, kind: 'smoke_detector' as const, floor: i + 1, name: `${i + 1}层 烟感探测器` })),
    ...[1, 11, 22, 33].map((floor) => ({ id: `eb-33-${floor}`, kind: 'emergency_button' as const, floor, name: `${floor}层 紧急求助按钮` })),
    { id: 'em-33-1', kind: 'electricity_meter', floor: 1, name: '1层 电表' },
    { id: 'tank-33', kind: 'fire_water_tank', floor: 33, name: '屋顶消防水箱' },
    { id: 'lift-33-1', kind: 'elevator', floor: 1, name: '1号电梯' },
    { id: 'lift-33-2', kind: 'elevator', floor: 1, name: '2号电梯' },
    { id: 'wm-33', kind: 'water_meter', floor: 1, name: '总水表' },
    { id: 'gm-33', kind: 'gas_meter', floor: 1, name: '燃气表' },
    { id: 'cs-33', kind: 'childcare_alarm', floor: 1, name: '入侵报警主机' },
    ...HOSTILE_NAMES.map((name, i) => ({ id: `hostile-${i}`, kind: 'smoke_detector' as const, floor: 2, name })),
  ],
};

/** Hand-computed expectations for each spec. */
const CASES = [
  { label: '3-floor square house', spec: HOUSE, edges: 4, grossFloorAreaM2: 300 },
  { label: '18-floor L-shaped tower', spec: L_TOWER, edges: 6, grossFloorAreaM2: (24 * 16 - 12 * 8) * 18 },
  { label: '33-floor tower with Chinese names and devices', spec: TOWER_33, edges: 8, grossFloorAreaM2: (30 * 15 - 4 * 2) * 33 },
];

const DEVICE_ENTITIES: Record<DeviceKind, string> = {
  smoke_detector: 'IFCSENSOR', emergency_button: 'IFCALARM', electricity_meter: 'IFCFLOWMETER', fire_water_tank: 'IFCTANK',
  elevator: 'IFCTRANSPORTELEMENT', water_meter: 'IFCFLOWMETER', gas_meter: 'IFCFLOWMETER', childcare_alarm: 'IFCUNITARYCONTROLELEMENT',
};

let api: IfcAPI;
beforeAll(async () => {
  api = new IfcAPI();
  await api.Init();
});
afterAll(() => api.Dispose());

/** Opens `ifc` in web-ifc for the duration of `fn`, always closing the model. */
function withModel<T>(ifc: string, fn: (model: number) => T): T {
  const model = api.OpenModel(new Uint8Array(Buffer.from(ifc)));
  expect(model).toBeGreaterThanOrEqual(0);
  try {
    return fn(model);
  } finally {
    api.CloseModel(model);
  }
}

const ids = (model: number, type: number) => [...api.GetLineIDsWithType(model, type)];
const line = (model: number, id: number) => api.GetLine(model, id);

/** expressID by GlobalId for all instances of the given entity names. */
function globalIdIndex(model: number, entities: string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const entity of new Set(entities)) {
    for (const id of ids(model, api.GetTypeCodeFromName(entity))) out.set(line(model, id).GlobalId.value, id);
  }
  return out;
}

interface MeshInfo {
  vertexCount: number;
  colour: { x: number; y: number; z: number };
  matrix: number[];
  /** World bounds in IFC axes (x east, y north, z up), recovered from web-ifc's Y-up output. */
  min: [number, number, number];
  max: [number, number, number];
}

/** Every mesh web-ifc produces, by product expressID, with its world-space bounds. */
function meshes(model: number): Map<number, MeshInfo> {
  const out = new Map<number, MeshInfo>();
  api.StreamAllMeshes(model, (mesh) => {
    const info: MeshInfo = { vertexCount: 0, colour: { x: 0, y: 0, z: 0 }, matrix: [], min: [Infinity, Infinity, Infinity], max: [-Infinity, -Infinity, -Infinity] };
    for (let g = 0; g < mesh.geometries.size(); g++) {
      const placed = mesh.geometries.get(g);
      const geometry = api.GetGeometry(model, placed.geometryExpressID);
      const verts = api.GetVertexArray(geometry.GetVertexData(), geometry.GetVertexDataSize());
      const m = placed.flatTransformation; // column-major 4×4
      for (let i = 0; i < verts.length; i += 6) { // x, y, z, nx, ny, nz
        const [x, y, z] = [verts[i], verts[i + 1], verts[i + 2]];
        const world = [0, 1, 2].map((r) => m[r] * x + m[4 + r] * y + m[8 + r] * z + m[12 + r]);
        const ifc = [world[0], -world[2], world[1]];
        for (let a = 0; a < 3; a++) {
          info.min[a] = Math.min(info.min[a], ifc[a]);
          info.max[a] = Math.max(info.max[a], ifc[a]);
        }
      }
      info.vertexCount += verts.length / 6;
      info.colour = placed.color;
      info.matrix = [...m];
      geometry.delete();
    }
    out.set(mesh.expressID, info);
  });
  return out;
}

/** A point of the building frame in the community frame: turned counter-clockwise, then moved. */
function placeInCommunity(spec: BuildingIfcSpec, [x, y]: [number, number]): [number, number] {
  const rad = (spec.rotationDeg * Math.PI) / 180;
  return [spec.position.x + x * Math.cos(rad) - y * Math.sin(rad), spec.position.y + x * Math.sin(rad) + y * Math.cos(rad)];
}

/** Footprint corners turned and moved the way the building placement should, as an IFC bounding box. */
function expectedBounds(spec: BuildingIfcSpec) {
  const xs = spec.footprint.map((p) => placeInCommunity(spec, p)[0]);
  const ys = spec.footprint.map((p) => placeInCommunity(spec, p)[1]);
  return {
    min: [Math.min(...xs), Math.min(...ys), spec.position.z],
    max: [Math.max(...xs), Math.max(...ys), spec.position.z + spec.floors * spec.floorHeightM + 0.3],
  };
}

describe.each(CASES)('writeBuildingIfc: $label, opened with web-ifc', ({ spec, edges, grossFloorAreaM2 }) => {
  const { ifc, elements } = writeBuildingIfc(spec);

  it('is an IFC4 model with one storey per floor, named 1F… at floor-height steps', () => {
    withModel(ifc, (model) => {
      expect(api.GetModelSchema(model)).toBe('IFC4');
      const storeys = ids(model, WebIfc.IFCBUILDINGSTOREY).map((id) => line(model, id));
      expect(storeys.map((s) => [s.Name.value, s.Elevation.value])).toEqual(
        Array.from({ length: spec.floors }, (_, i) => [`${i + 1}F`, expect.closeTo(i * spec.floorHeightM, 9)]),
      );
    });
  });

  it('has one slab per floor, one wall per footprint edge per floor, one roof and every device', () => {
    withModel(ifc, (model) => {
      const count = (type: number) => ids(model, type).length;
      expect(count(WebIfc.IFCSLAB)).toBe(spec.floors);
      expect(count(WebIfc.IFCWALL)).toBe(spec.floors * edges);
      expect(count(WebIfc.IFCROOF)).toBe(1);
      // Several kinds share an entity (water, gas and electricity meters are all IfcFlowMeter).
      for (const entity of new Set(Object.values(DEVICE_ENTITIES))) {
        expect(count(api.GetTypeCodeFromName(entity)), entity).toBe(spec.devices.filter((d) => DEVICE_ENTITIES[d.kind] === entity).length);
      }
      expect(elements).toHaveLength(spec.floors * (1 + edges) + 1 + spec.devices.length);
    });
  });

  it('lists every element with the GlobalId, type, storey, Name and device Tag found in the model', () => {
    withModel(ifc, (model) => {
      const storeyOf = new Map<number, string>();
      for (const relId of ids(model, WebIfc.IFCRELCONTAINEDINSPATIALSTRUCTURE)) {
        const rel = line(model, relId);
        const storeyName = line(model, rel.RelatingStructure.value).Name.value;
        for (const ref of rel.RelatedElements) storeyOf.set(ref.value, storeyName);
      }
      const byGlobalId = new Map<string, { expressID: number; type: string }>();
      for (const type of new Set(elements.map((e) => e.ifcType))) {
        const code = api.GetTypeCodeFromName(type);
        expect(api.GetNameFromTypeCode(code).toUpperCase()).toBe(type);
        for (const id of ids(model, code)) byGlobalId.set(line(model, id).GlobalId.value, { expressID: id, type });
      }
      expect(byGlobalId.size).toBe(elements.length);
      for (const record of elements) {
        const found = byGlobalId.get(record.globalId);
        expect(found, record.name).toBeDefined();
        expect(found!.type).toBe(record.ifcType);
        expect(storeyOf.get(found!.expressID)).toBe(record.storey);
        const product = line(model, found!.expressID);
        expect(product.Name.value).toBe(record.name);
        expect(product.Tag?.value).toBe(record.deviceId);
      }
      const devices = elements.filter((e) => e.deviceId !== undefined);
      expect(devices.map((d) => [d.deviceId, d.name, d.storey, d.ifcType]).sort()).toEqual(
        spec.devices.map((d) => [d.id, d.name, `${d.floor}F`, DEVICE_ENTITIES[d.kind]]).sort(),
      );
    });
  });

  it('round-trips the Chinese building names and the community properties', () => {
    withModel(ifc, (model) => {
      const building = line(model, ids(model, WebIfc.IFCBUILDING)[0]);
      expect([building.Name.value, building.LongName.value]).toEqual([spec.name.zh, spec.name.en]);
      const props = new Map<string, unknown>();
      for (const psetId of [...ids(model, WebIfc.IFCPROPERTYSET), ...ids(model, WebIfc.IFCELEMENTQUANTITY)]) {
        const pset = line(model, psetId);
        for (const ref of pset.HasProperties ?? pset.Quantities) {
          const p = line(model, ref.value);
          props.set(`${pset.Name.value}.${p.Name.value}`, (p.NominalValue ?? p.AreaValue ?? p.LengthValue)?.value);
        }
      }
      expect(props.get('Pset_CommunityTwin.BuildingId')).toBe(spec.id);
      expect(props.get('Pset_CommunityTwin.Use')).toBe(spec.use);
      expect(props.get('Pset_CommunityTwin.NameZh')).toBe(spec.name.zh);
      expect(props.get('Pset_BuildingCommon.NumberOfStoreys')).toBe(spec.floors);
      expect(props.get('Qto_BuildingBaseQuantities.GrossFloorArea')).toBeCloseTo(grossFloorAreaM2, 6);
    });
  });

  it('meshes every wall, slab, roof and device with non-zero geometry and its colour', () => {
    withModel(ifc, (model) => {
      const mesh = meshes(model);
      const byGlobalId = globalIdIndex(model, elements.map((e) => e.ifcType));
      const brightness = (c: { x: number; y: number; z: number }) => c.x + c.y + c.z;
      for (const record of elements) {
        const info = mesh.get(byGlobalId.get(record.globalId)!);
        expect(info?.vertexCount, record.name).toBeGreaterThan(0);
        if (record.ifcType === 'IFCWALL') expect(brightness(info!.colour)).toBeGreaterThan(2.4);
        if (record.ifcType === 'IFCSLAB') expect(brightness(info!.colour)).toBeLessThan(1.5);
        if (record.deviceId) expect([info!.colour.x > 0.8, info!.colour.y < 0.2]).toEqual([true, true]);
      }
    });
  });

  it('puts the geometry where position and rotation say: the world bounds are the turned, moved footprint', () => {
    withModel(ifc, (model) => {
      const all = [...meshes(model).values()];
      const min = [0, 1, 2].map((a) => Math.min(...all.map((m) => m.min[a])));
      const max = [0, 1, 2].map((a) => Math.max(...all.map((m) => m.max[a])));
      const expected = expectedBounds(spec);
      min.forEach((v, a) => expect(v, `min axis ${a}`).toBeCloseTo(expected.min[a], 3));
      max.forEach((v, a) => expect(v, `max axis ${a}`).toBeCloseTo(expected.max[a], 3));

      // Bounds of a symmetric outline cannot tell +θ from -θ; each wall sitting on its own edge can.
      const expressIdOf = globalIdIndex(model, elements.map((e) => e.ifcType));
      const firstFloorWalls = elements.filter((e) => e.ifcType === 'IFCWALL' && e.storey === '1F');
      const mesh = meshes(model);
      firstFloorWalls.forEach((wall, i) => {
        const box = mesh.get(expressIdOf.get(wall.globalId)!)!;
        for (const corner of [spec.footprint[i], spec.footprint[(i + 1) % edges]]) {
          const [x, y] = placeInCommunity(spec, corner);
          expect(x, `${wall.name} x`).toBeGreaterThan(box.min[0] - 1e-3);
          expect(x, `${wall.name} x`).toBeLessThan(box.max[0] + 1e-3);
          expect(y, `${wall.name} y`).toBeGreaterThan(box.min[1] - 1e-3);
          expect(y, `${wall.name} y`).toBeLessThan(box.max[1] + 1e-3);
        }
      });
    });
  });

  it('writes the georeference as IfcMapConversion to an IfcProjectedCRS and IfcSite lat/long', () => {
    withModel(ifc, (model) => {
      const conversion = line(model, ids(model, WebIfc.IFCMAPCONVERSION)[0]);
      const crs = line(model, conversion.TargetCRS.value);
      const want = mapConversionFor(spec.georef.crsName, spec.georef.longitude, spec.georef.latitude, spec.georef.height);
      expect(crs.Name.value).toBe(spec.georef.crsName);
      expect(conversion.Eastings.value).toBeCloseTo(want.eastings, 6);
      expect(conversion.Northings.value).toBeCloseTo(want.northings, 6);
      expect(conversion.OrthogonalHeight.value).toBe(spec.georef.height);
      const site = line(model, ids(model, WebIfc.IFCSITE)[0]);
      const [d, m, s, micro] = site.RefLatitude.value as number[]; // one typed value holding the list
      expect(d + m / 60 + (s + micro / 1e6) / 3600).toBeCloseTo(spec.georef.latitude, 9);
    });
  });
});

describe('writeBuildingIfc placement', () => {
  /** First floor slab's mesh matrix for a variant of the house. */
  const slabMatrix = (spec: BuildingIfcSpec) => withModel(writeBuildingIfc(spec).ifc, (model) => {
    const slab = ids(model, WebIfc.IFCSLAB).find((id) => line(model, id).Name.value.includes('1F'))!;
    return meshes(model).get(slab)!.matrix;
  });

  it('moves the mesh transform by the change in position, mapped to Y-up (x → x, z → y, y → -z)', () => {
    const shift = { x: 37.5, y: -12.25, z: 4 };
    const a = slabMatrix(HOUSE);
    const b = slabMatrix({ ...HOUSE, position: shift });
    expect(b[12] - a[12]).toBeCloseTo(shift.x, 6);
    expect(b[13] - a[13]).toBeCloseTo(shift.z, 6);
    expect(b[14] - a[14]).toBeCloseTo(-shift.y, 6);
  });

  it('turns the building: after 90° the local x axis points north (web-ifc -z)', () => {
    const m = slabMatrix({ ...HOUSE, rotationDeg: 90 });
    expect(m.slice(0, 3).map((v) => v + 0)).toEqual([expect.closeTo(0, 9), expect.closeTo(0, 9), expect.closeTo(-1, 9)]);
  });
});

describe('writeBuildingIfc output', () => {
  it('is byte-for-byte the same for the same spec and shares no GlobalId between buildings', () => {
    const a = writeBuildingIfc(TOWER_33);
    expect(writeBuildingIfc(TOWER_33).ifc).toBe(a.ifc);
    const b = writeBuildingIfc({ ...TOWER_33, id: 'b-34' });
    const idsOf = (text: string) => new Set([...text.matchAll(/^#\d+=IFC\w+\('([0-9A-Za-z_$]{22})'/gm)].map((m) => m[1]));
    const first = idsOf(a.ifc);
    expect(first.size).toBeGreaterThan(a.elements.length);
    expect([...idsOf(b.ifc)].filter((id) => first.has(id))).toEqual([]);
  });

  it('is printable ASCII only, with no exponent-form reals', () => {
    const { ifc } = writeBuildingIfc(TOWER_33);
    expect(ifc).toMatch(/^[\x20-\x7e\n]*$/);
    const data = ifc.slice(ifc.indexOf('DATA;'));
    expect(data.replace(/'(?:[^']|'')*'/g, "''")).not.toMatch(/\d[eE][-+]?\d/);
  });

  it.each([
    ['clockwise footprint', { footprint: [[-5, -5], [-5, 5], [5, 5], [5, -5]] }, /footprint must be counter-clockwise/],
    ['edge shorter than two walls', { footprint: [[0, 0], [0.4, 0], [0.4, 5], [0, 5]] }, /footprint edge 0 is 0.400 m long/],
    ['footprint doubling back', { footprint: [[0, 0], [10, 0], [10, 10], [10, 5], [0, 10]] }, /turns back on itself at point 2/],
    ['zero floors', { floors: 0 }, /floors must be an integer 1\.\.40, got 0/],
    ['41 floors', { floors: 41 }, /floors must be an integer 1\.\.40, got 41/],
    ['NaN position', { position: { x: NaN, y: 0, z: 0 } }, /position\.x must be a finite number/],
    ['device above the top floor', { devices: [{ id: 'sd-9', kind: 'smoke_detector', floor: 4, name: 'x' }] }, /device "sd-9" is on floor 4, building has floors 1\.\.3/],
    ['duplicate device id', { devices: [{ id: 'd', kind: 'smoke_detector', floor: 1, name: 'a' }, { id: 'd', kind: 'emergency_button', floor: 2, name: 'b' }] }, /device id "d" is used twice/],
  ] as const)('rejects a spec with %s, naming the building', (_case, patch, message) => {
    expect(() => writeBuildingIfc({ ...HOUSE, ...patch } as BuildingIfcSpec)).toThrow(/^ifc-writer: building "b-1": /);
    expect(() => writeBuildingIfc({ ...HOUSE, ...patch } as BuildingIfcSpec)).toThrow(message);
  });
});
