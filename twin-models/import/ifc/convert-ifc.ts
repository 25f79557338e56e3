/**
 * IFC → GLB for one building: element identity kept, empty geometry skipped, compressed, validated.
 * Writes `<name>.glb`, `<name>.elements.json` (the element index) and `<name>.shell.glb` (the
 * exterior the overview draws close up: bim-shell.ts) together or not at all.
 */
import { performance } from 'node:perf_hooks';
import { basename } from 'node:path';
import { openIfc, IfcImportError } from './ifc-model.ts';
import { readIfcGeoreference, type IfcGeoreference } from './ifc-georef.ts';
import { ifcToDocument, type ElementIndexEntry, type IfcConversionStats } from './ifc-to-gltf.ts';
import { optimiseToGlb } from '../gltf/optimise-glb.ts';
import { validateGlb, type GlbReport } from '../gltf/validate-glb.ts';
import { AtomicOutput } from '../output/atomic-output.ts';
import { buildShell } from './bim-shell.ts';

export interface ElementIndexFile {
  source: string;
  schema: string;
  /** Metres per length unit of the IFC file (every length here is already in metres). */
  lengthUnitM: number;
  /** The file's own georeference, as read (manifest placement is derived from it by add-building). */
  georef: IfcGeoreference;
  storeys: { globalId: string; name: string; elevationM: number }[];
  /** Elements with geometry; rooms (IfcSpace) among them have `room: true`. */
  elements: ElementIndexEntry[];
}

export interface IfcConversionResult {
  glbPath: string;
  indexPath: string;
  glbBytes: number;
  /** The BIM shell, when the model has elements of a shell class (walls, slabs, roofs, windows…). */
  shell: { path: string; bytes: number; triangles: number; simplified: boolean } | null;
  schema: string;
  stats: IfcConversionStats;
  validation: GlbReport;
  ms: number;
}

export interface ConvertIfcOptions {
  /** Folder the GLB and element index go to. */
  outDir: string;
  /** File stem of the outputs (default: the IFC file's name without extension). */
  name?: string;
  compress?: boolean;
  onProgress?: (stage: string, done: number, total: number) => void;
}

export async function convertIfc(ifcPath: string, opts: ConvertIfcOptions): Promise<IfcConversionResult> {
  const t0 = performance.now();
  const name = opts.name ?? basename(ifcPath).replace(/\.ifc$/i, '');
  opts.onProgress?.('parse', 0, 1);
  const model = await openIfc(ifcPath);
  let built;
  let georef: IfcGeoreference;
  try {
    opts.onProgress?.('parse', 1, 1);
    georef = readIfcGeoreference(model.api, model.modelId, model.lengthUnitM);
    built = ifcToDocument(model, (d, t) => opts.onProgress?.('geometry', d, t));
  } finally {
    model.close();
  }
  if (built.stats.elements === built.stats.rooms) throw new IfcImportError(`ifc: ${ifcPath} has no element with geometry${built.stats.rooms ? ` other than ${built.stats.rooms} rooms` : ''}; nothing to show`);
  // The shell is baked from the document before compression quantises its accessors.
  opts.onProgress?.('shell', 0, 1);
  const shell = await buildShell(built.document, name);
  opts.onProgress?.('compress', 0, 1);
  const glb = await optimiseToGlb(built.document, { compress: opts.compress });
  opts.onProgress?.('validate', 0, 1);
  const validation = await validateGlb(glb, `${name}.glb`);
  if (validation.errors > 0) {
    throw new IfcImportError(`ifc: ${ifcPath} converted to an invalid GLB (${validation.errors} errors): ${validation.messages.join('; ')}`);
  }
  const index: ElementIndexFile = { source: basename(ifcPath), schema: model.schema, lengthUnitM: model.lengthUnitM, georef, storeys: model.storeys, elements: built.elements };
  const out = await AtomicOutput.begin(opts.outDir);
  try {
    await out.write(`${name}.glb`, glb);
    await out.write(`${name}.elements.json`, JSON.stringify(index));
    if (shell) await out.write(`${name}.shell.glb`, shell.glb);
    const [glbPath, indexPath, shellPath] = await out.commit();
    opts.onProgress?.('done', 1, 1);
    return { glbPath, indexPath, glbBytes: glb.byteLength, shell: shell && { path: shellPath, bytes: shell.glb.byteLength, triangles: shell.triangles, simplified: shell.simplified }, schema: model.schema, stats: built.stats, validation, ms: performance.now() - t0 };
  } catch (e) {
    await out.abandon();
    throw e;
  }
}
