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
  /** Elevation above the building's zero, metres (0 when the file leaves it unset). */
  elevationM: number;
}

export interface OpenedIfc {
  api: WebIfc.IfcAPI;
  modelId: number;
  schema: string;
  storeys: IfcStorey[];
  /** Elements by expressID; filled lazily for elements that have geometry. */
  element(expressId: number): IfcElementInfo;
  close(): void;
}

const SUPPORTED_SCHEMAS = new Set(['IFC2X3', 'IFC4', 'IFC4X3', 'IFC4X3_ADD2', 'IFC4X3_RC4']);

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
  const head = bytes.subarray(0, 64).toString('latin1');
  if (!head.startsWith('ISO-10303-21')) {
    throw new IfcImportError(`ifc: ${path} is not an IFC STEP file (it does not start with ISO-10303-21; IFC-XML and ifcZIP are not supported, export IFC STEP .ifc)`);
  }
  const api = await ifcApi();
  // COORDINATE_TO_ORIGIN off: the file's own placement is the building's position, which we keep.
  const modelId = api.OpenModel(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), { COORDINATE_TO_ORIGIN: false });
  if (modelId < 0) throw new IfcImportError(`ifc: web-ifc could not open ${path}`);
  const schema = api.GetModelSchema(modelId);
  if (!SUPPORTED_SCHEMAS.has(String(schema).toUpperCase())) {
    api.CloseModel(modelId);
    throw new IfcImportError(`ifc: ${path} uses schema ${schema}; supported are IFC2X3, IFC4 and IFC4X3`);
  }

  const storeyOf = containmentIndex(api, modelId);
  const storeys: IfcStorey[] = [];
  for (const id of ids(api.GetLineIDsWithType(modelId, WebIfc.IFCBUILDINGSTOREY))) {
    const line = api.GetLine(modelId, id);
    storeys.push({ globalId: text(line.GlobalId), name: text(line.Name) || `#${id}`, elevationM: Number(line.Elevation?.value ?? 0) });
  }
  storeys.sort((a, b) => a.elevationM - b.elevationM);

  const cache = new Map<number, IfcElementInfo>();
  return {
    api, modelId, schema, storeys,
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

function ids(v: WebIfc.Vector<number>): number[] {
  const out: number[] = [];
  for (let i = 0; i < v.size(); i++) out.push(v.get(i));
  return out;
}

function text(v: { value?: unknown } | null | undefined): string {
  return v && v.value != null ? String(v.value) : '';
}

/** web-ifc names types in capitals (IFCWALLSTANDARDCASE); the schema spells them IfcWallStandardCase. */
function typeName(upper: string): string {
  return IFC_TYPE_NAMES.get(upper) ?? upper;
}

const IFC_TYPE_NAMES = new Map<string, string>(
  [WebIfc.IFC2X3, WebIfc.IFC4, WebIfc.IFC4X3].flatMap((schema) => Object.keys(schema)).filter((k) => /^Ifc[A-Z]/.test(k)).map((k) => [k.toUpperCase(), k]),
);
