/**
 * Small hand-written IFC files for the import tests: a two-storey box building (slab, four walls
 * and a room per storey) in millimetres or metres, with an IfcSite latitude/longitude and, when
 * asked, an IfcMapConversion to a projected CRS. IFC is text, so the test states exactly what the
 * file says and can check the pipeline against a hand computation.
 */

export interface IfcFixtureOptions {
  /** FILE_SCHEMA name (IFC4, IFC4X3_RC2, …). */
  schema?: string;
  unit?: 'mm' | 'm';
  /** Storey elevations in the file's length unit. */
  storeyElevations?: number[];
  /** Footprint of the building in the file's unit: x along the local x axis, y along local y. */
  size?: { x: number; y: number; storeyHeight: number };
  site?: { latitude: number; longitude: number; elevation: number };
  /** Local true north as a direction in the model's XY plane (omitted: +Y). */
  trueNorth?: [number, number];
  mapConversion?: {
    crs: string; eastings: number; northings: number; orthogonalHeight: number;
    xAxisAbscissa: number; xAxisOrdinate: number; scale?: number;
  };
  /** Leave out the rooms. */
  noSpaces?: boolean;
}

/** `[deg, min, sec, millionths]` of a decimal angle, as IfcCompoundPlaneAngleMeasure wants. */
export function compoundAngle(deg: number): [number, number, number, number] {
  const sign = deg < 0 ? -1 : 1;
  let rest = Math.abs(deg);
  const d = Math.floor(rest); rest = (rest - d) * 60;
  const m = Math.floor(rest); rest = (rest - m) * 60;
  const s = Math.floor(rest);
  const u = Math.round((rest - s) * 1e6);
  return [sign * d, sign * m, sign * s, sign * u];
}

export function ifcFixture(opts: IfcFixtureOptions = {}): string {
  const unit = opts.unit ?? 'mm';
  const k = unit === 'mm' ? 1000 : 1;
  const size = opts.size ?? { x: 20 * k, y: 12 * k, storeyHeight: 3.14 * k };
  const elevations = opts.storeyElevations ?? [0, size.storeyHeight];
  const lines: string[] = [];
  let n = 0;
  const add = (entity: string): string => { n++; lines.push(`#${n}=${entity};`); return `#${n}`; };
  const num = (v: number) => (Number.isInteger(v) ? `${v}.` : String(v));
  const gid = (i: number) => `'${('0Fixture' + String(i).padStart(14, '0')).slice(0, 22)}'`;
  let gidCount = 0;
  const nextGid = () => gid(++gidCount);

  const pt3 = (x: number, y: number, z: number) => add(`IFCCARTESIANPOINT((${num(x)},${num(y)},${num(z)}))`);
  const pt2 = (x: number, y: number) => add(`IFCCARTESIANPOINT((${num(x)},${num(y)}))`);
  const dir3 = (x: number, y: number, z: number) => add(`IFCDIRECTION((${num(x)},${num(y)},${num(z)}))`);
  const axis3 = (at: string) => add(`IFCAXIS2PLACEMENT3D(${at},$,$)`);
  const placement = (rel: string | null, x: number, y: number, z: number) => add(`IFCLOCALPLACEMENT(${rel ?? '$'},${axis3(pt3(x, y, z))})`);

  const owner = (() => {
    const person = add(`IFCPERSON($,'Fixture',$,$,$,$,$,$)`);
    const org = add(`IFCORGANIZATION($,'Fixture',$,$,$)`);
    const po = add(`IFCPERSONANDORGANIZATION(${person},${org},$)`);
    const app = add(`IFCAPPLICATION(${org},'1','ifc-fixture','ifc-fixture')`);
    return add(`IFCOWNERHISTORY(${po},${app},$,.ADDED.,$,$,$,0)`);
  })();
  const length = unit === 'mm' ? add(`IFCSIUNIT(*,.LENGTHUNIT.,.MILLI.,.METRE.)`) : add(`IFCSIUNIT(*,.LENGTHUNIT.,$,.METRE.)`);
  const area = add(`IFCSIUNIT(*,.AREAUNIT.,$,.SQUARE_METRE.)`);
  const angle = add(`IFCSIUNIT(*,.PLANEANGLEUNIT.,$,.RADIAN.)`);
  const units = add(`IFCUNITASSIGNMENT((${length},${area},${angle}))`);
  const north = opts.trueNorth ? add(`IFCDIRECTION((${num(opts.trueNorth[0])},${num(opts.trueNorth[1])}))`) : '$';
  const context = add(`IFCGEOMETRICREPRESENTATIONCONTEXT($,'Model',3,1.E-05,${axis3(pt3(0, 0, 0))},${north})`);
  const body = add(`IFCGEOMETRICREPRESENTATIONSUBCONTEXT('Body','Model',*,*,*,*,${context},$,.MODEL_VIEW.,$)`);
  const project = add(`IFCPROJECT(${nextGid()},${owner},'Fixture project',$,$,$,$,(${context}),${units})`);
  if (opts.mapConversion) {
    const mc = opts.mapConversion;
    const metre = add(`IFCSIUNIT(*,.LENGTHUNIT.,$,.METRE.)`);
    const crs = add(`IFCPROJECTEDCRS('${mc.crs}','CGCS2000 / 3-degree Gauss-Kruger CM 108E','CGCS2000',$,$,$,${metre})`);
    add(`IFCMAPCONVERSION(${context},${crs},${num(mc.eastings)},${num(mc.northings)},${num(mc.orthogonalHeight)},${num(mc.xAxisAbscissa)},${num(mc.xAxisOrdinate)},${mc.scale === undefined ? '$' : num(mc.scale)})`);
  }

  const sitePlace = placement(null, 0, 0, 0);
  const s = opts.site;
  const ll = (deg: number) => `(${compoundAngle(deg).join(',')})`;
  const site = add(`IFCSITE(${nextGid()},${owner},'Site',$,$,${sitePlace},$,$,.ELEMENT.,${s ? ll(s.latitude) : '$'},${s ? ll(s.longitude) : '$'},${s ? num(s.elevation) : '$'},$,$)`);
  const buildingPlace = placement(sitePlace, 0, 0, 0);
  const building = add(`IFCBUILDING(${nextGid()},${owner},'Fixture building',$,$,${buildingPlace},$,$,.ELEMENT.,$,$,$)`);
  add(`IFCRELAGGREGATES(${nextGid()},${owner},$,$,${project},(${site}))`);
  add(`IFCRELAGGREGATES(${nextGid()},${owner},$,$,${site},(${building}))`);

  const zUp = dir3(0, 0, 1);
  const box = (rel: string, x: number, y: number, z: number, dx: number, dy: number, dz: number) => {
    const profile = add(`IFCRECTANGLEPROFILEDEF(.AREA.,$,${add(`IFCAXIS2PLACEMENT2D(${pt2(dx / 2, dy / 2)},$)`)},${num(dx)},${num(dy)})`);
    const solid = add(`IFCEXTRUDEDAREASOLID(${profile},${axis3(pt3(0, 0, 0))},${zUp},${num(dz)})`);
    const rep = add(`IFCSHAPEREPRESENTATION(${body},'Body','SweptSolid',(${solid}))`);
    return { place: placement(rel, x, y, z), shape: add(`IFCPRODUCTDEFINITIONSHAPE($,$,(${rep}))`) };
  };

  const storeys: string[] = [];
  const t = 0.2 * k;
  elevations.forEach((elev, i) => {
    const storeyPlace = placement(buildingPlace, 0, 0, elev);
    const storey = add(`IFCBUILDINGSTOREY(${nextGid()},${owner},'${i + 1}F',$,$,${storeyPlace},$,$,.ELEMENT.,${num(elev)})`);
    storeys.push(storey);
    const parts: string[] = [];
    const slab = box(storeyPlace, 0, 0, 0, size.x, size.y, t);
    parts.push(add(`IFCSLAB(${nextGid()},${owner},'Slab ${i + 1}F',$,$,${slab.place},${slab.shape},$,.FLOOR.)`));
    const wallH = size.storeyHeight - t;
    for (const [x, y, dx, dy] of [[0, 0, size.x, t], [0, size.y - t, size.x, t], [0, 0, t, size.y], [size.x - t, 0, t, size.y]]) {
      const w = box(storeyPlace, x, y, t, dx, dy, wallH);
      parts.push(add(`IFCWALL(${nextGid()},${owner},'Wall',$,$,${w.place},${w.shape},$,.STANDARD.)`));
    }
    add(`IFCRELCONTAINEDINSPATIALSTRUCTURE(${nextGid()},${owner},$,$,(${parts.join(',')}),${storey})`);
    if (!opts.noSpaces) {
      const room = box(storeyPlace, t, t, t, size.x - 2 * t, size.y - 2 * t, wallH);
      const space = add(`IFCSPACE(${nextGid()},${owner},'${i + 1}01','Living room',$,${room.place},${room.shape},'Living room ${i + 1}F',.ELEMENT.,.INTERNAL.,$)`);
      add(`IFCRELAGGREGATES(${nextGid()},${owner},$,$,${storey},(${space}))`);
    }
  });
  add(`IFCRELAGGREGATES(${nextGid()},${owner},$,$,${building},(${storeys.join(',')}))`);

  return [
    'ISO-10303-21;',
    'HEADER;',
    `FILE_DESCRIPTION(('ViewDefinition [DesignTransferView]'),'2;1');`,
    `FILE_NAME('fixture.ifc','2026-01-01T00:00:00',(''),(''),'ifc-fixture','ifc-fixture','');`,
    `FILE_SCHEMA(('${opts.schema ?? 'IFC4'}'));`,
    'ENDSEC;',
    'DATA;',
    ...lines,
    'ENDSEC;',
    'END-ISO-10303-21;',
    '',
  ].join('\n');
}
