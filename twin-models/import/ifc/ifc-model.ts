/**
 * Reads an IFC file with web-ifc and indexes what the twin needs to keep: each element's GlobalId,
 * IFC type, name and storey. Geometry is streamed separately (ifc-to-gltf.ts).
 */
import { readFile } from 'node:fs/promises';
import * as WebIfc from 'web-ifc';

export interface IfcElementInfo {
  expressId: number;
  globalId: string;
  /** IFC entity name as the schema spells it, e.g. `IfcWall`. */
  ifcType: string;
  name: string;
  /** Name of the IfcBuildingStorey that contains the element (directly or through its parent), or null. */
  storey: string | null;
  /** The device id written in the element's Tag, if any (the demo community's devices carry one). */
  tag: string | null;
}

export interface IfcStorey {
  globalId: string;
  name: string;
  /** Elevation above the building's zero, metres (the file's length unit applied; 0 when unset). */
  elevationM: number;
}

export interface OpenedIfc {
  api: WebIfc.IfcAPI;
  modelId: number;
  schema: string;
  /** Metres per length unit of the file (0.001 for a model in millimetres). */
  lengthUnitM: number;
  storeys: IfcStorey[];
  /** Elements by expressID; filled lazily for elements that have geometry. */
  element(expressId: number): IfcElementInfo;
  close(): void;
}

/**
 * Every schema name web-ifc reads (IFC2X3, IFC4, and the IFC4X3 family with its release candidates
 * and addenda), so a file is refused only for a schema web-ifc cannot parse.
 */
export const SUPPORTED_SCHEMAS: ReadonlySet<string> = new Set(WebIfc.SchemaNames.flat().filter(Boolean));

let shared: Promise<WebIfc.IfcAPI> | undefined;
/** One web-ifc instance per process: its WebAssembly module is large and slow to start. */
function ifcApi(): Promise<WebIfc.IfcAPI> {
  shared ??= (async () => {
    const api = new WebIfc.IfcAPI();
    await api.Init();
    api.SetLogLevel(WebIfc.LogLevel.LOG_LEVEL_OFF);
    return api;
  })();
  return shared;
}

export class IfcImportError extends Error {}

/** Opens `path`; an unreadable or unsupported file throws an IfcImportError naming it and the problem. */
export async function openIfc(path: string): Promise<OpenedIfc> {
  const bytes = await readFile(path).catch((e: Error) => {
    throw new IfcImportError(`ifc: cannot read ${path}: ${e.message}`, { cause: e });
  });
  const head = bytes.subarray(0, 64).toString('latin1').replace(/^\uFEFF|^\xEF\xBB\xBF/, '');
  if (!head.startsWith('ISO-10303-21')) {
    throw new IfcImportError(`ifc: ${path} is not an IFC STEP file (it does not start with ISO-10303-21; IFC-XML and ifcZIP are not supported, export IFC STEP .ifc)`);
  }
  const problem = structuralProblem(bytes);
  if (problem) throw new IfcImportError(`ifc: ${path} is ${problem}; copy or export it again`);
  const declared = /FILE_SCHEMA\s*\(\s*\(\s*'([^']*)'/i.exec(bytes.subarray(0, 4096).toString('latin1'))?.[1]?.toUpperCase();
  if (declared && !SUPPORTED_SCHEMAS.has(declared)) {
    throw new IfcImportError(`ifc: ${path} uses schema ${declared}, which web-ifc cannot read; supported are IFC2X3, IFC4 and IFC4X3 (${[...SUPPORTED_SCHEMAS].filter((n) => n.startsWith('IFC4X')).join(', ')})`);
  }
  const api = await ifcApi();
  // COORDINATE_TO_ORIGIN off: the file's own placement is the building's position, which we keep.
  const modelId = api.OpenModel(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), { COORDINATE_TO_ORIGIN: false });
  if (modelId < 0) throw new IfcImportError(`ifc: web-ifc could not open ${path} (schema ${declared ?? 'not declared'})`);
  const schema = api.GetModelSchema(modelId);
  const lengthUnitM = lengthUnitOf(api, modelId);

  const storeyOf = containmentIndex(api, modelId);
  const storeys: IfcStorey[] = [];
  for (const id of ids(api.GetLineIDsWithType(modelId, WebIfc.IFCBUILDINGSTOREY))) {
    const line = api.GetLine(modelId, id);
    storeys.push({ globalId: text(line.GlobalId), name: text(line.Name) || `#${id}`, elevationM: round4(Number(line.Elevation?.value ?? 0) * lengthUnitM) });
  }
  storeys.sort((a, b) => a.elevationM - b.elevationM);

  const cache = new Map<number, IfcElementInfo>();
  return {
    api, modelId, schema, lengthUnitM, storeys,
    element(expressId) {
      let info = cache.get(expressId);
      if (!info) {
        const line = api.GetLine(modelId, expressId);
        info = {
          expressId,
          globalId: text(line.GlobalId),
          ifcType: typeName(api.GetNameFromTypeCode(line.type)),
          name: text(line.Name),
          storey: storeyOf.get(expressId) ?? null,
          tag: text(line.Tag) || null,
        };
        cache.set(expressId, info);
      }
      return info;
    },
    close: () => api.CloseModel(modelId),
  };
}

/**
 * Why a STEP file cannot be whole, or null: a file cut short (an interrupted copy or download)
 * lacks the END-ISO-10303-21 trailer, and web-ifc would silently read the part that is there.
 */
function structuralProblem(bytes: Buffer): string | null {
  const tail = bytes.subarray(Math.max(0, bytes.byteLength - 256)).toString('latin1').trimEnd();
  if (!/END-ISO-10303-21;$/i.test(tail)) return `truncated or corrupt (it does not end with END-ISO-10303-21;, so it was cut short: ${bytes.byteLength.toLocaleString('en')} bytes read)`;
  if (bytes.indexOf('DATA;', 0, 'latin1') < 0) return 'corrupt (it has no DATA section)';
  if (bytes.includes(0)) return 'corrupt (it contains NUL bytes, which a STEP text file cannot)';
  return null;
}

/** SI prefixes IFC may put on the metre. */
const SI_PREFIX: Record<string, number> = { EXA: 1e18, PETA: 1e15, TERA: 1e12, GIGA: 1e9, MEGA: 1e6, KILO: 1e3, HECTO: 1e2, DECA: 1e1, DECI: 1e-1, CENTI: 1e-2, MILLI: 1e-3, MICRO: 1e-6, NANO: 1e-9 };
/** Conversion-based units by name, where the file's own conversion factor cannot be read. */
const NAMED_LENGTH: Record<string, number> = { FOOT: 0.3048, 'US SURVEY FOOT': 1200 / 3937, INCH: 0.0254, YARD: 0.9144, MILE: 1609.344 };

/** Metres per unit of an IfcSIUnit or IfcConversionBasedUnit (resolved line), or null. */
export function metresPerUnit(unit: any): number | null {
  if (!unit) return null;
  if (unit.Prefix !== undefined || unit.Name?.value === 'METRE') {
    if (unit.Name?.value !== 'METRE') return null;
    return unit.Prefix?.value ? SI_PREFIX[String(unit.Prefix.value)] ?? null : 1;
  }
  const factor = unit.ConversionFactor;
  if (factor) {
    const value = Number(factor.ValueComponent?.value);
    const base = metresPerUnit(factor.UnitComponent);
    if (Number.isFinite(value) && value > 0 && base) return value * base;
  }
  return NAMED_LENGTH[String(unit.Name?.value ?? '').toUpperCase()] ?? null;
}

/** The project's length unit in metres (IfcProject.UnitsInContext, LENGTHUNIT); 1 when the file has none. */
function lengthUnitOf(api: WebIfc.IfcAPI, modelId: number): number {
  for (const id of ids(api.GetLineIDsWithType(modelId, WebIfc.IFCPROJECT))) {
    const project = api.GetLine(modelId, id, true);
    for (const u of project.UnitsInContext?.Units ?? []) {
      if (u?.UnitType?.value !== 'LENGTHUNIT') continue;
      const m = metresPerUnit(u);
      if (m) return m;
    }
  }
  return 1;
}

const round4 = (v: number) => Math.round(v * 1e4) / 1e4;

/**
 * expressID of element → storey name. Elements may be contained in a storey, or in a space or zone
 * that is itself part of a storey (duplex.ifc puts furniture in rooms), and parts of an element
 * (a stair's flights) are aggregated into it: all of them resolve to the storey above.
 */
function containmentIndex(api: WebIfc.IfcAPI, modelId: number): Map<number, string> {
  const storeyNames = new Map<number, string>();
  for (const id of ids(api.GetLineIDsWithType(modelId, WebIfc.IFCBUILDINGSTOREY))) {
    storeyNames.set(id, text(api.GetLine(modelId, id).Name) || `#${id}`);
  }
  const parent = new Map<number, number>();
  for (const rel of ids(api.GetLineIDsWithType(modelId, WebIfc.IFCRELAGGREGATES))) {
    const line = api.GetLine(modelId, rel);
    for (const child of line.RelatedObjects ?? []) parent.set(child.value, line.RelatingObject?.value);
  }
  for (const rel of ids(api.GetLineIDsWithType(modelId, WebIfc.IFCRELCONTAINEDINSPATIALSTRUCTURE))) {
    const line = api.GetLine(modelId, rel);
    for (const el of line.RelatedElements ?? []) parent.set(el.value, line.RelatingStructure?.value);
  }
  const out = new Map<number, string>();
  const resolve = (id: number): string | undefined => {
    let at: number | undefined = id;
    for (let depth = 0; at !== undefined && depth < 16; depth++) {
      const storey = storeyNames.get(at);
      if (storey !== undefined) return storey;
      at = parent.get(at);
    }
    return undefined;
  };
  for (const id of parent.keys()) {
    const storey = resolve(id);
    if (storey !== undefined && !storeyNames.has(id)) out.set(id, storey);
  }
  return out;
}

export function ids(v: WebIfc.Vector<number>): number[] {
  const out: number[] = [];
  for (let i = 0; i < v.size(); i++) out.push(v.get(i));
  return out;
}

export function text(v: { value?: unknown } | null | undefined): string {
  return v && v.value != null ? String(v.value) : '';
}

/** web-ifc names types in capitals (IFCWALLSTANDARDCASE); the schema spells them IfcWallStandardCase. */
function typeName(upper: string): string {
  return IFC_TYPE_NAMES.get(upper) ?? upper;
}

const IFC_TYPE_NAMES = new Map<string, string>(
  [WebIfc.IFC2X3, WebIfc.IFC4, WebIfc.IFC4X3].flatMap((schema) => Object.keys(schema)).filter((k) => /^Ifc[A-Z]/.test(k)).map((k) => [k.toUpperCase(), k]),
);
