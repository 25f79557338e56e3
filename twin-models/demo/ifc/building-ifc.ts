/**
 * One demo building as a real IFC4 file, so the demo community goes through the same IFC → GLB import
 * as a customer's BIM. Pure: text in memory, no file I/O, no clock, no randomness — the same spec gives
 * the same bytes, so generated files can be cached and diffed.
 *
 * Frames: IFC is Z-up. The building frame has its origin at the base centre of the footprint; the
 * IfcBuilding placement puts it at `position` in the community's east-north-up frame (x east, y north,
 * z up), turned `rotationDeg` about +Z. The site is the community frame itself, and IfcMapConversion
 * ties that frame to the map.
 */
import { checkBuildingSpec, type BuildingIfcSpec, type ElementRecord } from './building-spec.ts';
import { DEVICE_IFC_KINDS, deviceLayout } from './device-elements.ts';
import { checkFootprint, insetPolygon, signedArea } from './footprint.ts';
import { ifcGlobalId } from './global-id.ts';
import {
  axisPlacement, compoundAngle, direction3, extrudeUp, localPlacement, point3, polygonProfile, rectangleProfile, siUnits,
  styleItem, surfaceStyle, bodyShape, type Rgb,
} from './ifc-primitives.ts';
import { mapConversionFor, cgcs2000GaussKruger } from './map-conversion.ts';
import { DERIVED, enumValue, int, typed, StepWriter, type StepRef, type StepValue } from './step-writer.ts';

export type { BuildingIfcSpec, ElementRecord } from './building-spec.ts';

/** Thicknesses in metres. Walls stand inside the footprint, so the footprint stays the building's outline. */
export const SLAB_THICKNESS_M = 0.2;
export const WALL_THICKNESS_M = 0.25;
export const ROOF_THICKNESS_M = 0.3;

/** Light walls, darker slab edges (they show as a band at every floor), a dark roof, red devices. */
const COLOURS: Record<'wall' | 'slab' | 'roof' | 'device', Rgb> = {
  wall: [0.92, 0.9, 0.85],
  slab: [0.42, 0.43, 0.46],
  roof: [0.32, 0.3, 0.3],
  device: [0.85, 0.1, 0.1],
};

/** Options that do not change the building. */
export interface WriteBuildingIfcOptions {
  /** FILE_NAME time stamp (ISO 8601). Default: a fixed date, so output is reproducible. */
  timeStamp?: string;
}

/**
 * Writes `spec` as an IFC4 (ReferenceView) STEP file and lists the physical elements in it.
 * Throws `ifc-writer: …` errors naming the building and the field at fault for an unusable spec.
 */
export function writeBuildingIfc(spec: BuildingIfcSpec, options: WriteBuildingIfcOptions = {}): { ifc: string; elements: ElementRecord[] } {
  checkBuildingSpec(spec);
  checkFootprint(spec.footprint, 2 * WALL_THICKNESS_M, `building "${spec.id}"`);
  const w = new StepWriter();
  const gid = (key: string) => ifcGlobalId(`${spec.id}/${key}`);
  const elements: ElementRecord[] = [];

  // --- Project, units, contexts, georeference -------------------------------------------------------
  const units = siUnits(w);
  const up = direction3(w, 0, 0, 1);
  const trueNorth = w.add('IFCDIRECTION', [[0, 1]]); // local +y is north: the community frame is ENU
  const model = w.add('IFCGEOMETRICREPRESENTATIONCONTEXT', [null, 'Model', int(3), 1e-5, axisPlacement(w, 0, 0, 0), trueNorth]);
  const body = w.add('IFCGEOMETRICREPRESENTATIONSUBCONTEXT', ['Body', 'Model', DERIVED, DERIVED, DERIVED, DERIVED, model, null, enumValue('MODEL_VIEW'), null]);
  const project = w.add('IFCPROJECT', [gid('project'), null, spec.name.zh, null, null, spec.name.en, null, [model], units.assignment]);
  writeGeoreference(w, spec, model, units.metre);

  // --- Spatial structure: site (community frame) → building (placed, rotated) → storeys ------------
  const sitePlacement = localPlacement(w, null, axisPlacement(w, 0, 0, 0));
  const { longitude, latitude, height } = spec.georef;
  const site = w.add('IFCSITE', [gid('site'), null, spec.name.zh, null, null, sitePlacement, null, null, enumValue('ELEMENT'),
    compoundAngle(latitude), compoundAngle(longitude), height, null, null]);
  const { x, y, z } = spec.position;
  const buildingPlacement = localPlacement(w, sitePlacement, axisPlacement(w, x, y, z, spec.rotationDeg));
  const building = w.add('IFCBUILDING', [gid('building'), null, spec.name.zh, null, null, buildingPlacement, null,
    spec.name.en, enumValue('ELEMENT'), height + z, null, null]);
  relAggregates(w, gid('rel/project-site'), project, [site]);
  relAggregates(w, gid('rel/site-building'), site, [building]);

  // --- Shapes shared by all storeys -----------------------------------------------------------------
  // IFC4 lets one IfcProductDefinitionShape serve many products (inverse ShapeOfProduct is SET [1:?]);
  // sharing keeps a 33-storey tower near 100 kB and lets web-ifc mesh each shape once.
  const styles = Object.fromEntries(Object.entries(COLOURS).map(([k, rgb]) => [k, surfaceStyle(w, k, rgb)])) as Record<keyof typeof COLOURS, StepRef>;
  const shape = (profile: StepRef, baseZ: number, depth: number, style: StepRef) => {
    const solid = extrudeUp(w, profile, baseZ, depth, up);
    styleItem(w, solid, style);
    return bodyShape(w, body, [solid]);
  };
  const storeyHeight = spec.floorHeightM;
  const slabShape = shape(polygonProfile(w, spec.footprint, 'footprint'), 0, SLAB_THICKNESS_M, styles.slab);
  // Each wall is the strip between a footprint edge and the inset outline: mitred, so corners close.
  const inner = insetPolygon(spec.footprint, WALL_THICKNESS_M);
  const edgeCount = spec.footprint.length;
  const wallShapes = spec.footprint.map((p, i) => {
    const j = (i + 1) % edgeCount;
    const strip = polygonProfile(w, [p, spec.footprint[j], inner[j], inner[i]], `wall ${i + 1}`);
    return shape(strip, SLAB_THICKNESS_M, storeyHeight - SLAB_THICKNESS_M, styles.wall);
  });
  const deviceShapes = new Map(Object.entries(DEVICE_IFC_KINDS).map(([kind, d]) =>
    [kind, shape(rectangleProfile(w, 0, 0, d.size[0], d.size[1]), 0, d.size[2], styles.device)]));
  const devicePositions = deviceLayout(spec.footprint, spec.devices);
  const identity = axisPlacement(w, 0, 0, 0);

  // --- Storeys and their elements ------------------------------------------------------------------
  const storeys: StepRef[] = [];
  const wallRefs: StepRef[] = [];
  for (let floor = 1; floor <= spec.floors; floor++) {
    const storeyName = `${floor}F`;
    const elevation = (floor - 1) * storeyHeight;
    const storeyPlacement = localPlacement(w, buildingPlacement, axisPlacement(w, 0, 0, elevation));
    const storey = w.add('IFCBUILDINGSTOREY', [gid(`storey/${floor}`), null, storeyName, null, null, storeyPlacement, null,
      `${spec.name.en} ${storeyName}`, enumValue('ELEMENT'), elevation]);
    storeys.push(storey);
    const contained: StepRef[] = [];
    const element = (entity: string, key: string, name: string, description: string | null, placement: StepRef,
      productShape: StepRef, tag: string | null, predefinedType: string, deviceId?: string) => {
      const globalId = gid(key);
      const ref = w.add(entity, [globalId, null, name, description, null, localPlacement(w, storeyPlacement, placement),
        productShape, tag, enumValue(predefinedType)]);
      contained.push(ref);
      if (entity === 'IFCWALL') wallRefs.push(ref);
      elements.push({ globalId, ifcType: entity, storey: storeyName, name, ...(deviceId === undefined ? {} : { deviceId }) });
    };

    element('IFCSLAB', `slab/${floor}`, `${spec.name.zh} ${storeyName} 楼板`, `${spec.name.en} ${storeyName} floor slab`, identity, slabShape, null, 'FLOOR');
    wallShapes.forEach((wallShape, i) => element('IFCWALL', `wall/${floor}/${i + 1}`, `${spec.name.zh} ${storeyName} 外墙${i + 1}`,
      `${spec.name.en} ${storeyName} exterior wall ${i + 1}`, identity, wallShape, null, 'SOLIDWALL'));
    if (floor === spec.floors) {
      const roofShape = shape(polygonProfile(w, spec.footprint, 'roof'), storeyHeight, ROOF_THICKNESS_M, styles.roof);
      element('IFCROOF', 'roof', `${spec.name.zh} 屋顶`, `${spec.name.en} roof`, identity, roofShape, null, 'FLAT_ROOF');
    }
    for (const device of spec.devices.filter((d) => d.floor === floor)) {
      const kind = DEVICE_IFC_KINDS[device.kind];
      const [dx, dy] = devicePositions.get(device.id)!;
      element(kind.entity, `device/${device.id}`, device.name, null, axisPlacement(w, dx, dy, kind.baseZ(storeyHeight)),
        deviceShapes.get(device.kind)!, device.id, kind.predefinedType, device.id);
    }
    w.add('IFCRELCONTAINEDINSPATIALSTRUCTURE', [gid(`rel/storey/${floor}/contains`), null, null, null, contained, storey]);
  }
  relAggregates(w, gid('rel/building-storeys'), building, storeys);

  // --- Properties and quantities ------------------------------------------------------------------
  const footprintArea = signedArea(spec.footprint);
  const single = (name: string, value: StepValue) => w.add('IFCPROPERTYSINGLEVALUE', [name, null, value, null]);
  const defines = (key: string, objects: StepRef[], definition: StepRef) =>
    w.add('IFCRELDEFINESBYPROPERTIES', [gid(`rel/${key}`), null, null, null, objects, definition]);
  defines('pset-building-common', [building], w.add('IFCPROPERTYSET', [gid('pset/building-common'), null, 'Pset_BuildingCommon', null, [
    single('NumberOfStoreys', typed('IFCINTEGER', int(spec.floors))),
    single('GrossPlannedArea', typed('IFCAREAMEASURE', footprintArea * spec.floors)),
  ]]));
  defines('qto-building', [building], w.add('IFCELEMENTQUANTITY', [gid('qto/building'), null, 'Qto_BuildingBaseQuantities', null, null, [
    w.add('IFCQUANTITYLENGTH', ['Height', null, null, spec.floors * storeyHeight + ROOF_THICKNESS_M, null]),
    w.add('IFCQUANTITYAREA', ['FootprintArea', null, null, footprintArea, null]),
    w.add('IFCQUANTITYAREA', ['GrossFloorArea', null, null, footprintArea * spec.floors, null]),
  ]]));
  defines('pset-community-twin', [building], w.add('IFCPROPERTYSET', [gid('pset/community-twin'), null, 'Pset_CommunityTwin', null, [
    single('BuildingId', typed('IFCIDENTIFIER', spec.id)),
    single('Use', typed('IFCLABEL', spec.use)),
    single('NameZh', typed('IFCLABEL', spec.name.zh)),
    single('NameEn', typed('IFCLABEL', spec.name.en)),
  ]]));
  defines('pset-wall-common', wallRefs, w.add('IFCPROPERTYSET', [gid('pset/wall-common'), null, 'Pset_WallCommon', null, [
    single('IsExternal', typed('IFCBOOLEAN', true)),
  ]]));

  const ifc = w.toString({
    description: ['ViewDefinition [ReferenceView_V1.2]'],
    fileName: `${spec.id}.ifc`,
    timeStamp: options.timeStamp ?? '2024-01-01T00:00:00',
    preprocessorVersion: 'community-twin ifc writer',
    originatingSystem: 'community-twin demo community generator',
    schema: 'IFC4',
  });
  return { ifc, elements };
}

function relAggregates(w: StepWriter, globalId: string, whole: StepRef, parts: StepRef[]): StepRef {
  return w.add('IFCRELAGGREGATES', [globalId, null, null, null, whole, parts]);
}

/**
 * IfcMapConversion from the model context to an IfcProjectedCRS, for importers that place models on a map.
 * Local frames (no EPSG grid) still get a CRS entry whose description says where the frame's origin is.
 */
function writeGeoreference(w: StepWriter, spec: BuildingIfcSpec, model: StepRef, metre: StepRef): void {
  const { longitude, latitude, height, crsName } = spec.georef;
  const grid = cgcs2000GaussKruger(crsName);
  const description = grid
    ? `CGCS2000 / 3-degree Gauss-Kruger CM ${grid.centralMeridianDeg}E`
    : `Local east-north-up frame, origin at ${longitude}E ${latitude}N, ${height} m`;
  const crs = w.add('IFCPROJECTEDCRS', [crsName, description, grid ? 'CGCS2000' : null, null,
    grid ? 'Gauss-Kruger' : null, grid ? `CM ${grid.centralMeridianDeg}E` : null, metre]);
  const m = mapConversionFor(crsName, longitude, latitude, height);
  w.add('IFCMAPCONVERSION', [model, crs, m.eastings, m.northings, m.orthogonalHeight, m.xAxisAbscissa, m.xAxisOrdinate, m.scale]);
}
