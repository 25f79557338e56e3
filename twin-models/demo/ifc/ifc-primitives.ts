/**
 * Small IFC4 building blocks over a StepWriter: points, placements, extrusions, colours, units.
 * Each returns the reference of the entity it wrote, so the building writer reads like the IFC it makes.
 * Attribute order follows the IFC4 ADD2 TC1 schema; `null` is an unset optional attribute.
 */
import { DERIVED, enumValue, int, type StepRef, type StepWriter } from './step-writer.ts';
import type { Point2 } from './footprint.ts';

export type Rgb = [number, number, number];

export function point3(w: StepWriter, x: number, y: number, z: number): StepRef {
  return w.add('IFCCARTESIANPOINT', [[x, y, z]]);
}

export function direction3(w: StepWriter, x: number, y: number, z: number): StepRef {
  return w.add('IFCDIRECTION', [[x, y, z]]);
}

/**
 * An IfcAxis2Placement3D at (x, y, z) turned `rotationDeg` counter-clockwise about +Z. Axis and
 * RefDirection are written only when there is a rotation: IFC defaults them to +Z and +X.
 */
export function axisPlacement(w: StepWriter, x: number, y: number, z: number, rotationDeg = 0): StepRef {
  const origin = point3(w, x, y, z);
  if (rotationDeg === 0) return w.add('IFCAXIS2PLACEMENT3D', [origin, null, null]);
  const rad = (rotationDeg * Math.PI) / 180;
  // Exact axis-aligned values for quarter turns, so 90° gives (0,1,0) and not (6e-17,1,0).
  const cos = Number.isInteger(rotationDeg / 90) ? Math.round(Math.cos(rad)) : Math.cos(rad);
  const sin = Number.isInteger(rotationDeg / 90) ? Math.round(Math.sin(rad)) : Math.sin(rad);
  return w.add('IFCAXIS2PLACEMENT3D', [origin, direction3(w, 0, 0, 1), direction3(w, cos, sin, 0)]);
}

/** IfcLocalPlacement relative to `parent` (null: relative to the world coordinate system). */
export function localPlacement(w: StepWriter, parent: StepRef | null, placement: StepRef): StepRef {
  return w.add('IFCLOCALPLACEMENT', [parent, placement]);
}

/** A closed IfcPolyline profile (first point repeated at the end, as IFC expects) in the XY plane. */
export function polygonProfile(w: StepWriter, polygon: readonly Point2[], name: string): StepRef {
  const points = [...polygon, polygon[0]].map(([x, y]) => w.add('IFCCARTESIANPOINT', [[x, y]]));
  const curve = w.add('IFCPOLYLINE', [points]);
  return w.add('IFCARBITRARYCLOSEDPROFILEDEF', [enumValue('AREA'), name, curve]);
}

/** An axis-aligned rectangle profile centred on (cx, cy), sizes in metres. */
export function rectangleProfile(w: StepWriter, cx: number, cy: number, xDimM: number, yDimM: number): StepRef {
  const centre = w.add('IFCAXIS2PLACEMENT2D', [w.add('IFCCARTESIANPOINT', [[cx, cy]]), null]);
  return w.add('IFCRECTANGLEPROFILEDEF', [enumValue('AREA'), null, centre, xDimM, yDimM]);
}

/** Extrudes `profile` straight up (+Z) by `depthM`, starting at height `baseZ` of the element's placement. */
export function extrudeUp(w: StepWriter, profile: StepRef, baseZ: number, depthM: number, up: StepRef): StepRef {
  return w.add('IFCEXTRUDEDAREASOLID', [profile, axisPlacement(w, 0, 0, baseZ), up, depthM]);
}

/**
 * A named surface colour. IfcSurfaceStyleRendering is a subtype of IfcSurfaceStyleShading, so readers
 * that only know shading (colour + transparency) still find the colour; without a style web-ifc meshes
 * come out in its default grey.
 */
export function surfaceStyle(w: StepWriter, name: string, [r, g, b]: Rgb): StepRef {
  const colour = w.add('IFCCOLOURRGB', [name, r, g, b]);
  const rendering = w.add('IFCSURFACESTYLERENDERING', [colour, 0, null, null, null, null, null, null, enumValue('NOTDEFINED')]);
  return w.add('IFCSURFACESTYLE', [name, enumValue('BOTH'), [rendering]]);
}

/** Colours a representation item (a solid) with a surface style. */
export function styleItem(w: StepWriter, item: StepRef, style: StepRef): StepRef {
  return w.add('IFCSTYLEDITEM', [item, [style], null]);
}

/** A 'Body' shape made of `items`, wrapped in the IfcProductDefinitionShape a product points to. */
export function bodyShape(w: StepWriter, bodyContext: StepRef, items: StepRef[]): StepRef {
  const representation = w.add('IFCSHAPEREPRESENTATION', [bodyContext, 'Body', 'SweptSolid', items]);
  return w.add('IFCPRODUCTDEFINITIONSHAPE', [null, null, [representation]]);
}

/** SI units: metre, square metre, cubic metre, radian. Rotations are carried by direction vectors, so
 * the plane angle unit only matters to readers of angle-valued properties. */
export function siUnits(w: StepWriter): { assignment: StepRef; metre: StepRef } {
  const si = (type: string, name: string) => w.add('IFCSIUNIT', [DERIVED, enumValue(type), null, enumValue(name)]);
  const metre = si('LENGTHUNIT', 'METRE');
  const assignment = w.add('IFCUNITASSIGNMENT', [
    [metre, si('AREAUNIT', 'SQUARE_METRE'), si('VOLUMEUNIT', 'CUBIC_METRE'), si('PLANEANGLEUNIT', 'RADIAN')],
  ]);
  return { assignment, metre };
}

/**
 * Degrees as IfcCompoundPlaneAngleMeasure (degrees, minutes, seconds, millionths of a second), the
 * form IfcSite.RefLatitude/RefLongitude take. All parts carry the sign, as the schema requires.
 */
export function compoundAngle(deg: number) {
  const sign = deg < 0 ? -1 : 1;
  let micro = Math.round(Math.abs(deg) * 3600 * 1e6);
  const d = Math.floor(micro / 3.6e9);
  micro -= d * 3.6e9;
  const m = Math.floor(micro / 6e7);
  micro -= m * 6e7;
  const s = Math.floor(micro / 1e6);
  micro -= s * 1e6;
  return [d, m, s, micro].map((part) => int(sign * part || 0));
}
